import UrnaCrypto

extension RecordError.Code {
    /// A `roll` entry that does not decode, names an unknown district, or whose registrar
    /// signature fails (`Specs/election-record.md` §4.1a).
    public static let badRoll = Self(rawValue: "bad-roll")
    /// An `issuance` batch that does not decode (§4.6).
    public static let badIssuance = Self(rawValue: "bad-issuance")
}

/// The roll and the tokens issued against it, as the record shows them
/// (`Specs/election-record.md` §4.1a, §4.6): the one model of eligibility that the verifier, the
/// service's imports and its token issuance all use. Checking is separate from recording:
/// ``checkRoll(_:)`` and ``checkIssuance(_:)`` only parse and judge a body; ``add(roll:)`` and
/// ``add(issuance:)`` record what is valid and report every fault by pseudonym.
public struct Eligibility: Sendable, Codable {
    /// One pseudonym on the roll.
    public struct Voter: Sendable, Hashable, Codable {
        public let district: String
        public let commitment: HexBytes
        /// Issued a token (a valid issuance named it).
        public var issued: Bool
    }

    /// Why an issued pseudonym does not count.
    public enum IssueFault: Sendable, Hashable {
        /// On no roll: an invented pseudonym (`issuance.roll`).
        case notOnRoll
        /// On the roll of another district (`issuance.roll`).
        case otherDistrict(String)
        /// The revealed code does not match the commitment (`issuance.code`).
        case codeMismatch
        /// Issued a token before (`issuance.pseudonym-unique`).
        case alreadyIssued
    }

    /// The outcome of one issued pseudonym.
    public struct Issue: Sendable, Hashable {
        public let district: String
        public let pseudonym: Pseudonym
        public let fault: IssueFault?
    }

    /// The outcome of recording one roll entry.
    public struct RollOutcome: Sendable, Hashable {
        public let district: String
        /// Pseudonyms added to the roll.
        public let added: Int
        /// Pseudonyms already on the roll: `roll.pseudonym-unique`; the entry then adds nothing.
        public let repeated: [Pseudonym]
        /// The district's roll now exceeds the announced count: `roll.size`.
        public let exceeds: Bool
    }

    public let electionID: String
    public let registrar: RegistrarInfo
    public let setupDigest: HexBytes
    /// The roll, compact (a city's roll has millions of pseudonyms): pseudonym → number, and by
    /// number its commitment (32 bytes each, in one array), its district and whether it was
    /// issued a token. ``voter(_:)`` reads one back; the encoded form is a map, as before.
    private var numbers = NumberedKeys<Pseudonym>()
    private var commitments: [UInt8] = []
    private var districtNumbers: [Int32] = []
    private var issuedFlags: [Bool] = []
    private var districtNames: [String] = []
    private var districtIndex: [String: Int32] = [:]
    /// The rare commitment that is not 32 bytes (a roll body not checked by ``checkRoll(_:)``),
    /// kept whole so that it matches no code, as before.
    private var oddCommitments: [Int32: HexBytes] = [:]
    /// Pseudonyms on each district's roll.
    public private(set) var rollSizes: [String: Int] = [:]
    /// Valid issuances per district.
    public private(set) var issued: [String: Int] = [:]

    public init(election: ElectionBody, setupDigest: [UInt8]) {
        electionID = election.manifest.electionID
        registrar = election.registrar
        self.setupDigest = HexBytes(setupDigest)
    }

    /// Pseudonyms on every roll.
    public var voterCount: Int { numbers.count }

    /// The pseudonym's entry on the roll, or nil when it is on none.
    public func voter(_ pseudonym: Pseudonym) -> Voter? {
        guard let number = numbers.number(of: pseudonym) else { return nil }
        return Voter(district: districtNames[Int(districtNumbers[number])],
                     commitment: oddCommitments[Int32(truncatingIfNeeded: number)]
                        ?? HexBytes(Array(commitments[(number * 32)..<(number * 32 + 32)])),
                     issued: issuedFlags[number])
    }

