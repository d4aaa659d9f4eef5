/// JSON encodings with validation, fixed in `Specs/crypto.md` §5.
extension FeldmanCommitments: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let points = try container.decode([Point].self)
        do {
            try self.init(points: points)
        } catch let error as CryptoError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(points)
    }
}

extension EncryptedShare: Codable {
    enum CodingKeys: String, CodingKey { case ephemeral, proof, box }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let ephemeral = try container.decode(Point.self, forKey: .ephemeral)
        let proof = try container.decode(SchnorrProof.self, forKey: .proof)
        let boxHex = try container.decode(String.self, forKey: .box)
        do {
            try self.init(ephemeral: ephemeral, proof: proof, box: Hex.decode(boxHex))
        } catch let error as CryptoError {
            throw DecodingError.dataCorruptedError(forKey: .box, in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ephemeral, forKey: .ephemeral)
        try container.encode(proof, forKey: .proof)
        try container.encode(box.hex, forKey: .box)
    }
}
