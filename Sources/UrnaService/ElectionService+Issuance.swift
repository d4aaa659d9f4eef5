import UrnaCrypto
import UrnaLedgerStore
import UrnaRecord

extension ElectionService {
    /// Issuance entries are flushed once this many tokens are unpublished (and always before close).
    public static let issuanceBatchSize = 64

    /// Blind-signs a voter's token request (`Specs/election-record.md` §6): the pseudonym and
    /// activation code of the voter's letter, checked against the code's commitment on the
    /// registrar's roll; at most once per pseudonym: the same blinded message again returns the
    /// same blind signature, a different one is refused. The code is kept until the next
    /// issuance batch publishes it beside the pseudonym (§4.6).
    /// - Parameter district: the district whose token key the voter blinded for. A request for
    ///   another district than the pseudonym's own on the roll is refused before anything is
    ///   recorded, so a mistaken district never burns the voter's only token.
    public func issueToken(pseudonym: Pseudonym, activationCode: String, district: String? = nil,
                           blindedMessage: [UInt8]) throws -> [UInt8] {
        try phaseGate.shared {
            try issueTokenWhileOpen(pseudonym: pseudonym, activationCode: activationCode, district: district, blindedMessage: blindedMessage)
        }
    }

    /// The district of a pseudonym on the roll, for a holder of its activation code (the client
    /// then blinds its token request for that district's key).
    public func voterDistrict(pseudonym: Pseudonym, activationCode: String) throws -> String {
        try lock.withLock { try state.require([.open], for: "look up a voter's district") }
        return try authenticate(pseudonym: pseudonym, activationCode: activationCode).district
    }

    /// Checks the code against the pseudonym's commitment on the roll; returns the district and
    /// the code's canonical form.
    private func authenticate(pseudonym: Pseudonym, activationCode: String) throws -> (district: String, code: String) {
        let code = try Self.wrap("activation code") { try ActivationCode.parse(activationCode) }
        let (voter, electionID) = lock.withLock { (state.eligibility?.voter(pseudonym), state.eligibility?.electionID ?? "") }
        // One message for an unknown pseudonym and a wrong code: the answer must not reveal who is on the roll.
        guard let voter, code.matches(commitment: voter.commitment.bytes, electionID: electionID, pseudonym: pseudonym.bytes) else {
            throw ServiceError(.notAuthorized, "pseudonym and activation code do not match the roll; check both against your letter")
        }
        return (voter.district, code.canonical)
    }

    private func issueTokenWhileOpen(pseudonym: Pseudonym, activationCode: String, district: String?,
                                     blindedMessage: [UInt8]) throws -> [UInt8] {
        try lock.withLock { try state.require([.open], for: "issue a token") }
        let voter = try authenticate(pseudonym: pseudonym, activationCode: activationCode)
        if let district, district != voter.district {
            throw ServiceError(.voterOtherDistrict,
                               "this pseudonym is on the roll of district '\(voter.district)', not '\(TerminalText.escaped(district))'; nothing was recorded — ask again for '\(voter.district)' (urna vote finds the district itself when --district is left out)")
        }
        guard let key = tokenKeys[voter.district] else {
            throw ServiceError(.internalFailure, "no token key for district '\(voter.district)'")
        }
        let blindedHash = SHA256.hash(blindedMessage)
        // A pseudonym already served gets the stored answer (same request) or a refusal, without a new signature.
        if let answer = try storedIssuance(pseudonym: pseudonym, blindedHash: blindedHash) { return answer }
        // Sign outside the store's lock, on the request's own thread (RSA-3072 costs over a
        // millisecond; concurrent requests sign on every core). The group commit decides who
        // wins a race, and answers only once the row is durable.
        let signature = try Self.wrap("blind signature") { try key.blindSign(blindedMessage) }
        let stored = try issuanceCommitter.commit(.init(pseudonym: pseudonym.hex, district: voter.district, code: voter.code,
                                                        blindedHash: blindedHash, signature: signature))
        // The token is issued (its row is durable): a failure to publish the batch now must not
        // turn into a refusal. The rows stay unpublished; the next request, closing, or the next
        // start publishes them.
        try? flushIssuanceIfDue()
        return stored
    }

