import UrnaCrypto

/// Decoding of the bodies that carry trustee indices, with every index range-checked as it is
/// read (`Specs/election-record.md` §1.2): an index is an integer in `1…255` (`n ≤ 255`, §4.1).
/// No later step — a proof context's `u32(j)`, a Lagrange coefficient, a map key — ever sees an
/// index a record merely claims, so no record can make a reader trap on a conversion.
enum TrusteeIndex {
    static let range = 1...Threshold.maxTrustees

    static func decode<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K) throws -> Int {
        let value = try container.decode(Int.self, forKey: key)
        guard range.contains(value) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                   debugDescription: "trustee index \(value) is outside \(range)")
        }
        return value
    }

    static func decodeList<K: CodingKey>(_ container: KeyedDecodingContainer<K>, _ key: K) throws -> [Int] {
        let values = try container.decode([Int].self, forKey: key)
        if let bad = values.first(where: { !range.contains($0) }) {
            throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                   debugDescription: "trustee index \(bad) is outside \(range)")
        }
        return values
    }
}

extension TrusteeCommitmentBody {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(trustee: try TrusteeIndex.decode(container, .trustee),
                  commitments: try container.decode(FeldmanCommitments.self, forKey: .commitments),
                  proof: try container.decode(SchnorrProof.self, forKey: .proof),
                  shares: try container.decode([String: EncryptedShare].self, forKey: .shares),
                  identitySignature: try container.decode(HexBytes.self, forKey: .identitySignature))
    }
}

extension ComplaintBody {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(accuser: try TrusteeIndex.decode(container, .accuser),
                  accused: try TrusteeIndex.decode(container, .accused),
                  sharedPoint: try container.decode(Point.self, forKey: .sharedPoint),
                  proof: try container.decode(ChaumPedersenProof.self, forKey: .proof),
                  identitySignature: try container.decode(HexBytes.self, forKey: .identitySignature))
    }
}

extension TrusteeCheckBody {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(trustee: try TrusteeIndex.decode(container, .trustee),
                  complaints: try TrusteeIndex.decodeList(container, .complaints),
                  signature: try container.decode(SchnorrProof.self, forKey: .signature),
                  identitySignature: try container.decode(HexBytes.self, forKey: .identitySignature))
    }
}

extension JointKeyBody {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(jointKey: try container.decode(Point.self, forKey: .jointKey),
                  qualified: try TrusteeIndex.decodeList(container, .qualified),
                  publicShares: try container.decode([String: Point].self, forKey: .publicShares))
    }
}

extension TallyShareBody {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(trustee: try TrusteeIndex.decode(container, .trustee),
                  shares: try container.decode([String: [String: [String: Share]]].self, forKey: .shares),
                  identitySignature: try container.decode(HexBytes.self, forKey: .identitySignature))
    }
}

extension ResultBody {
    private enum Keys: String, CodingKey { case trustees, districts, totals }

    /// Counts and ballot totals are non-negative; trustees are indices. `totals` must be what
    /// the districts sum to (a verifier compares it with the recomputed result as well).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let trustees = try TrusteeIndex.decodeList(container, .trustees)
        let districts = try container.decode([String: DistrictResult].self, forKey: .districts)
        let totals = try container.decode([String: [String: Int]].self, forKey: .totals)
        for (district, result) in districts {
            let counts = result.contests.values.flatMap(\.values)
            guard result.ballots >= 0, counts.allSatisfy({ $0 >= 0 }) else {
                throw DecodingError.dataCorruptedError(forKey: .districts, in: container,
                                                       debugDescription: "district '\(district)': a negative count")
            }
        }
        guard totals.values.flatMap(\.values).allSatisfy({ $0 >= 0 }) else {
            throw DecodingError.dataCorruptedError(forKey: .totals, in: container, debugDescription: "a negative total")
        }
        self.init(trustees: trustees, districts: districts, totals: totals)
    }
}

extension TrusteePledgeBody {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(trustee: try TrusteeIndex.decode(container, .trustee),
                  commitmentsHash: try container.decode(HexBytes.self, forKey: .commitmentsHash),
                  identitySignature: try container.decode(HexBytes.self, forKey: .identitySignature))
    }
}
