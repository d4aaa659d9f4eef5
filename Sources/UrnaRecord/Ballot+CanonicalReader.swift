import UrnaCrypto

extension Ballot {
    /// Reads a ballot body that is exactly in the canonical form Urna writes (`Specs/election-record.md`
    /// §5: JCS, keys in order, no whitespace), without Foundation's decoder and without encoding
    /// it again to compare. Nil when the bytes are not in that narrow form — the caller then takes
    /// the general path (``CanonicalJSON/decode(_:from:)``), which accepts or names the fault.
    ///
    /// The form read here is rigid: every key in canonical order, strings of printable ASCII
    /// without escapes, integers without sign, leading zero or exponent, lowercase hex. A text of
    /// that form is the canonical encoding of the value read, so both paths accept exactly the
    /// same bodies with the same values; every point, scalar and byte string is validated by the
    /// same decoders as the general path (`BallotCanonicalReaderTests` checks both agree).
    public static func readCanonical(_ bytes: [UInt8]) -> Ballot? {
        var reader = CanonicalBallotReader(bytes: bytes)
        guard let ballot = try? reader.ballot(), reader.atEnd else { return nil }
        return ballot
    }
}

/// A cursor over a canonical ballot body; every mismatch throws ``Miss``.
private struct CanonicalBallotReader {
    struct Miss: Error {}

    let bytes: [UInt8]
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func ballot() throws -> Ballot {
        try expect(#"{"contests":"#)
        let contests = try array { try $0.contest() }
        try expect(#","credential":"#)
        let credential = try hexBytes()
        try expect(#","district":"#)
        let district = try string()
        try expect(#","election_hash":"#)
        let electionHash = try hexBytes()
        try expect(#","signature":"#)
        let signature = try hexBytes()
        try expect(#","token":{"prefix":"#)
        let prefix = try hexBytes()
        try expect(#","signature":"#)
        let tokenSignature = try hexBytes()
        try expect("}}")
        return Ballot(electionHash: electionHash, district: district, credential: credential,
                      token: Ballot.Token(prefix: prefix, signature: tokenSignature), contests: contests, signature: signature)
    }

    mutating func contest() throws -> Ballot.Contest {
        try expect(#"{"id":"#)
        let id = try string()
        try expect(#","selections":"#)
        let selections = try array { try $0.selection() }
        try expect(#","sum_proof":"#)
        let sumProof = try rangeProof()
        try expect("}")
        return Ballot.Contest(id: id, selections: selections, sumProof: sumProof)
    }

    mutating func selection() throws -> Ballot.Selection {
        try expect(#"{"ciphertext":{"a":"#)
        let a = try point()
        try expect(#","b":"#)
        let b = try point()
        try expect(#"},"id":"#)
        let id = try string()
        try expect(#","proof":"#)
        let proof = try rangeProof()
        try expect("}")
        return Ballot.Selection(id: id, ciphertext: ElGamalCiphertext(a: a, b: b), proof: proof)
    }

    /// The same rules as `RangeProof.init(from:)`: min ≥ 0, 1 to `maxBranches` branches.
    mutating func rangeProof() throws -> RangeProof {
        try expect(#"{"branches":"#)
        let branches = try array { reader -> RangeProof.Branch in
            try reader.expect(#"{"a":"#)
            let a = try reader.point()
            try reader.expect(#","b":"#)
            let b = try reader.point()
            try reader.expect(#","challenge":"#)
            let challenge = try reader.scalar()
            try reader.expect(#","response":"#)
            let response = try reader.scalar()
            try reader.expect("}")
            return RangeProof.Branch(a: a, b: b, challenge: challenge, response: response)
        }
        try expect(#","min":"#)
        let min = try integer()
        try expect("}")
        guard !branches.isEmpty, branches.count <= RangeProof.maxBranches else { throw Miss() }
        return RangeProof(min: min, branches: branches)
    }

    // MARK: Lexical pieces

    mutating func expect(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Miss() }
        let matches = literal.withUTF8Buffer { text in
            (0..<count).allSatisfy { bytes[index + $0] == text[$0] }
        }
        guard matches else { throw Miss() }
        index += count
    }

    /// `[]` or `[x,x,…]`.
    mutating func array<T>(_ element: (inout CanonicalBallotReader) throws -> T) throws -> [T] {
        try expect("[")
        var items: [T] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            items.append(try element(&self))
            guard index < bytes.count else { throw Miss() }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "]") { return items }
            guard separator == UInt8(ascii: ",") else { throw Miss() }
        }
    }

    /// The contents of a string of printable ASCII other than `"` and `\` (JCS writes those
    /// bytes as they are); anything else is left to the general path.
    mutating func stringBytes() throws -> ArraySlice<UInt8> {
        try expect("\"")
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return bytes[start..<(index - 1)]
            }
            guard byte >= 0x20, byte < 0x7f, byte != UInt8(ascii: "\\") else { throw Miss() }
            index += 1
        }
        throw Miss()
    }

    mutating func string() throws -> String { String(decoding: try stringBytes(), as: UTF8.self) }

    mutating func hexBytes() throws -> [UInt8] { try Hex.decode(utf8: stringBytes()) }

    /// As `Point`'s JSON decoding: 33 bytes compressed, validated; infinity refused.
    mutating func point() throws -> Point { try Point(bytes: hexBytes()) }

    /// As `Scalar`'s JSON decoding: 32 bytes, below q.
    mutating func scalar() throws -> Scalar { try Scalar(bytes: hexBytes()) }

    /// A non-negative integer as JCS writes it: `0` or a digit 1–9 then at most 8 more digits.
    mutating func integer() throws -> Int {
        let start = index
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            guard index - start <= 9 else { throw Miss() }
        }
        guard index > start, bytes[start] != UInt8(ascii: "0") || index - start == 1 else { throw Miss() }
        return value
    }
}
