import UrnaCrypto
import UrnaRecord

/// A registrar for simulated elections (the demo, benchmarks, tests): voters `DISTRICT-N`, with
/// real pseudonyms, codes and signatures, so every record they make passes the same checks.
extension RegistrarKeyFile {
    /// A registrar whose roll has `voters[district]` voters in each district, ids `DISTRICT-1…`.
    public static func simulated(name: String = "registrar", voters: [(district: String, count: Int)]) throws -> RegistrarKeyFile {
        var pairs: [(voterID: String, district: String)] = []
        for (district, count) in voters {
            for n in stride(from: 1, through: count, by: 1) { pairs.append(("\(district)-\(n)", district)) }
        }
        return try create(name: name, roll: VoterRoll(pairs: pairs), districts: voters.map(\.district))
    }

    /// The stored bodies of the signed roll entries (see ``roll(electionBodyBytes:)``).
    public mutating func rollEntryBodies(electionBodyBytes: [UInt8]) throws -> [[UInt8]] {
        try roll(electionBodyBytes: electionBodyBytes).map { try CanonicalJSON.encode($0) }
    }
}

extension IssuanceBody {
    /// The issuance batch revealing the codes of these letters, per district.
    public init(letters: [VoterLetter]) {
        var districts: [String: [String: String]] = [:]
        for letter in letters { districts[letter.district, default: [:]][letter.pseudonym.hex] = letter.code.canonical }
        self.init(districts: districts)
    }
}
