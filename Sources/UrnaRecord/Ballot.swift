import UrnaCrypto

/// An encrypted ballot as cast (`Specs/election-record.md` §5): the body of a `ballot` entry.
public struct Ballot: Sendable, Hashable, Codable {
    /// The RFC 9474 eligibility token: PSS-Randomized `msg_prefix` and the finalized signature
    /// over `msg_prefix ‖ LP("urna/v1/token", election id, district id, credential)`.
    public struct Token: Sendable, Hashable, Codable {
        public let prefix: HexBytes
        public let signature: HexBytes

        public init(prefix: [UInt8], signature: [UInt8]) {
            self.prefix = HexBytes(prefix)
            self.signature = HexBytes(signature)
        }
    }

    public struct Selection: Sendable, Hashable, Codable {
        /// The candidate id.
        public let id: String
        public let ciphertext: ElGamalCiphertext
        /// 0/1 proof: the range `[0, 1]`.
        public let proof: RangeProof

        public init(id: String, ciphertext: ElGamalCiphertext, proof: RangeProof) {
            self.id = id
            self.ciphertext = ciphertext
            self.proof = proof
        }
    }

    public struct Contest: Sendable, Hashable, Codable {
        public let id: String
        /// One per candidate, in the manifest's order.
        public let selections: [Selection]
        /// Proof that the sum of the selections lies in `[min, max]`.
        public let sumProof: RangeProof

        enum CodingKeys: String, CodingKey {
            case id, selections
            case sumProof = "sum_proof"
        }

        public init(id: String, selections: [Selection], sumProof: RangeProof) {
            self.id = id
            self.selections = selections
            self.sumProof = sumProof
        }

        /// The homomorphic sum of the selections, the statement of `sumProof`.
        public func sumCiphertext() throws -> ElGamalCiphertext {
            try ElGamalCiphertext.sum(selections.map(\.ciphertext))
        }
    }

    public let electionHash: HexBytes
    public let district: String
    /// The voter's Ed25519 credential public key (32 bytes).
    public let credential: HexBytes
    public let token: Token
    /// One per contest on the district's ballot, in the manifest's order.
    public let contests: [Contest]
    /// Ed25519 signature by the credential over ``canonicalBytes``.
    public let signature: HexBytes

    enum CodingKeys: String, CodingKey {
        case district, credential, token, contests, signature
        case electionHash = "election_hash"
    }

    public init(electionHash: [UInt8], district: String, credential: [UInt8], token: Token, contests: [Contest],
                signature: [UInt8]) {
        self.electionHash = HexBytes(electionHash)
        self.district = district
        self.credential = HexBytes(credential)
        self.token = token
        self.contests = contests
        self.signature = HexBytes(signature)
    }

    /// The same ballot with another signature (used when signing).
    func withSignature(_ signature: [UInt8]) -> Ballot {
        Ballot(electionHash: electionHash.bytes, district: district, credential: credential.bytes, token: token,
               contests: contests, signature: signature)
    }
}

extension Ballot {
    /// The bytes the credential signs (§5.2): never JSON, a fixed length-prefixed encoding.
    public var canonicalBytes: [UInt8] {
        var parts: [[UInt8]] = [
            electionHash.bytes, Array(district.utf8), credential.bytes, token.prefix.bytes, token.signature.bytes,
            DomainHash.uint32(UInt32(truncatingIfNeeded: contests.count)),
        ]
        for contest in contests {
            parts.append(Array(contest.id.utf8))
            parts.append(DomainHash.uint32(UInt32(truncatingIfNeeded: contest.selections.count)))
            for selection in contest.selections {
                parts.append(Array(selection.id.utf8))
                parts.append(selection.ciphertext.a.bytes)
                parts.append(selection.ciphertext.b.bytes)
                parts.append(Self.proofBytes(selection.proof))
            }
            parts.append(Self.proofBytes(contest.sumProof))
        }
        return DomainHash.encode(tag: "urna/v1/ballot", parts)
    }

    /// `u32(min) ‖ u32(n) ‖ (a ‖ b ‖ c ‖ v)` per branch.
    static func proofBytes(_ proof: RangeProof) -> [UInt8] {
        var bytes = DomainHash.uint32(UInt32(truncatingIfNeeded: proof.min))
            + DomainHash.uint32(UInt32(truncatingIfNeeded: proof.branches.count))
        for branch in proof.branches {
            bytes += branch.a.bytes + branch.b.bytes + branch.challenge.bytes + branch.response.bytes
        }
        return bytes
    }

    /// The tracking code `H("urna/v1/tracking-code", canonical bytes, signature)` (§5.3).
    public var trackingCode: [UInt8] {
        DomainHash.hash(tag: "urna/v1/tracking-code", [canonicalBytes, signature.bytes])
    }

    /// The short form people compare: the first 16 hex digits in groups of four.
    public static func shortTrackingCode(_ code: [UInt8]) -> String {
        let hex = Array(Array(code.prefix(8)).hex)
        return stride(from: 0, to: hex.count, by: 4).map { String(hex[$0..<Swift.min($0 + 4, hex.count)]) }.joined(separator: "-")
    }

    /// The context of a selection's 0/1 proof, or of the contest's sum proof when `selection` is nil:
    /// `[election hash, district, contest, selection or ε, credential]` (§5.4).
    public static func proofContext(electionHash: [UInt8], district: String, contest: String, selection: String?,
                                    credential: [UInt8]) -> ProofContext {
        ProofContext([electionHash, Array(district.utf8), Array(contest.utf8), Array((selection ?? "").utf8), credential])
    }
}
