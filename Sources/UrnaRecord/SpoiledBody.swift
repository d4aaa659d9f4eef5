import UrnaCrypto

/// Body of a `spoiled` entry (`Specs/election-record.md` §4.7): a ballot the voter challenged
/// instead of casting, with its nonces revealed so anyone can check what it encrypted.
public struct SpoiledBody: Sendable, Hashable, Codable {
    public let ballot: Ballot
    /// Contest id → candidate id → nonce.
    public let nonces: [String: [String: Scalar]]
    /// Contest id → chosen candidate ids, sorted.
    public let choices: [String: [String]]

    public init(ballot: Ballot, secrets: BallotBuilder.Secrets) {
        self.ballot = ballot
        self.nonces = secrets.nonces
        self.choices = secrets.choices.mapValues { $0.sorted() }
    }

    /// Checks every selection is `Enc(chosen ? 1 : 0; nonce)` under the joint key.
    public func checkNonces(jointKey: Point) throws {
        for contest in ballot.contests {
            let chosen = Set(choices[contest.id] ?? [])
            guard chosen.isSubset(of: contest.selections.map(\.id)) else {
                throw RecordError(.spoiledMismatch, "contest '\(contest.id)': choices name unknown candidates")
            }
            for selection in contest.selections {
                guard let nonce = nonces[contest.id]?[selection.id] else {
                    throw RecordError(.spoiledMismatch, "contest '\(contest.id)' selection '\(selection.id)': nonce missing")
                }
                let value = chosen.contains(selection.id) ? 1 : 0
                guard try selection.ciphertext.isEncryption(of: value, nonce: nonce, publicKey: jointKey) else {
                    throw RecordError(.spoiledMismatch,
                                      "contest '\(contest.id)' selection '\(selection.id)': ciphertext is not Enc(\(value)) under the revealed nonce")
                }
            }
        }
    }
}

/// Body of an `issuance` entry (§4.6): how many tokens each district issued in this batch, and
/// the sorted pseudonymous hashes of the voters served, so no one is served twice unseen.
public struct IssuanceBody: Sendable, Hashable, Codable {
    /// District id → sorted voter pseudonyms `HMAC-SHA256(commission secret, LP("urna/v1/voter-pseudonym", election id, voter id))`.
    public let districts: [String: [HexBytes]]

    public init(districts: [String: [[UInt8]]]) {
        self.districts = districts.mapValues { $0.sorted { $0.lexicographicallyPrecedes($1) }.map(HexBytes.init) }
    }

    public var counts: [String: Int] { districts.mapValues(\.count) }
}

extension RecordError.Code {
    /// A spoiled ballot whose revealed nonces do not reproduce its ciphertexts.
    public static let spoiledMismatch = Self(rawValue: "spoiled-mismatch")
}
