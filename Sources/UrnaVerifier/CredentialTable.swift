import UrnaRecord

/// What the record-wide rules keep per credential (`Specs/election-record.md` §5.6): the
/// district it belongs to (that of its first valid, in-phase ballot or spoil), the seq of its
/// counted ballot and how many ballots it spoiled. Compact, for a city's million credentials:
/// 32 bytes of key and 12 of values each, plus the index (`BENCHMARKS.md`, memory).
struct CredentialTable: Codable {
    private var index = NumberedKeys<Key32>()
    /// By number: the district's number in `districtNames`, or -1 while unbound.
    private var districtNumbers: [Int32] = []
    /// By number: the counted ballot's seq, or `UInt64.max` for none.
    private var countedSeqs: [UInt64] = []
    /// Spoil counts by credential number (few credentials spoil).
    private var spoils: [Int: Int] = [:]
    private var districtNames: [String] = []

    private static let noSeq = UInt64.max

    init() {}

    /// Makes room for `count` credentials without growing (growing briefly holds two copies).
    mutating func reserveCapacity(_ count: Int) {
        index.reserveCapacity(count)
        districtNumbers.reserveCapacity(count)
        countedSeqs.reserveCapacity(count)
    }

    /// The district `credential` belongs to, if any.
    func district(of credential: Key32) -> String? {
        guard let number = index.number(of: credential) else { return nil }
        let district = Int(districtNumbers[number])
        return districtNames.indices.contains(district) ? districtNames[district] : nil
    }

    /// Binds an unbound credential to `district` (a bound one keeps its district). False only
    /// when the table is full and the credential is not in it: the caller must then refuse the
    /// ballot, never count it unbound.
    @discardableResult
    mutating func bind(_ credential: Key32, to district: String) -> Bool {
        guard let number = number(for: credential) else { return false }
        guard districtNumbers[number] < 0 else { return true }
        if let known = districtNames.firstIndex(of: district) {
            districtNumbers[number] = Int32(truncatingIfNeeded: known)
        } else {
            districtNumbers[number] = Int32(truncatingIfNeeded: districtNames.count)
            districtNames.append(district)
        }
        return true
    }

    /// The seq of the ballot that counts for `credential`, if any.
    func countedSeq(of credential: Key32) -> UInt64? {
        guard let number = index.number(of: credential), countedSeqs[number] != Self.noSeq else { return nil }
        return countedSeqs[number]
    }

    mutating func setCounted(_ credential: Key32, seq: UInt64) {
        guard let number = number(for: credential) else { return }
        countedSeqs[number] = seq
    }

    /// Counts one more spoiled ballot for `credential`; returns its count so far (`Int.max`, over
    /// any limit, when the table is full and the credential is not in it).
    mutating func addSpoil(_ credential: Key32) -> Int {
        guard let number = number(for: credential) else { return Int.max }
        let count = spoils[number, default: 0] + 1
        spoils[number] = count
        return count
    }

    /// The credential's number, added with no values if it is new; nil only when the table is
    /// full (2^31 − 2 credentials, beyond any memory).
    private mutating func number(for credential: Key32) -> Int? {
        guard let added = index.insert(credential) else { return nil }
        if added.inserted {
            districtNumbers.append(-1)
            countedSeqs.append(Self.noSeq)
        }
        return added.number
    }

    // MARK: Codable: columns by credential number, checked on decoding

    private enum CodingKeys: String, CodingKey { case credentials, districtNames, districtNumbers, countedSeqs, spoils }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(NumberedKeys<Key32>.self, forKey: .credentials)
        districtNames = try container.decode([String].self, forKey: .districtNames)
        districtNumbers = try container.decode([Int32].self, forKey: .districtNumbers)
        countedSeqs = try container.decode([UInt64].self, forKey: .countedSeqs)
        spoils = try container.decode([Int: Int].self, forKey: .spoils)
        guard districtNumbers.count == index.count, countedSeqs.count == index.count,
              districtNumbers.allSatisfy({ $0 >= -1 && Int($0) < districtNames.count }),
              spoils.allSatisfy({ $0.key >= 0 && $0.key < index.count && $0.value > 0 && $0.value <= Int(Int32.max) }) else {
            throw DecodingError.dataCorruptedError(forKey: .credentials, in: container,
                                                   debugDescription: "the credential columns do not match")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .credentials)
        try container.encode(districtNames, forKey: .districtNames)
        try container.encode(districtNumbers, forKey: .districtNumbers)
        try container.encode(countedSeqs, forKey: .countedSeqs)
        try container.encode(spoils, forKey: .spoils)
    }
}
