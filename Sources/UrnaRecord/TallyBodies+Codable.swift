import UrnaCrypto

/// Decoding of tally bodies, where the point at infinity is allowed (`Specs/election-record.md`
/// §4.8–§4.9). The default `Point` decoding refuses `"00"`; an aggregate of zero ballots is
/// `(O, O)`, and its partial decryption is `O`. Encoding is the synthesized one (`Point` encodes
/// `O` as `"00"`; a nil proof is omitted).
extension TallyBody.ContestAggregate {
    private enum Keys: String, CodingKey { case ballots, selections }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let ballots = try container.decode(Int.self, forKey: .ballots)
        guard ballots >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .ballots, in: container,
                                                   debugDescription: "ballots \(ballots) is negative")
        }
        // A struct, not a map: a field other than `a` and `b` is an unknown field (§1).
        struct RawCiphertext: Decodable { let a: String, b: String }
        let raw = try container.decode([String: RawCiphertext].self, forKey: .selections)
        var selections: [String: ElGamalCiphertext] = [:]
        for (candidate, fields) in raw {
            do {
                selections[candidate] = ElGamalCiphertext(
                    a: try Point(hex: fields.a, allowInfinity: true), b: try Point(hex: fields.b, allowInfinity: true))
            } catch let error as CryptoError {
                throw DecodingError.dataCorruptedError(
                    forKey: .selections, in: container, debugDescription: "selections.\(candidate): \(error)")
            }
        }
        self.init(ballots: ballots, selections: selections)
    }
}

extension TallyShareBody.Share {
    private enum Keys: String, CodingKey { case share, proof }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let text = try container.decode(String.self, forKey: .share)
        let share: Point
        do {
            share = try Point(hex: text, allowInfinity: true)
        } catch let error as CryptoError {
            throw DecodingError.dataCorruptedError(forKey: .share, in: container, debugDescription: error.description)
        }
        self.init(share: share, proof: try container.decodeIfPresent(ChaumPedersenProof.self, forKey: .proof))
    }
}
