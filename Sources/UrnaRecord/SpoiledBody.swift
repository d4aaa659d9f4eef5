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

    /// Checks the revealed plaintext (`Specs/election-record.md` §4.7): `choices` names only
    /// contests and candidates of the ballot, without repeats (a contest without a key has no
    /// choice); `nonces` holds exactly one scalar per selection; and every selection is
    /// `Enc(chosen ? 1 : 0; nonce)` under the joint key.
    public func checkNonces(jointKey: Point) throws {
        let contests = Dictionary(ballot.contests.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard contests.count == ballot.contests.count else {
            throw RecordError(.spoiledMismatch, "the ballot lists a contest twice")
        }
        for (contestID, chosen) in choices {
            guard let contest = contests[contestID] else {
                throw RecordError(.spoiledMismatch, "choices name contest '\(contestID)', which is not on the ballot")
            }
            guard zip(chosen, chosen.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw RecordError(.spoiledMismatch, "contest '\(contestID)': choices must be sorted, without repeats")
            }
            if let unknown = chosen.first(where: { id in !contest.selections.contains { $0.id == id } }) {
                throw RecordError(.spoiledMismatch, "contest '\(contestID)': choices name unknown candidate '\(unknown)'")
            }
        }
        guard Set(nonces.keys) == Set(contests.keys) else {
            throw RecordError(.spoiledMismatch, "nonces must be given for exactly the ballot's contests")
        }
        for contest in ballot.contests {
            let chosen = Set(choices[contest.id] ?? [])
            guard let contestNonces = nonces[contest.id], Set(contestNonces.keys) == Set(contest.selections.map(\.id)) else {
                throw RecordError(.spoiledMismatch, "contest '\(contest.id)': nonces must be given for exactly its selections")
            }
            for selection in contest.selections {
                guard let nonce = contestNonces[selection.id] else { continue }
                let value = chosen.contains(selection.id) ? 1 : 0
                guard try selection.ciphertext.isEncryption(of: value, nonce: nonce, publicKey: jointKey) else {
                    throw RecordError(.spoiledMismatch,
                                      "contest '\(contest.id)' selection '\(selection.id)': ciphertext is not Enc(\(value)) under the revealed nonce")
                }
            }
        }
    }
}

extension RecordError.Code {
    /// A spoiled ballot whose revealed nonces do not reproduce its ciphertexts.
    public static let spoiledMismatch = Self(rawValue: "spoiled-mismatch")
}
