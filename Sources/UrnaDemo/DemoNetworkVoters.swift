import Foundation
import UrnaClient
import UrnaCrypto
import UrnaHTTP
import UrnaLedger
import UrnaRecord

/// The honest voters of `urna demo --server`: `clients` threads, each with its own connection
/// and its own ``RemoteElection`` (the ledger key pinned by fingerprint), taking voters in turn.
/// Each voter gets its token blindly, maybe spoils a ballot first, casts, maybe re-votes, and
/// checks every receipt: the ledger's signature, the inclusion proof, and a cosignature from
/// every witness on the receipt's checkpoint.
final class DemoNetworkVoters: @unchecked Sendable {
    let serviceURL: String
    let electionID: String
    let pin: LedgerKeyPin
    let witnesses: [NoteVerifier]
    let letters: [VoterLetter]
    let revoting: Bool
    let book = DemoTally()
    private let lock = NSLock()
    private var next = 0
    private var receipts = 0
    private var fullyCosigned = 0
    private var largestCheckpoint: UInt64 = 0
    private var audited = 0

    init(serviceURL: String, electionID: String, pin: LedgerKeyPin, witnesses: [NoteVerifier], letters: [VoterLetter], revoting: Bool) {
        self.serviceURL = serviceURL
        self.electionID = electionID
        self.pin = pin
        self.witnesses = witnesses
        self.letters = letters
        self.revoting = revoting
    }

    /// Receipts checked, those carrying every witness's cosignature, the largest checkpoint size
    /// among them, and the spoiled ballots their voters found published as they made them.
    var receiptFigures: (receipts: Int, cosigned: Int, largestCheckpoint: UInt64, audited: Int) {
        lock.withLock { (receipts, fullyCosigned, largestCheckpoint, audited) }
    }

    /// A client of its own (a connection and a `RemoteElection`), as each voter thread has.
    func connect() throws -> (client: HTTPClient, remote: RemoteElection) {
        let client = try RemoteConnection.client(baseURL: serviceURL, caFile: nil, timeout: 120)
        // Voters pin both witnesses: the view they vote in must be the one the witnesses saw.
        return (client, try RemoteElection(client: client, electionID: electionID, pin: pin,
                                           witnesses: WitnessPolicy(verifiers: witnesses)))
    }

    func run(clients: Int, progress: DemoElection.Progress) throws {
        let total = letters.count
        let step = max(1, total / 20)
        // Threads of their own (not `concurrentPerform`, which runs as many as there are cores):
        // each client spends most of its time waiting for the service.
        let group = DispatchGroup()
        for number in 0..<max(1, min(clients, total)) {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                let connection: (client: HTTPClient, remote: RemoteElection)
                do {
                    connection = try connect()
                } catch {
                    book.fail(error)
                    return
                }
                defer { connection.client.close() }
                while !book.failed, let index = take() {
                    do {
                        let done = try vote(index, remote: connection.remote)
                        if done % step == 0 || done == total { progress.bar("voting over HTTP", done, total) }
                    } catch {
                        book.fail(DemoError("voter \(index + 1): \(error)"))
                    }
                }
            }
            thread.name = "urna-demo-client-\(number + 1)"
            thread.start()
        }
        group.wait()
        if let failure = book.firstFailure { throw DemoError("an honest voter was refused or shown something false: \(failure)") }
    }

    private func take() -> Int? {
        lock.withLock {
            guard next < letters.count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    private func vote(_ index: Int, remote: RemoteElection) throws -> Int {
        let letter = letters[index]
        let context = try remote.context().context
        guard let tokenKey = context.tokenKeys[letter.district] else { throw DemoError("no token key for \(letter.district)") }
        let request = try TokenRequest.make(electionID: context.manifest.electionID, district: letter.district, tokenKey: tokenKey)
        // Blind issuance over HTTP: the service signs the blinded message, the client unblinds
        // and verifies under the token key of the verified election entry.
        let token = try remote.token(for: request, pseudonym: letter.pseudonym, activationCode: letter.code.displayed)
        var generator = SystemRandomNumberGenerator()
        func encrypt(_ choices: [String: Set<String>]) throws -> (Ballot, BallotBuilder.Secrets) {
            try BallotBuilder.encrypt(election: context, district: letter.district, choices: choices,
                                      credential: request.credential, token: token)
        }
        // An auditing voter spoils a ballot first (Benaloh challenge) and, once its cast ballot's
        // checkpoint covers it, checks the record publishes exactly that ballot, opened.
        var audit: (spoiled: SpoiledBody, recorded: RecordedBallot)?
        if index % 10 == 3 {
            let (ballot, secrets) = try encrypt(DemoManifest.randomChoices(manifest: context.manifest, district: letter.district,
                                                                          using: &generator))
            let spoiled = SpoiledBody(ballot: ballot, secrets: secrets)
            audit = (spoiled, try remote.spoil(spoiled))
            book.spoiled()
        }
        var choices = DemoManifest.randomChoices(manifest: context.manifest, district: letter.district, using: &generator)
        var (ballot, _) = try encrypt(choices)
        try check(try remote.cast(ballot), remote: remote)
        if let audit {
            let published = try remote.spoiledBallot(seq: audit.recorded.seq, trackingCode: audit.recorded.trackingCode)
            guard published == audit.spoiled else {
                throw DemoError("the record's spoiled ballot at entry \(audit.recorded.seq) is not the one this voter spoiled")
            }
            lock.withLock { audited += 1 }
        }
        if revoting && index % 10 == 7 {
            choices = DemoManifest.randomChoices(manifest: context.manifest, district: letter.district, using: &generator)
            (ballot, _) = try encrypt(choices)
            try check(try remote.cast(ballot), remote: remote)
            book.revoted()
        }
        return book.voted(index, district: letter.district, choices: choices,
                          sample: DemoTally.Sample(letter: letter, credential: request.credential, token: token, ballot: ballot))
    }

    /// The receipt's checkpoint is signed by the pinned key, proves the entry's inclusion
    /// (`RemoteElection.cast` checked both; checked again here offline, as a voter's tool would),
    /// and carries a valid cosignature from every witness.
    private func check(_ receipt: Receipt, remote: RemoteElection) throws {
        let ledgerKey = try remote.ledgerKey()
        let checkpoint = try ReceiptVerifier.verifyOffline(receipt, ledgerKey: ledgerKey)
        let cosigned = try Self.cosignedByAll(receipt.checkpoint, ledgerKey: ledgerKey, witnesses: witnesses)
        lock.withLock {
            receipts += 1
            if cosigned { fullyCosigned += 1 }
            largestCheckpoint = max(largestCheckpoint, checkpoint.size)
        }
    }

    /// Whether the ledger-signed `note` carries a valid cosignature from every witness; false
    /// when one is missing, a throw when a witness's cosignature line does not verify (forged).
    static func cosignedByAll(_ note: String, ledgerKey: CheckpointVerifier, witnesses: [NoteVerifier]) throws -> Bool {
        do {
            return try ledgerKey.verifyCosigned(note, cosigners: witnesses, quorum: witnesses.count).cosignatures.count == witnesses.count
        } catch let error as LedgerError where error.code == .cosignatureQuorum {
            return false
        }
    }
}