    /// Publishes the unpublished issuances once a batch is full. A flush already running is
    /// not waited for: it or the next request publishes the rest.
    private func flushIssuanceIfDue() throws {
        guard try issuanceCommitter.unpublishedCount() >= Self.issuanceBatchSize else { return }
        guard issuanceFlushLock.try() else { return }
        issuanceFlushLock.unlock()
        try flushIssuance()
    }

    /// The blind signature already given to `pseudonym` for this request, nil if none was given;
    /// throws `already-issued` if it was served for a different request.
    private func storedIssuance(pseudonym: Pseudonym, blindedHash: [UInt8]) throws -> [UInt8]? {
        // On the reader: a commit in progress is not waited for (the group commit checks again).
        try privateStore.read { db in try Self.storedIssuance(db, pseudonym: pseudonym, blindedHash: blindedHash) }
    }

    private static func storedIssuance(_ db: SQLiteDatabase, pseudonym: Pseudonym, blindedHash: [UInt8]) throws -> [UInt8]? {
        let existing = try db.prepare("SELECT blinded_hash, blind_signature FROM issuance WHERE pseudonym = ?")
        try existing.bind(1, pseudonym.hex)
        guard try existing.step() else { return nil }
        guard existing.blob(0) == blindedHash else {
            throw ServiceError(.alreadyIssued, "a token was already issued for this pseudonym, for a different request")
        }
        return existing.blob(1)
    }

    /// Publishes every unpublished issuance as one `issuance` entry: per district, each
    /// pseudonym with the code it presented.
    public func flushIssuance() throws {
        try issuanceFlushLock.withLock {
            let pending = try privateStore.locked { db -> [(district: String, pseudonym: String, code: String)] in
                let statement = try db.prepare("SELECT district, pseudonym, code FROM issuance WHERE published = 0")
                var rows: [(String, String, String)] = []
                while try statement.step() { rows.append((statement.text(0), statement.text(1), statement.text(2))) }
                return rows
            }
            // Rows an earlier flush published whose marking then failed (a full disk, a moved
            // private store): marked now, never published twice (the record would be invalid).
            let published = try markAlreadyPublished(pending.map(\.pseudonym))
            let fresh = pending.filter { !published.contains($0.pseudonym) }
            guard !fresh.isEmpty else { return }
            var districts: [String: [String: String]] = [:]
            for row in fresh { districts[row.district, default: [:]][row.pseudonym] = row.code }
            try append(.issuance, IssuanceBody(districts: districts))
            try markPublished(fresh.map(\.pseudonym))
        }
    }

    private func markPublished(_ pseudonyms: [String]) throws {
        try privateStore.transaction { db in
            let update = try db.prepare("UPDATE issuance SET published = 1 WHERE pseudonym = ?")
            for pseudonym in pseudonyms {
                try update.bind(1, pseudonym)
                try update.run()
            }
        }
        issuanceCommitter.published(pseudonyms.count)
    }

    /// After a crash between appending an issuance entry and marking its rows, the ledger
    /// already holds them: mark them so they are never published twice.
    func reconcileIssuance() throws {
        let unmarked = try privateStore.locked { db -> [String] in
            let statement = try db.prepare("SELECT pseudonym FROM issuance WHERE published = 0")
            var rows: [String] = []
            while try statement.step() { rows.append(statement.text(0)) }
            return rows
        }
        _ = try markAlreadyPublished(unmarked)
    }

    /// Marks those of `pseudonyms` that the ledger already shows as issued; returns them.
    private func markAlreadyPublished(_ pseudonyms: [String]) throws -> Set<String> {
        let eligibility = lock.withLock { state.eligibility }
        let toMark = pseudonyms.filter { Pseudonym(hex: $0).flatMap { eligibility?.voter($0)?.issued } == true }
        if !toMark.isEmpty { try markPublished(toMark) }
        return Set(toMark)
    }

    /// Tokens issued per district (published or not).
    public func issuedCounts() throws -> [String: Int] {
        try privateStore.locked { db in
            let statement = try db.prepare("SELECT district, COUNT(*) FROM issuance GROUP BY district")
            var counts: [String: Int] = [:]
            while try statement.step() { counts[statement.text(0)] = Int(statement.int64(1)) }
            return counts
        }
    }
}
