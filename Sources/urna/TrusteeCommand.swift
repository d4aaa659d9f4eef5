import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaTrustee
import UrnaVerifier

/// `urna trustee …`: each trustee runs these on its own key file (secrets never leave it); the
/// commission imports the resulting message files with `urna trustee import`.
enum TrusteeCommand {
    static let subcommands = Subcommands(command: "trustee", entries: [
        ("init", "init --name NAME --key KEYFILE --public-out PUBLIC.json   (give PUBLIC.json to the commission)", initKey),
        ("pledge", "pledge --key KEYFILE --record RECORD --out MESSAGE.json    (the hash of its commitments, first round)", pledge),
        ("commit", "commit --key KEYFILE --record RECORD --out MESSAGE.json    (reveals the pledged commitments and encrypted shares, once every trustee pledged)", commit),
        ("check", "check --key KEYFILE --record RECORD --out MESSAGE.json     (checks received shares; signed check, complaints)", check),
        ("decrypt", "decrypt --key KEYFILE --record RECORD --out MESSAGE.json   (recomputes the tally, then decrypts it)", decrypt),
        ("import", "import --dir DIR MESSAGE.json…                            (commission: record trustee messages)", importMessages),
    ], details: [
        "import": """
        The commission records the files its trustees send, in any order and any number at once:
          pledge       from 'urna trustee pledge'  (key ceremony; the first one starts it)
          commitment   from 'urna trustee commit'  (once every trustee's pledge is recorded)
          check        from 'urna trustee check'   (each trustee's complaints, or none; open needs all)
          tally share  from 'urna trustee decrypt' (after 'urna election tally'; publish needs the threshold)
        Each is checked before it is recorded, including the identity signature of its trustee. Importing the same file again records nothing and
        goes on, so an interrupted import is finished by running it again.
        """,
    ])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    /// Makes the key file, then its public info. Interrupted in between, running the same
    /// command again keeps the existing key (never overwritten) and writes its public info.
    static func initKey(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["name", "key", "public-out"])
        let keyPath = try args.required("key"), publicPath = try args.required("public-out"), name = try args.required("name")
        try Files.requireWritableFolder(for: keyPath, what: "--key")
        guard URL(fileURLWithPath: keyPath).standardizedFileURL.path != URL(fileURLWithPath: publicPath).standardizedFileURL.path else {
            throw Arguments.UsageError(description: "--key and --public-out must be two different files")
        }
        try OutputFile.publicInfo(publicPath).check(notSameAs: [keyPath])
        let key: TrusteeKeyFile
        if FileManager.default.fileExists(atPath: keyPath) {
            key = try TrusteeKeyFile.read(from: keyPath)
            guard key.name == name else {
                throw FileError(description: "\(Console.safe(keyPath)) already holds the key of trustee '\(Console.safe(key.name))'; refusing to overwrite a trustee key (choose another --key)")
            }
            Console.progress("\(Console.safe(keyPath)) already holds this trustee's key; it is kept, and its public info is written again")
        } else {
            key = try TrusteeKeyFile.create(name: name)
            try key.write(to: keyPath)
        }
        try OutputFile.publicInfo(publicPath).write(CanonicalJSON.encode(key.publicInfo), notSameAs: [keyPath])
        print("trustee '\(Console.safe(key.name))': key file \(Console.safe(keyPath)) (mode 0600; keep it offline), public info \(Console.safe(publicPath))")
        print("identity key fingerprint \(key.identityFingerprint): announce it yourself, out of band (in person, on paper), so that observers can check it is the key the election lists for you")
    }

    /// One trustee step on the verified public record: reads the key file, checks the output
    /// path before the slow verification, runs `step` on the verified record, writes the key file
    /// (its new state, before anything leaves) and then the message of `kind`.
    static func round<Body: Codable>(_ arguments: [String], kind: EntryKind,
                                     _ step: (inout TrusteeKeyFile, VerifiedRecord) throws -> Body) throws -> (Body, VerifiedRecord, String) {
        let args = try Arguments(arguments, valued: ["key", "record", "out"])
        let keyPath = try args.required("key"), out = try args.required("out")
        var key = try TrusteeKeyFile.read(from: keyPath)
        try OutputFile.trusteeMessage(out).check(notSameAs: [keyPath])
        let record = try PublicRecord(path: args.required("record")).verified()
        let body = try step(&key, record)
        try key.write(to: keyPath)
        try OutputFile.trusteeMessage(out).write(CanonicalJSON.encode(TrusteeMessage(kind: kind.rawValue, body: body)), notSameAs: [keyPath])
        return (body, record, Console.safe(out))
    }

    /// The first round of the key ceremony: the polynomial is drawn and kept in the key file
    /// (written before the message), and the message carries only the hash of its commitments.
    static func pledge(_ arguments: [String]) throws {
        let (body, _, out) = try round(arguments, kind: .trusteePledge) { key, record in
            try key.pledge(electionBodyBytes: record.electionBody)
        }
        print("trustee \(body.trustee) pledged; send \(out) to the commission, then run `urna trustee commit` once every trustee's pledge is in the record")
    }

    /// The second round: reveals the pledged commitments, once every trustee's pledge is in the
    /// record (the key file notes the pledges it revealed against).
    static func commit(_ arguments: [String]) throws {
        let (body, _, out) = try round(arguments, kind: .trusteeCommitment) { key, record in
            try key.commit(electionBodyBytes: record.electionBody, pledges: record.pledges)
        }
        print("trustee \(body.trustee) revealed its pledged commitments; send \(out) to the commission")
    }

    static func check(_ arguments: [String]) throws {
        let (message, record, out) = try round(arguments, kind: .trusteeCheck) { key, record in
            try key.audit(checks: record.checks, complaints: record.complaints, electionBodyBytes: record.electionBody)
            return try key.check(electionBodyBytes: record.electionBody, commitments: record.commitments)
        }
        if message.complaints.isEmpty {
            print("trustee \(message.check.trustee): all \(record.commitments.count - 1) share(s) received are valid; no complaint. Send the signed check \(Console.safe(out)) to the commission")
        } else {
            print("trustee \(message.check.trustee): \(message.complaints.count) complaint(s) against trustee(s) \(message.check.complaints.map(String.init).joined(separator: ", ")); send the signed check \(out) to the commission")
        }
    }

    static func decrypt(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["key", "record", "out"])
        let keyPath = try args.required("key")
        var key = try TrusteeKeyFile.read(from: keyPath)
        try OutputFile.trusteeMessage(args.required("out")).check(notSameAs: [keyPath])  // before the slow verification
        // Never decrypt before the whole record verifies: a tally that is not the sum of the counted,
        // valid ballots could be one voter's ballot passed off as an aggregate.
        let record = try PublicRecord(path: args.required("record")).verified()
        guard let tally = record.tally, let jointKey = record.jointKey else {
            throw ServiceError(.wrongPhase, "the record has no published tally yet")
        }
        try key.audit(checks: record.checks, complaints: record.complaints, electionBodyBytes: record.electionBody)
        let share = try key.decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: record.electionBody)
        // One tally per election: noted in the key file before the share leaves it.
        try key.noteDecryption(of: tally)
        try key.write(to: keyPath)
        try OutputFile.trusteeMessage(args.required("out")).write(CanonicalJSON.encode(TrusteeMessage(kind: EntryKind.tallyShare.rawValue, body: share)), notSameAs: [keyPath])
        let ballots = record.report.districts.map(\.ballotsCounted).reduce(0, +)
        print("the record verifies; trustee \(share.trustee) decrypted the tally of \(ballots) ballot(s); send \(Console.safe(try args.required("out"))) to the commission")
    }

    static func importMessages(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir"])
        guard !args.positionals.isEmpty else { throw Arguments.UsageError(description: "no message files given") }
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            for path in args.positionals {
                let bytes = try Files.read(path)
                let kind: String
                do {
                    kind = try CanonicalJSON.decodeFields(TrusteeMessageKind.self, from: bytes).kind
                } catch {
                    throw FileError(description: "\(Console.safe(path)) is not a trustee message (a JSON object with an 'urna_trustee_message' field); import the files written by 'urna trustee pledge', 'urna trustee commit', 'urna trustee check' or 'urna trustee decrypt'")
                }
                switch kind {
                case EntryKind.trusteePledge.rawValue:
                    let body = try message(TrusteeMessage<TrusteePledgeBody>.self, bytes, path: path, kind: "pledge")
                    let recorded = try service.importPledge(body)
                    print("\(Console.safe(path)): \(recorded ? "recorded" : "already recorded:") the pledge of trustee \(body.trustee)")
                case EntryKind.trusteeCommitment.rawValue:
                    let body = try message(TrusteeMessage<TrusteeCommitmentBody>.self, bytes, path: path, kind: "commitment")
                    let recorded = try service.importCommitment(body)
                    print("\(Console.safe(path)): \(recorded ? "recorded" : "already recorded:") the commitment of trustee \(body.trustee)")
                case EntryKind.trusteeCheck.rawValue:
                    let message = try message(TrusteeMessage<TrusteeCheckMessage>.self, bytes, path: path, kind: "check")
                    if service.isRecorded(message) {
                        print("\(Console.safe(path)): already recorded: the check of trustee \(message.check.trustee)")
                        continue
                    }
                    for (complaint, upheld) in try service.importCheck(message) {
                        print("\(Console.safe(path)): recorded trustee \(complaint.accuser)'s complaint against trustee \(complaint.accused) (\(upheld ? "upheld: trustee \(complaint.accused) is disqualified" : "unfounded"))")
                    }
                    print("\(Console.safe(path)): recorded the check of trustee \(message.check.trustee) (\(message.check.complaints.isEmpty ? "no complaint" : "complaints against \(message.check.complaints.map(String.init).joined(separator: ", "))"))")
                case EntryKind.tallyShare.rawValue:
                    let body = try message(TrusteeMessage<TallyShareBody>.self, bytes, path: path, kind: "tally share")
                    let recorded = try service.importTallyShare(body)
                    print("\(Console.safe(path)): \(recorded ? "recorded" : "already recorded:") the tally share of trustee \(body.trustee)")
                case let other:
                    throw FileError(description: "\(Console.safe(path)): unknown trustee message '\(Console.safe(other))'; import the files written by 'urna trustee pledge', 'commit', 'check' or 'decrypt'")
                }
            }
        }
    }

    /// A trustee message's body; a malformed one is named with its file.
    static func message<Body: Codable>(_ type: TrusteeMessage<Body>.Type, _ bytes: [UInt8], path: String, kind: String) throws -> Body {
        do {
            return try CanonicalJSON.decodeInput(type, from: bytes).body
        } catch let error as RecordError {
            throw FileError(description: "\(Console.safe(path)) is not a valid trustee \(kind) message: \(Console.safe(error.reason)); ask the trustee for the file its 'urna trustee' command wrote")
        }
    }
}
