import UrnaCrypto
import UrnaLedgerStore
import UrnaRecord

extension ElectionService {
    /// Issuance entries are flushed once this many tokens are unpublished (and always before close).
    public static let issuanceBatchSize = 64

    /// Blind-signs a voter's token request (`Specs/election-record.md` §6): at most once per voter;
    /// the same blinded message again returns the same blind signature, a different one is refused.
    /// - Parameter district: the district whose token key the voter blinded for. A request for
    ///   another district than the voter's own on the roll is refused before anything is
    ///   recorded, so a mistaken district never burns the voter's only token.
    public func issueToken(voterID: String, activationCode: String, district: String? = nil,
                           blindedMessage: [UInt8]) throws -> [UInt8] {
        try phaseGate.shared {
            try issueTokenWhileOpen(voterID: voterID, activationCode: activationCode, district: district, blindedMessage: blindedMessage)
        }
    }

    /// The district of a voter on the roll, for a holder of the voter's activation code (the
    /// client then blinds its token request for that district's key).
    public func voterDistrict(voterID: String, activationCode: String) throws -> String {
        try lock.withLock { try state.require([.open], for: "look up a voter's district") }
        return try authenticate(voterID: voterID, activationCode: activationCode).district
    }

    private func authenticate(voterID: String, activationCode: String) throws -> (district: String, salt: [UInt8], hash: [UInt8]) {
        let code = try Self.wrap("activation code") { try ActivationCode.parse(activationCode) }
        let voter = try privateStore.locked { db -> (district: String, salt: [UInt8], hash: [UInt8])? in
            let statement = try db.prepare("SELECT district, salt, code_hash FROM roll WHERE voter_id = ?")
            try statement.bind(1, voterID)
            return try statement.step() ? (statement.text(0), statement.blob(1), statement.blob(2)) : nil
        }
        // One message for an unknown voter and a wrong code: the answer must not reveal who is on the roll.
        guard let voter, code.matches(keyedHash: voter.hash, commissionSecret: commissionSecret, salt: voter.salt) else {
            throw ServiceError(.notAuthorized, "voter id and activation code do not match the roll")
        }
        return voter
    }

    private func issueTokenWhileOpen(voterID: String, activationCode: String, district: String?,
                                     blindedMessage: [UInt8]) throws -> [UInt8] {
        try lock.withLock { try state.require([.open], for: "issue a token") }
        let voter = try authenticate(voterID: voterID, activationCode: activationCode)
        if let district, district != voter.district {
            throw ServiceError(.voterOtherDistrict,
                               "this voter is on the roll of district '\(voter.district)', not '\(district)'; nothing was recorded — ask again for '\(voter.district)' (urna vote finds the district itself when --district is left out)")
        }
        guard let key = tokenKeys[voter.district] else {
            throw ServiceError(.internalFailure, "no token key for district '\(voter.district)'")
        }
        let blindedHash = SHA256.hash(blindedMessage)
        // A voter already served gets the stored answer (same request) or a refusal, without a new signature.
        if let answer = try storedIssuance(voterID: voterID, blindedHash: blindedHash) { return answer }
        let pseudonym = try Self.wrap("pseudonym") { try voterPseudonym(voterID) }
        // Sign outside the store's lock (RSA-3072 costs over a millisecond); the insert decides who wins a race.
        let signature = try Self.wrap("blind signature") { try key.blindSign(blindedMessage) }
        let stored = try privateStore.transaction { db -> [UInt8] in
            if let answer = try Self.storedIssuance(db, voterID: voterID, blindedHash: blindedHash) { return answer }
            let insert = try db.prepare("""
                INSERT INTO issuance (voter_id, district, blinded_hash, blind_signature, pseudonym) VALUES (?, ?, ?, ?, ?)
                """)
            try insert.bind(1, voterID)
            try insert.bind(2, voter.district)
            try insert.bind(3, blindedHash)
            try insert.bind(4, signature)
            try insert.bind(5, pseudonym)
            try insert.run()
            return signature
        }
        if try unpublishedIssuances() >= Self.issuanceBatchSize { try flushIssuance() }
        return stored
    }

    /// The blind signature already given to `voterID` for this request, nil if none was given;
    /// throws `already-issued` if the voter was served for a different request.
    private func storedIssuance(voterID: String, blindedHash: [UInt8]) throws -> [UInt8]? {
        try privateStore.locked { db in try Self.storedIssuance(db, voterID: voterID, blindedHash: blindedHash) }
    }

    private static func storedIssuance(_ db: SQLiteDatabase, voterID: String, blindedHash: [UInt8]) throws -> [UInt8]? {
        let existing = try db.prepare("SELECT blinded_hash, blind_signature FROM issuance WHERE voter_id = ?")
        try existing.bind(1, voterID)
        guard try existing.step() else { return nil }
        guard existing.blob(0) == blindedHash else {
            throw ServiceError(.alreadyIssued, "a token was already issued to this voter for a different request")
        }
        return existing.blob(1)
    }

    /// `HMAC-SHA256(commission secret, LP("urna/v1/voter-pseudonym", election id, voter id))`.
    func voterPseudonym(_ voterID: String) throws -> [UInt8] {
        let electionID = lock.withLock { state.manifest?.electionID ?? "" }
        return try HMACSHA256.authenticate(
            key: commissionSecret,
            message: DomainHash.encode(tag: "urna/v1/voter-pseudonym", [Array(electionID.utf8), Array(voterID.utf8)]))
    }

    func unpublishedIssuances() throws -> Int {
        try privateStore.locked { db in Int(try db.scalar("SELECT COUNT(*) FROM issuance WHERE published = 0") ?? 0) }
    }

    /// Publishes every unpublished issuance as one `issuance` entry, sorted per district.
    public func flushIssuance() throws {
        try issuanceFlushLock.withLock {
            let pending = try privateStore.locked { db -> [(String, [UInt8])] in
                let statement = try db.prepare("SELECT district, pseudonym FROM issuance WHERE published = 0")
                var rows: [(String, [UInt8])] = []
                while try statement.step() { rows.append((statement.text(0), statement.blob(1))) }
                return rows
            }
            guard !pending.isEmpty else { return }
            var districts: [String: [[UInt8]]] = [:]
            for (district, pseudonym) in pending { districts[district, default: []].append(pseudonym) }
            try append(.issuance, IssuanceBody(districts: districts))
            try markPublished(pending.map(\.1))
        }
    }

    private func markPublished(_ pseudonyms: [[UInt8]]) throws {
        try privateStore.transaction { db in
            let update = try db.prepare("UPDATE issuance SET published = 1 WHERE pseudonym = ?")
            for pseudonym in pseudonyms {
                try update.bind(1, pseudonym)
                try update.run()
            }
        }
    }

    /// After a crash between appending an issuance entry and marking its rows, the ledger
    /// already holds them: mark them so they are never published twice.
    func reconcileIssuance() throws {
        let published = lock.withLock { state.publishedPseudonyms }
        let unmarked = try privateStore.locked { db -> [[UInt8]] in
            let statement = try db.prepare("SELECT pseudonym FROM issuance WHERE published = 0")
            var rows: [[UInt8]] = []
            while try statement.step() { rows.append(statement.blob(0)) }
            return rows
        }
        let toMark = unmarked.filter { published.contains($0) }
        if !toMark.isEmpty { try markPublished(toMark) }
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