    /// Adds a new pseudonym; false (nothing added) for one already on the roll, or when the roll
    /// is full (2^31 − 2 pseudonyms, over a hundred gigabytes of roll entries).
    @discardableResult
    private mutating func insert(_ pseudonym: Pseudonym, district: String, commitment: [UInt8], issued: Bool) -> Bool {
        let districtNumber: Int32
        if let known = districtIndex[district] {
            districtNumber = known
        } else {
            districtNumber = Int32(truncatingIfNeeded: districtNames.count)
            districtIndex[district] = districtNumber
            districtNames.append(district)
        }
        guard let added = numbers.insert(pseudonym), added.inserted else { return false }
        let number = Int32(truncatingIfNeeded: added.number)
        if commitment.count == 32 {
            commitments.append(contentsOf: commitment)
        } else {
            commitments.append(contentsOf: [UInt8](repeating: 0, count: 32))
            oddCommitments[number] = HexBytes(commitment)
        }
        districtNumbers.append(districtNumber)
        issuedFlags.append(issued)
        return true
    }

    // MARK: Roll (§4.1a)

    /// Parses a `roll` entry's stored body and checks its form, its district and the registrar's
    /// signature. Throws `bad-roll` naming the fault.
    public func checkRoll(_ bytes: [UInt8]) throws -> RollBody {
        let body: RollBody
        do {
            body = try CanonicalJSON.decode(RollBody.self, from: bytes)
        } catch {
            throw RecordError(.badRoll, "the roll body does not decode: \(error)")
        }
        guard registrar.voters[body.district] != nil else {
            throw RecordError(.badRoll, "district '\(TerminalText.escaped(body.district))' is not in the manifest")
        }
        for (pseudonym, commitment) in body.pseudonyms {
            guard Pseudonym(hex: pseudonym) != nil else {
                throw RecordError(.badRoll, "'\(TerminalText.escaped(String(pseudonym.prefix(80))))' is not a pseudonym (32 lowercase hex digits)")
            }
            guard commitment.bytes.count == 32 else {
                throw RecordError(.badRoll, "pseudonym \(pseudonym): the commitment is not 32 bytes")
            }
        }
        guard body.hasValidSignature(registrarKey: registrar.identityKey.bytes, setupDigest: setupDigest.bytes) else {
            throw RecordError(.badRoll, "the registrar's identity signature does not verify (registrar key \(registrar.fingerprint)): the entry was not signed by the registrar for this election")
        }
        return body
    }

    /// Records a checked roll body: its pseudonyms join the district's roll — unless one of them
    /// is on the roll already, and then none does (the entry is not used).
    @discardableResult
    public mutating func add(roll body: RollBody) -> RollOutcome {
        let entries = body.pseudonyms.sorted(by: { $0.key < $1.key }).compactMap { hex, commitment in
            Pseudonym(hex: hex).map { ($0, commitment) }
        }
        let repeated = entries.map(\.0).filter { numbers.number(of: $0) != nil }
        var added = 0
        if repeated.isEmpty {
            for (pseudonym, commitment) in entries
            where insert(pseudonym, district: body.district, commitment: commitment.bytes, issued: false) {
                added += 1
            }
        }
        rollSizes[body.district, default: 0] += added
        return RollOutcome(district: body.district, added: added, repeated: repeated,
                           exceeds: added > 0 && rollSizes[body.district, default: 0] > registrar.voters[body.district, default: 0])
    }

    /// The districts whose roll does not hold exactly the announced count, with both numbers.
    public func incompleteDistricts() -> [(district: String, onRoll: Int, announced: Int)] {
        registrar.voters.sorted { $0.key < $1.key }.compactMap { district, announced in
            let onRoll = rollSizes[district, default: 0]
            return onRoll == announced ? nil : (district, onRoll, announced)
        }
    }

    // MARK: Issuance (§4.6)

