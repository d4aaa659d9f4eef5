import Foundation
import UrnaRecord
import UrnaRegistrar

/// `urna registrar …`: the registrar's own tool, run by another person on another machine than
/// the ballot service. Its key file holds the roll, the pseudonyms and the codes; the commission
/// only ever gets the registration and the signed roll (`Specs/election-record.md` §8.3).
enum RegistrarCommand {
    static let subcommands = Subcommands(command: "registrar", entries: [
        ("init", "init --name NAME --roll ROLL.csv [--manifest FILE] --key KEYFILE --public-out REGISTRAR.json   (give REGISTRAR.json to the commission)", initKey),
        ("roll", "roll --key KEYFILE --record RECORD --out ROLL.json [--letters-out LETTERS.csv]   (the signed roll for the commission)", roll),
        ("letter", "letter --key KEYFILE --voter-id ID --out LETTER.txt   (one voter's letter: pseudonym and activation code)", letter),
    ], details: [
        "init": """
        Makes the registrar's key file (mode 0600, keep it offline): an identity key, and a
        random pseudonym and one-time activation code for every voter of ROLL.csv (header
        voter_id,district). REGISTRAR.json holds the identity key and the number of voters per
        district. --manifest (the election's public manifest) announces every district, also one
        with no voter, and refuses a roll line naming a district the manifest does not have.
        Announce the printed fingerprint yourself, so observers can compare it with
        scrutineer's report. Running it again with the same --key keeps the key file.
        """,
        "roll": """
        Signs the roll for the election in RECORD (after 'urna election create'): per district,
        every pseudonym with a commitment to its code. Give ROLL.json to the commission
        ('urna roll import'). --letters-out writes every voter's letter data (mode 0600) for
        the mail merge. The key file serves this one election from then on.
        """,
    ])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    static func initKey(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["name", "roll", "manifest", "key", "public-out"])
        let keyPath = try args.required("key"), publicPath = try args.required("public-out")
        try Files.requireWritableFolder(for: keyPath, what: "--key")
        try OutputFile.registration(publicPath).check(notSameAs: [keyPath])
        let key: RegistrarKeyFile
        if FileManager.default.fileExists(atPath: keyPath) {
            key = try RegistrarKeyFile.read(from: keyPath)
            Console.progress("\(Console.safe(keyPath)) already holds registrar '\(Console.safe(key.name))' with \(key.voters.count) voter(s); it is kept, and its registration is written again")
        } else {
            let rollPath = try args.required("roll")
            let roll: VoterRoll
            do {
                roll = try VoterRoll(csv: Files.read(rollPath))
            } catch let error as RecordError {
                throw RecordError(.invalidRoll, "\(Console.safe(rollPath)) \(error.reason)")
            }
            let districts = try args.optional("manifest").map { try ManifestFile.load(path: $0).districts.map(\.id) }
            do {
                key = try RegistrarKeyFile.create(name: try args.required("name"), roll: roll, districts: districts)
            } catch let error as RecordError where error.code == .invalidRoll {
                throw RecordError(.invalidRoll, "\(Console.safe(rollPath)) \(error.reason)")
            }
            try key.write(to: keyPath)
        }
        let info = try key.publicInfo
        try OutputFile.registration(publicPath).write(CanonicalJSON.encode(info), notSameAs: [keyPath])
        print("registrar '\(Console.safe(info.name))': \(key.voters.count) voter(s) in \(info.voters.count) district(s); key file \(Console.safe(keyPath)) (mode 0600; keep it offline), registration \(Console.safe(publicPath))")
        print("identity key fingerprint: \(info.fingerprint)  (announce it yourself; observers compare it with scrutineer's report)")
    }

    static func roll(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["key", "record", "out", "letters-out"])
        let keyPath = try args.required("key"), out = try args.required("out")
        var key = try RegistrarKeyFile.read(from: keyPath)
        try OutputFile.registrarMessage(out).check(notSameAs: [keyPath])
        let lettersPath = args.optional("letters-out")
        if let lettersPath {
            // A rerun may find its own letters there (identical bytes); anything else is kept.
            if FileManager.default.fileExists(atPath: lettersPath),
               (try? PrivateFile.read(lettersPath, what: "--letters-out")) != (try key.lettersCSV()) {
                throw FileError(description: "\(Console.safe(lettersPath)) exists and is not this roll's letters; refusing to overwrite it (give another --letters-out)")
            }
            try Files.requireWritableFolder(for: lettersPath, what: "--letters-out")
        }
        let record = try PublicRecord(path: args.required("record")).verified()
        let bodies = try key.roll(electionBodyBytes: record.electionBody)
        try key.write(to: keyPath)  // bound to this election before anything leaves
        try OutputFile.registrarMessage(out).write(CanonicalJSON.encode(RegistrarMessage(bodies: bodies)), notSameAs: [keyPath])
        if let lettersPath { try PrivateFile.write(key.lettersCSV(), to: lettersPath) }
        print("signed roll of \(key.voters.count) voter(s) in \(bodies.count) entr\(bodies.count == 1 ? "y" : "ies"): \(Console.safe(out)) — give it to the commission (urna roll import)")
        if let lettersPath { print("letters for the mail merge: \(Console.safe(lettersPath)) (mode 0600; destroy it after mailing)") }
    }

    static func letter(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["key", "voter-id", "out"])
        let key = try RegistrarKeyFile.read(from: args.required("key"))
        guard key.setupDigest != nil, let electionID = key.electionID else {
            throw FileError(description: "this key file has not signed a roll yet; run 'urna registrar roll' first (a letter names its election)")
        }
        let letter = try key.letter(voterID: try args.required("voter-id"), electionID: electionID)
        let out = try args.required("out")
        guard !FileManager.default.fileExists(atPath: out) else {
            throw FileError(description: "\(Console.safe(out)) exists; refusing to overwrite it (give another --out)")
        }
        try PrivateFile.write(Array(letter.text.utf8), to: out)
        print("letter for '\(Console.safe(try args.required("voter-id")))' (district \(Console.safe(letter.district))): \(Console.safe(out)) (mode 0600)")
    }
}
