import Foundation
import UrnaAPI
import UrnaCrypto
import UrnaLedger
import UrnaRecord
import UrnaDemo
import UrnaService
import UrnaVerifier

enum ElectionCommand {
    static let subcommands = Subcommands(command: "election", entries: [
        ("create", "create --dir DIR --manifest FILE --registrar FILE --trustee FILE [--trustee FILE…] --threshold K [--origin NAME] [--token-bits N]", create),
        ("status", "status --dir DIR", StatusCommand.run),
        ("open", "open --dir DIR        (publishes the joint key if needed, then opens voting)", open),
        ("close", "close --dir DIR", close),
        ("tally", "tally --dir DIR       (publishes the encrypted aggregates for the trustees)", tally),
        ("publish", "publish --dir DIR     (combines the trustees' shares into the result)", publish),
        ("results", ResultsCommand.usage, ResultsCommand.run),
    ], details: [
        "create": """
        Creates a new election in DIR (a new or empty folder), atomically: an interrupt leaves
        no election behind. Check the manifest first with 'urna manifest check FILE'.
          --manifest FILE    the election's manifest (see 'Manifest and roll' in README.md)
          --registrar FILE   the registrar's registration from 'urna registrar init --public-out'
                             (its identity key and the number of voters per district)
          --trustee FILE     a trustee's public info from 'urna trustee init --public-out'; repeat,
                             one per trustee, in order (trustee 1, 2, …)
          --threshold K      how many trustees must take part in decrypting (1…number of trustees)
          --origin NAME      the ledger's checkpoint origin (default urna.local/ELECTION-ID)
          --token-bits N     RSA modulus of the districts' token keys (default 3072)
        Prints the ledger key and its fingerprint: publish them out of band.
        """,
    ])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    static func create(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "manifest", "registrar", "trustee", "threshold", "origin", "token-bits"])
        let manifestPath = try args.required("manifest")
        let manifest = try ManifestFile.load(path: manifestPath)  // names the file, line, column and field
        let trusteeFiles = args.all("trustee")
        guard !trusteeFiles.isEmpty else { throw Arguments.UsageError(description: "at least one --trustee FILE is required") }
        let trustees = try trusteeFiles.map { path in
            do {
                return try CanonicalJSON.decodeInput(TrusteePublicInfo.self, from: Files.read(path))
            } catch let error as RecordError {
                throw FileError(description: "--trustee \(Console.safe(path)) is not a trustee's public info (\(Console.safe(error.reason))); give the file written by 'urna trustee init --public-out'")
            }
        }
        let registrarPath = try args.required("registrar")
        let registrar: RegistrarInfo
        do {
            registrar = try CanonicalJSON.decodeInput(RegistrarInfo.self, from: Files.read(registrarPath))
        } catch let error as RecordError {
            throw FileError(description: "--registrar \(Console.safe(registrarPath)) is not a registrar's registration (\(Console.safe(error.reason))); give the file written by 'urna registrar init --public-out'")
        }
        let threshold = try args.integer("threshold", default: 0, in: 1...trustees.count)
        let bits = try args.integer("token-bits", default: BlindRSA.defaultModulusBits, in: BlindRSA.minimumModulusBits...BlindRSA.maximumModulusBits)
        let service = try ElectionService.create(directory: try args.directory(), manifest: manifest, trustees: trustees,
                                                 threshold: threshold, registrar: registrar, origin: args.optional("origin"), tokenKeyBits: bits,
                                                 progress: Console.progress)
        defer { service.close() }
        print("created election '\(Console.safe(manifest.electionID))' in \(Console.safe(service.directory.path)) (phase: setup)")
        print("ledger key: \(Console.safe(service.ledgerVerifierKey))")
        print("registrar '\(Console.safe(registrar.name))': identity key fingerprint \(registrar.fingerprint), \(registrar.totalVoters) voter(s) announced")
        print("ledger key fingerprint: \(LedgerKeyFingerprint.of(service.ledgerVerifierKey))  (publish it out of band; observers compare it with scrutineer's report)")
    }

    /// Opens the election for a command that changes it (pausing a running `urna serve`): waits (up to `URNA_LOCK_WAIT` seconds,
    /// default 30) for another process holding it, and tells the user about anything finished
    /// on open (an interrupted roll import).
    static func withService(_ arguments: [String], _ body: (ElectionService) throws -> Void) throws {
        let args = try Arguments(arguments, valued: ["dir"])
        let directory = try args.directory()
        // A running `urna serve` pauses (releasing the election) until this command is done.
        let pause = try AdminPause.request(directory: directory, notice: Console.progress)
        defer { pause?.release() }
        let service = try ElectionService.open(directory: directory, waitForLock: lockWait, waiting: Console.progress)
        defer { service.close() }
        for notice in service.notices { Console.progress(notice) }
        try body(service)
    }

    static var lockWait: TimeInterval {
        guard let text = ProcessInfo.processInfo.environment["URNA_LOCK_WAIT"] else { return 30 }
        guard let seconds = TimeInterval(text), seconds.isFinite, seconds >= 0 else {
            Console.progress("warning: URNA_LOCK_WAIT='\(Console.safe(text))' is not a number of seconds; waiting up to 30 s")
            return 30
        }
        return min(seconds, 86_400)
    }

    /// Like ``withService(_:_:)``, returning the body's value.
    static func withServiceResult<T>(_ arguments: [String], _ body: (ElectionService) throws -> T) throws -> T {
        var value: T?
        try withService(arguments) { value = try body($0) }
        guard let value else { throw ServiceError(.internalFailure, "no value") }
        return value
    }

    /// For commands that only read (`status`, `results`, `export`): no lock and no write, so
    /// they work while another process holds the election, and on a read-only copy.
    static func withReader(_ arguments: [String], _ body: (ElectionService) throws -> Void) throws {
        let args = try Arguments(arguments, valued: ["dir"])
        let service = try ElectionService.open(directory: try args.directory(), readOnly: true)
        defer { service.close() }
        try body(service)
    }

    // A phase change run again once its phase is reached (a rerun after an interrupt) says so
    // and succeeds; from any other phase it is refused with what comes next.

    static func open(_ arguments: [String]) throws {
        try withService(arguments) { service in
            guard service.phase != .open else { return print("voting is already open") }
            try service.openVoting()
            print("voting is open")
        }
    }

    static func close(_ arguments: [String]) throws {
        try withService(arguments) { service in
            guard service.phase != .closed else { return print("voting is already closed") }
            try service.closeVoting()
            print("voting is closed")
        }
    }

    static func tally(_ arguments: [String]) throws {
        try withService(arguments) { service in
            if service.phase == .tallied, let tally = service.tallyBody {
                return print("the encrypted tally is already published (\(countedBallots(tally)) counted ballot(s)); trustees can decrypt")
            }
            let tally = try service.tally { done, total in Console.bar("aggregating", done, total) }
            print("published the encrypted tally of \(countedBallots(tally)) counted ballot(s); trustees can now decrypt")
        }
    }

    static func countedBallots(_ tally: TallyBody) -> Int {
        tally.districts.values.compactMap { $0.values.first?.ballots }.reduce(0, +)
    }

    static func publish(_ arguments: [String]) throws {
        try withService(arguments) { service in
            if service.phase == .published, let result = service.result {
                print("the result is already published:")
                return print(ResultText.render(result, manifest: service.manifest))
            }
            let result = try service.publishResult()
            print(ResultText.render(result, manifest: service.manifest))  // escapes the manifest's names
        }
    }
}