    /// Parses an `issuance` entry's stored body and checks its form: known districts,
    /// pseudonyms of 32 lowercase hex digits, revealed codes of 22 canonical symbols with a valid
    /// check symbol. Throws `bad-issuance` naming the fault.
    public func checkIssuance(_ bytes: [UInt8]) throws -> IssuanceBody {
        let body: IssuanceBody
        do {
            body = try CanonicalJSON.decode(IssuanceBody.self, from: bytes)
        } catch {
            throw RecordError(.badIssuance, "the issuance body does not decode: \(error)")
        }
        for (district, batch) in body.districts.sorted(by: { $0.key < $1.key }) {
            guard registrar.voters[district] != nil else {
                throw RecordError(.badIssuance, "district '\(TerminalText.escaped(district))' is not in the manifest")
            }
            for (pseudonym, code) in batch {
                guard Pseudonym(hex: pseudonym) != nil else {
                    throw RecordError(.badIssuance, "district '\(district)': '\(TerminalText.escaped(String(pseudonym.prefix(80))))' is not a pseudonym (32 lowercase hex digits)")
                }
                guard let parsed = try? ActivationCode.parse(code), parsed.canonical == code else {
                    throw RecordError(.badIssuance, "district '\(district)', pseudonym \(pseudonym): the revealed code is not 22 symbols of the code alphabet with a valid check symbol")
                }
            }
        }
        return body
    }

    /// Judges one issued pseudonym against the roll, without recording it.
    public func judge(pseudonym: Pseudonym, code: String, district: String) -> IssueFault? {
        guard let voter = voter(pseudonym) else { return .notOnRoll }
        guard voter.district == district else { return .otherDistrict(voter.district) }
        guard let parsed = try? ActivationCode.parse(code),
              parsed.matches(commitment: voter.commitment.bytes, electionID: electionID, pseudonym: pseudonym.bytes) else {
            return .codeMismatch
        }
        return voter.issued ? .alreadyIssued : nil
    }

    /// Records a checked issuance body: every valid pseudonym is marked issued and counted.
    public mutating func add(issuance body: IssuanceBody) -> [Issue] {
        var outcomes: [Issue] = []
        for (district, batch) in body.districts.sorted(by: { $0.key < $1.key }) {
            for (hex, code) in batch.sorted(by: { $0.key < $1.key }) {
                guard let pseudonym = Pseudonym(hex: hex) else { continue }
                let fault = judge(pseudonym: pseudonym, code: code, district: district)
                if fault == nil {
                    if let number = numbers.number(of: pseudonym) { issuedFlags[number] = true }
                    issued[district, default: 0] += 1
                }
                outcomes.append(Issue(district: district, pseudonym: pseudonym, fault: fault))
            }
        }
        return outcomes
    }
}

extension Eligibility {
    private enum CodingKeys: String, CodingKey { case electionID, registrar, setupDigest, voters, rollSizes, issued }

    /// The same form as ever: the roll as a map of pseudonym to voter.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        electionID = try container.decode(String.self, forKey: .electionID)
        registrar = try container.decode(RegistrarInfo.self, forKey: .registrar)
        setupDigest = try container.decode(HexBytes.self, forKey: .setupDigest)
        rollSizes = try container.decode([String: Int].self, forKey: .rollSizes)
        issued = try container.decode([String: Int].self, forKey: .issued)
        let voters = try container.decode([Pseudonym: Voter].self, forKey: .voters)
        for (pseudonym, voter) in voters.sorted(by: { $0.key < $1.key }) {
            insert(pseudonym, district: voter.district, commitment: voter.commitment.bytes, issued: voter.issued)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(electionID, forKey: .electionID)
        try container.encode(registrar, forKey: .registrar)
        try container.encode(setupDigest, forKey: .setupDigest)
        var voters: [Pseudonym: Voter] = [:]
        for pseudonym in numbers.keys { voters[pseudonym] = voter(pseudonym) }
        try container.encode(voters, forKey: .voters)
        try container.encode(rollSizes, forKey: .rollSizes)
        try container.encode(issued, forKey: .issued)
    }
}

extension Eligibility.IssueFault: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notOnRoll: "is on no district's roll: an invented pseudonym"
        case .otherDistrict(let district): "is on the roll of district '\(TerminalText.escaped(district))', not this one"
        case .codeMismatch: "the revealed activation code does not match the pseudonym's commitment on the roll"
        case .alreadyIssued: "was already issued a token"
        }
    }
}
