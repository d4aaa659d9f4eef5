import UrnaCrypto

/// The voter client's encryption of a ballot (`Specs/election-record.md` §5.1).
public enum BallotBuilder {
    /// The nonces of an encrypted ballot, kept by the client to spoil it (Benaloh challenge).
    public struct Secrets: Sendable {
        /// Contest id → candidate id → nonce.
        public let nonces: [String: [String: Scalar]]
        /// Contest id → chosen candidate ids.
        public let choices: [String: Set<String>]

        public init(nonces: [String: [String: Scalar]], choices: [String: Set<String>]) {
            self.nonces = nonces
            self.choices = choices
        }
    }

    /// Encrypts `choices` (contest id → chosen candidate ids) for `district`, proves every selection
    /// and contest sum, and signs with the credential.
    /// - Parameter sumRanges: test hook; replaces a contest's proven sum range (to build ballots the
    ///   service must refuse). Never set by a real client.
    /// - Parameter tables: precomputed tables for G and the election's joint key, for the tools that
    ///   encrypt many ballots (benchmark and load generators, the demo's simulated voters). They are
    ///   variable time (see ``FixedBaseTable``): a real voter's client passes nil and encrypts
    ///   through libcrypto's constant-time path.
    /// - Parameter selfCheck: whether each proof first re-encrypts to check its ciphertext (see
    ///   ``RangeProof/prove(ciphertext:value:nonce:range:publicKey:context:tables:checkCiphertext:)``).
    ///   Only the benchmark generator turns it off: it verifies the whole record afterwards.
    public static func encrypt(
        election: ElectionContext, district: String, choices: [String: Set<String>],
        credential: Ed25519PrivateKey, token: Ballot.Token, sumRanges: [String: ClosedRange<Int>] = [:],
        tables: EncryptionTables? = nil, selfCheck: Bool = true
    ) throws -> (ballot: Ballot, secrets: Secrets) {
        try validate(choices: choices, district: district, manifest: election.manifest, sumRanges: sumRanges)
        if let tables {
            guard tables.jointKey.point == election.jointKey else {
                throw RecordError(.ballotShape, "the encryption tables are for another key than the election's joint key; build them with EncryptionTables(jointKey:)")
            }
        }
        let contests = election.manifest.contests(inDistrict: district)
        let credentialKey = credential.publicKey.rawRepresentation
        var encrypted: [Ballot.Contest] = []
        var nonces: [String: [String: Scalar]] = [:]
        for contest in contests {
            let chosen = choices[contest.id] ?? []
            let range = sumRanges[contest.id] ?? (contest.min...contest.max)
            var selections: [Ballot.Selection] = []
            var sumNonce = Scalar.zero
            for candidate in contest.candidates {
                let value = chosen.contains(candidate.id) ? 1 : 0
                let (ciphertext, nonce) = try tables.map { try ElGamalCiphertext.encrypt(value, tables: $0) }
                    ?? ElGamalCiphertext.encrypt(value, publicKey: election.jointKey)
                let context = Ballot.proofContext(electionHash: election.electionHash, district: district,
                                                  contest: contest.id, selection: candidate.id, credential: credentialKey)
                let proof = try RangeProof.prove(ciphertext: ciphertext, value: value, nonce: nonce, range: 0...1,
                                                 publicKey: election.jointKey, context: context, tables: tables,
                                                 checkCiphertext: selfCheck)
                selections.append(Ballot.Selection(id: candidate.id, ciphertext: ciphertext, proof: proof))
                nonces[contest.id, default: [:]][candidate.id] = nonce
                sumNonce += nonce
            }
            let sum = try ElGamalCiphertext.sum(selections.map(\.ciphertext))
            let context = Ballot.proofContext(electionHash: election.electionHash, district: district,
                                              contest: contest.id, selection: nil, credential: credentialKey)
            let sumProof = try RangeProof.prove(ciphertext: sum, value: chosen.count, nonce: sumNonce, range: range,
                                                publicKey: election.jointKey, context: context, tables: tables,
                                                checkCiphertext: selfCheck)
            encrypted.append(Ballot.Contest(id: contest.id, selections: selections, sumProof: sumProof))
        }
        let unsigned = Ballot(electionHash: election.electionHash, district: district, credential: credentialKey,
                              token: token, contests: encrypted, signature: [])
        let ballot = unsigned.withSignature(try credential.signature(for: unsigned.canonicalBytes))
        return (ballot, Secrets(nonces: nonces, choices: choices.filter { !$0.value.isEmpty }))
    }

    /// Checks choices against the district's ballot before anything is spent on them (a client
    /// validates before requesting a token).
    public static func validate(choices: [String: Set<String>], district: String, manifest: Manifest,
                                sumRanges: [String: ClosedRange<Int>] = [:]) throws {
        guard manifest.district(district) != nil else {
            throw RecordError(.unknownDistrict, "district '\(district)' is not in the manifest")
        }
        let contests = manifest.contests(inDistrict: district)
        if let unknown = choices.keys.first(where: { id in !contests.contains { $0.id == id } }) {
            throw RecordError(.ballotShape, "contest '\(unknown)' is not on district '\(district)' ballot")
        }
        for contest in contests {
            let chosen = choices[contest.id] ?? []
            if let unknown = chosen.first(where: { id in !contest.candidates.contains { $0.id == id } }) {
                throw RecordError(.ballotShape, "contest '\(contest.id)' has no candidate '\(unknown)'")
            }
            let range = sumRanges[contest.id] ?? (contest.min...contest.max)
            guard range.contains(chosen.count) else {
                throw RecordError(.sumOutOfRange, "contest '\(contest.id)': \(chosen.count) selections; \(contest.min)–\(contest.max) allowed")
            }
        }
    }
}
