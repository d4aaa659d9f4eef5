import Foundation
import UrnaCrypto
import UrnaRecord

/// The registrar's private key file (`Specs/election-record.md` §8.3): its name, its Ed25519
/// identity key, and the roll with every voter's pseudonym and activation code. It never leaves
/// the registrar; the commission sees only the registration (``publicInfo``) and the signed roll
/// entries (``roll(electionBodyBytes:)``).
///
/// JSON (keys sorted, mode 0600):
/// ```json
/// {"districts": ["north", "south", "west"], "identity_secret": "<64 hex>", "name": "registrar", "setup_digest": "<64 hex, once bound>",
///  "version": 1, "voters": [{"code": "<22 symbols>", "district": "north", "pseudonym": "<32 hex>", "voter_id": "…"}]}
/// ```
public struct RegistrarKeyFile: Codable, Sendable {
    public static let currentVersion = 1

    /// One voter on the roll.
    public struct Voter: Codable, Sendable, Hashable {
        public let voterID: String
        public let district: String
        public let pseudonym: Pseudonym
        /// The activation code, canonical form.
        let code: String

        enum CodingKeys: String, CodingKey {
            case district, pseudonym, code
            case voterID = "voter_id"
        }
    }

    public let version: Int
    public let name: String
    let identitySecret: HexBytes
    public let voters: [Voter]
    /// Every district the registrar announces, voters or not (from the manifest); nil for a
    /// registrar made without one, which announces only the districts its roll names.
    public let districts: [String]?
    /// The setup digest of the one election this roll was signed for.
    public private(set) var setupDigest: HexBytes?
    /// That election's id.
    public private(set) var electionID: String?

    enum CodingKeys: String, CodingKey {
        case version, name, voters, districts
        case identitySecret = "identity_secret"
        case setupDigest = "setup_digest"
        case electionID = "election_id"
    }

    /// Makes a new registrar: an identity key, and a fresh random pseudonym and activation code
    /// for every voter of `roll`.
    /// - Parameter districts: the manifest's districts: each is announced (with 0 voters if the
    ///   roll names none), and a roll line naming another district is refused here, where the
    ///   registrar can still fix it.
    public static func create(name: String, roll: VoterRoll, districts: [String]? = nil) throws -> RegistrarKeyFile {
        guard Manifest.isValidIdentifier(name) else {
            throw RecordError(.invalidManifest, "registrar name '\(TerminalText.escaped(name))' is not 1–64 characters of a–z, A–Z, 0–9, '.', '_', '-'")
        }
        if let bad = roll.voters.first(where: { !Manifest.isValidIdentifier($0.district) }) {
            throw RecordError(.invalidRoll, "line \(bad.line): '\(TerminalText.escaped(bad.district))' is not a district id (1–64 characters of a–z, A–Z, 0–9, '.', '_', '-')")
        }
        if let districts, let bad = roll.voters.first(where: { !districts.contains($0.district) }) {
            throw RecordError(.invalidRoll, "line \(bad.line): district '\(TerminalText.escaped(bad.district))' is not in the manifest (its districts: \(districts.joined(separator: ", ")))")
        }
        var seen = Set<Pseudonym>()
        var voters: [Voter] = []
        voters.reserveCapacity(roll.voters.count)
        for voter in roll.voters {
            var pseudonym = try Pseudonym.generate()
            while !seen.insert(pseudonym).inserted { pseudonym = try Pseudonym.generate() }
            voters.append(Voter(voterID: voter.voterID, district: voter.district, pseudonym: pseudonym,
                                code: try ActivationCode.generate().canonical))
        }
        let key = try Ed25519PrivateKey()
        return RegistrarKeyFile(version: currentVersion, name: name, identitySecret: HexBytes(key.rawRepresentation),
                                voters: voters, districts: districts, setupDigest: nil, electionID: nil)
    }

    var identityKey: Ed25519PrivateKey {
        get throws { try Ed25519PrivateKey(rawRepresentation: identitySecret.bytes) }
    }

    /// The registration for the commission: name, identity key, voters per district.
    public var publicInfo: RegistrarInfo {
        get throws {
            var counts = Dictionary(uniqueKeysWithValues: (districts ?? []).map { ($0, 0) })
            for voter in voters { counts[voter.district, default: 0] += 1 }
            return try RegistrarInfo(name: name, identityKey: identityKey.publicKey.rawRepresentation, voters: counts)
        }
    }

    /// The signed `roll` bodies for the election whose `election` entry is `electionBodyBytes`,
    /// districts in manifest order, at most ``RollBody/maxPseudonymsPerEntry`` per body. Binds
    /// this key file to that election (write the file before publishing the bodies); another
    /// election is refused. Ed25519 is deterministic, so a retry gives the same bodies.
    public mutating func roll(electionBodyBytes: [UInt8]) throws -> [RollBody] {
        let election = try CanonicalJSON.decode(ElectionBody.self, from: electionBodyBytes)
        let digest = ElectionBody.setupDigest(bodyBytes: electionBodyBytes)
        let info = try publicInfo
        guard election.registrar.identityKey == info.identityKey else {
            throw RecordError(.keyFile, "this election names another registrar key (\(election.registrar.fingerprint)); this key file's is \(info.fingerprint). Give the commission this key file's registration (urna registrar init … --public-out)")
        }
        guard election.registrar.voters == info.voters else {
            throw RecordError(.keyFile, "this election announces other voter counts than this roll holds; the commission must create the election with this registrar's registration file")
        }
        if let bound = setupDigest, bound.bytes != digest {
            throw RecordError(.keyFile, "this key file signed the roll of another election; a registrar key file serves one election (make a new one with urna registrar init)")
        }
        setupDigest = HexBytes(digest)
        let electionID = election.manifest.electionID
        self.electionID = electionID
        let key = try identityKey
        var bodies: [RollBody] = []
        for district in election.manifest.districts.map(\.id) {
            let members = voters.filter { $0.district == district }.sorted { $0.pseudonym < $1.pseudonym }
            for start in stride(from: 0, to: max(members.count, 1), by: RollBody.maxPseudonymsPerEntry) {
                var pseudonyms: [String: HexBytes] = [:]
                for voter in members[start..<min(start + RollBody.maxPseudonymsPerEntry, members.count)] {
                    let code = try ActivationCode.parse(voter.code)
                    pseudonyms[voter.pseudonym.hex] = HexBytes(code.commitment(electionID: electionID, pseudonym: voter.pseudonym.bytes))
                }
                bodies.append(try RollBody(district: district, pseudonyms: pseudonyms, identitySignature: nil)
                    .signed(with: key, setupDigest: digest))
            }
        }
        return bodies
    }

    /// A voter's letter, by voter id.
    public func letter(voterID: String, electionID: String) throws -> VoterLetter {
        guard let voter = voters.first(where: { $0.voterID == voterID }) else {
            throw RecordError(.invalidRoll, "voter '\(TerminalText.escaped(voterID))' is not on this registrar's roll")
        }
        return try letter(voter, electionID: electionID)
    }

    func letter(_ voter: Voter, electionID: String) throws -> VoterLetter {
        VoterLetter(electionID: electionID, district: voter.district, pseudonym: voter.pseudonym, code: try ActivationCode.parse(voter.code))
    }

    /// Every voter's letter, in roll order.
    public func letters(electionID: String) throws -> [(voterID: String, letter: VoterLetter)] {
        try voters.map { ($0.voterID, try letter($0, electionID: electionID)) }
    }

    /// The letters as CSV for a mail merge: `voter_id,district,pseudonym,activation_code`.
    public func lettersCSV() throws -> [UInt8] {
        var text = "voter_id,district,pseudonym,activation_code\n"
        for voter in voters {
            text += "\(voter.voterID),\(voter.district),\(voter.pseudonym.hex),\(try ActivationCode.parse(voter.code).displayed)\n"
        }
        return Array(text.utf8)
    }

    // MARK: Storage

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try PrivateFile.write(Array(try encoder.encode(self)) + [0x0a], to: path)
    }

    public static func read(from path: String) throws -> RegistrarKeyFile {
        let bytes = try PrivateFile.read(path, what: "the registrar key file")
        let file: RegistrarKeyFile
        do {
            file = try CanonicalJSON.decodeInput(RegistrarKeyFile.self, from: bytes)
        } catch let error as RecordError {
            throw RecordError(.keyFile, "\(path): \(error.reason) (is it a registrar key file from urna registrar init?)")
        }
        guard file.version == currentVersion else {
            throw RecordError(.keyFile, "\(path): version \(file.version) is not supported (expected \(currentVersion))")
        }
        return file
    }
}

/// The file holds secrets: printing, interpolating or dumping it shows none of them.
extension RegistrarKeyFile: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "RegistrarKeyFile(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
