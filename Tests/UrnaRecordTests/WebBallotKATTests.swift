import Foundation
import Testing
import UrnaCrypto
import UrnaRecord

/// Known-answer vectors of whole signed ballots, shared with the browser (`Urna.ballot` in
/// `Sources/UrnaWeb/Assets/js/urna-ballot.js`, run by `Tools/web-kat/run.py` through
/// `Tools/web-kat/kat-ballot.js`). The Swift code computes every value from fixed inputs: nonces,
/// proof randomness and Ed25519 seeds are SHA-256 of fixed strings; only the two districts' RSA
/// token keys and the three tokens are random, made once when the file is written, and read back
/// from it (they are inputs, checked by `BallotCheck`). Everything else must equal
/// `Resources/web_ballot_kat.json` byte for byte. To regenerate after a deliberate change:
/// `URNA_WRITE_WEB_BALLOT_KAT=/abs/path/web_ballot_kat.json swift test --filter WebBallotKATTests`.
@Suite struct WebBallotKATTests {
    struct Missing: Error, CustomStringConvertible { let description: String }

    static func fixed(_ label: String) -> Scalar {
        Scalar(reducing: SHA256.hash(Array("urna web ballot kat \(label)".utf8)))
    }

    static func seed(_ label: String) -> [UInt8] {
        SHA256.hash(Array("urna web ballot kat seed \(label)".utf8))
    }

    /// The ballots of the vectors: name, district, choices.
    static let cases: [(name: String, district: String, choices: [String: [String]])] = [
        ("north-1", "north", ["mayor": ["bob"], "council": ["frank", "dan"]]),
        ("north-2", "north", ["mayor": ["alice"]]),
        ("south-1", "south", ["mayor": ["carol"]]),
    ]

    static func manifest() throws -> Manifest {
        try Manifest(
            electionID: "city-2026", title: "Élection municipale 2026",
            contests: [
                .init(id: "mayor", title: "Mayor", min: 1, max: 1, candidates: [
                    .init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob"), .init(id: "carol", name: "Carol"),
                ]),
                .init(id: "council", title: "City council (vote for up to 2)", min: 0, max: 2, candidates: [
                    .init(id: "dan", name: "Dan"), .init(id: "erin", name: "Érin"), .init(id: "frank", name: "Frank"),
                    .init(id: "grace", name: "Grace"),
                ]),
            ],
            districts: [
                .init(id: "north", name: "North", contests: ["mayor", "council"]),
                .init(id: "south", name: "South", contests: ["mayor"]),
            ],
            revoting: true, spoilLimit: 2)
    }

    // MARK: Inputs (random once, then read from the file)

    struct Inputs {
        var tokenKeys: [String: String]
        var tokens: [String: Ballot.Token]
    }

    static func credential(_ name: String) throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(rawRepresentation: seed("credential \(name)"))
    }

    /// Fresh 2048-bit token keys and real tokens (blind, sign, finalize) for the cases.
    static func freshInputs() throws -> Inputs {
        let manifest = try manifest()
        var signing: [String: BlindRSAPrivateKey] = [:]
        for district in manifest.districts { signing[district.id] = try BlindRSAPrivateKey.generate(bits: 2048) }
        var tokens: [String: Ballot.Token] = [:]
        for item in cases {
            let key = try #require(signing[item.district]).publicKey
            let request = try TokenRequest.make(electionID: manifest.electionID, district: item.district, tokenKey: key,
                                                credential: try credential(item.name))
            tokens[item.name] = try request.finalize(blindSignature: try #require(signing[item.district]).blindSign(request.blindedMessage),
                                                     tokenKey: key)
        }
        return Inputs(tokenKeys: signing.mapValues { Base64.encode($0.publicKey.spkiDER) }, tokens: tokens)
    }

    static func inputs(from file: [String: Any]) throws -> Inputs {
        guard let inputs = file["inputs"] as? [String: Any], let keys = inputs["token_keys"] as? [String: String],
              let tokens = inputs["tokens"] as? [String: [String: String]] else {
            throw Missing(description: "web_ballot_kat.json has no inputs; generate it (see the suite comment)")
        }
        return Inputs(tokenKeys: keys, tokens: try tokens.mapValues {
            Ballot.Token(prefix: try Hex.decode($0["prefix"] ?? ""), signature: try Hex.decode($0["signature"] ?? ""))
        })
    }

    // MARK: The election

    struct Election {
        let bodyBytes: [UInt8]
        let jointKeyBytes: [UInt8]
        let context: ElectionContext
    }

    static func election(_ inputs: Inputs) throws -> Election {
        let manifest = try manifest()
        let ledger = try NoteSigner(name: "urna.example/city-2026", privateKey: Ed25519PrivateKey(rawRepresentation: seed("ledger")))
        let trustee = ElectionBody.Trustee(
            index: 1, name: "t1", encryptionKey: try Point.base(fixed("trustee 1 encryption")),
            identityKey: HexBytes(try Ed25519PrivateKey(rawRepresentation: seed("trustee 1")).publicKey.rawRepresentation))
        let registrar = try RegistrarInfo(name: "registrar",
                                          identityKey: Ed25519PrivateKey(rawRepresentation: seed("registrar")).publicKey.rawRepresentation,
                                          voters: ["north": 3, "south": 2])
        let body = try ElectionBody(manifest: manifest, ledgerKey: ledger.verifier.verifierKeyString, tokenKeys: inputs.tokenKeys,
                                    trustees: [trustee], threshold: 1, registrar: registrar)
        let jointKey = try Point.base(fixed("joint secret"))
        let bodyBytes = try CanonicalJSON.encode(body)
        let jointBytes = try CanonicalJSON.encode(JointKeyBody(jointKey: jointKey, qualified: [1], publicShares: ["1": jointKey]))
        return Election(bodyBytes: bodyBytes, jointKeyBytes: jointBytes,
                        context: try ElectionContext(electionBodyBytes: bodyBytes, jointKey: jointKey))
    }

    // MARK: Ballots with fixed randomness

    /// `RangeProof.prove` with `u` and the simulated branches fixed from `label` (the same algebra,
    /// as in `WebKATTests.rangeVector`); the proof is checked by the real verifier by `BallotCheck`.
    static func prove(ciphertext: ElGamalCiphertext, value: Int, nonce: Scalar, range: ClosedRange<Int>,
                      publicKey: Point, context: ProofContext, label: String) throws -> (RangeProof, [String: Any]) {
        let u = fixed("\(label) u")
        var commitments: [(Point, Point)] = []
        var simulated: [Int: (Scalar, Scalar)] = [:]
        var simulatedJSON: [String: Any] = [:]
        for ell in range {
            if ell == value {
                commitments.append((try Point.base(u), try publicKey.multiplied(by: u)))
            } else {
                let c = fixed("\(label) c \(ell)"), v = fixed("\(label) v \(ell)")
                simulated[ell] = (c, v)
                simulatedJSON[String(ell)] = ["c": c.hex, "v": v.hex]
                commitments.append((
                    try Point.linearCombination(generatorScalar: v, [(-c, ciphertext.a)]),
                    try Point.linearCombination(generatorScalar: c * Scalar(UInt64(ell)), [(v, publicKey), (-c, ciphertext.b)])))
            }
        }
        var parts: [[UInt8]] = [publicKey.bytes, ciphertext.a.bytes, ciphertext.b.bytes,
                                DomainHash.uint32(UInt32(range.lowerBound)), DomainHash.uint32(UInt32(range.upperBound))]
        for (a, b) in commitments { parts.append(a.bytes); parts.append(b.bytes) }
        let total = Challenge.derive(tag: RangeProof.tag, context: context, parts)
        let real = simulated.values.reduce(total) { $0 - $1.0 }
        let branches = zip(range, commitments).map { ell, commitment in
            let (c, v) = simulated[ell] ?? (real, u + real * nonce)
            return RangeProof.Branch(a: commitment.0, b: commitment.1, challenge: c, response: v)
        }
        return (RangeProof(min: range.lowerBound, branches: branches), ["u": u.hex, "simulated": simulatedJSON])
    }

    struct Built {
        let ballot: Ballot
        let secrets: BallotBuilder.Secrets
        let fixedJSON: [String: Any]
    }

    /// `BallotBuilder.encrypt` with the nonces and proof randomness fixed from `name`.
    static func build(_ election: ElectionContext, name: String, district: String, choices: [String: [String]],
                      token: Ballot.Token, sumRanges: [String: ClosedRange<Int>] = [:]) throws -> Built {
        let sets = choices.mapValues(Set.init)
        try BallotBuilder.validate(choices: sets, district: district, manifest: election.manifest, sumRanges: sumRanges)
        let key = try credential(name), credentialKey = key.publicKey.rawRepresentation
        var contests: [Ballot.Contest] = [], nonces: [String: [String: Scalar]] = [:]
        var noncesJSON: [String: [String: String]] = [:], selectionJSON: [String: [String: Any]] = [:], sumJSON: [String: Any] = [:]
        for contest in election.manifest.contests(inDistrict: district) {
            let chosen = sets[contest.id] ?? []
            var selections: [Ballot.Selection] = [], sumNonce = Scalar.zero
            for candidate in contest.candidates {
                let value = chosen.contains(candidate.id) ? 1 : 0
                let nonce = fixed("\(name) \(contest.id) \(candidate.id) nonce")
                let ciphertext = try ElGamalCiphertext.encrypt(value, nonce: nonce, publicKey: election.jointKey)
                let context = Ballot.proofContext(electionHash: election.electionHash, district: district, contest: contest.id,
                                                  selection: candidate.id, credential: credentialKey)
                let (proof, json) = try prove(ciphertext: ciphertext, value: value, nonce: nonce, range: 0...1,
                                              publicKey: election.jointKey, context: context, label: "\(name) \(contest.id) \(candidate.id)")
                selections.append(Ballot.Selection(id: candidate.id, ciphertext: ciphertext, proof: proof))
                nonces[contest.id, default: [:]][candidate.id] = nonce
                noncesJSON[contest.id, default: [:]][candidate.id] = nonce.hex
                selectionJSON[contest.id, default: [:]][candidate.id] = json
                sumNonce += nonce
            }
            let sum = try ElGamalCiphertext.sum(selections.map(\.ciphertext))
            let context = Ballot.proofContext(electionHash: election.electionHash, district: district, contest: contest.id,
                                              selection: nil, credential: credentialKey)
            let (sumProof, json) = try prove(ciphertext: sum, value: chosen.count, nonce: sumNonce,
                                             range: sumRanges[contest.id] ?? (contest.min...contest.max),
                                             publicKey: election.jointKey, context: context, label: "\(name) \(contest.id) sum")
            sumJSON[contest.id] = json
            contests.append(Ballot.Contest(id: contest.id, selections: selections, sumProof: sumProof))
        }
        let ballot = try signed(Ballot(electionHash: election.electionHash, district: district, credential: credentialKey,
                                       token: token, contests: contests, signature: []), with: key)
        return Built(ballot: ballot, secrets: BallotBuilder.Secrets(nonces: nonces, choices: sets.filter { !$0.value.isEmpty }),
                     fixedJSON: ["nonces": noncesJSON, "selection_proofs": selectionJSON, "sum_proofs": sumJSON])
    }

    static func signed(_ ballot: Ballot, with key: Ed25519PrivateKey) throws -> Ballot {
        Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
               token: ballot.token, contests: ballot.contests, signature: try key.signature(for: ballot.canonicalBytes))
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The code `body` throws as a `RecordError`, or nil if it throws nothing.
    static func code(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let error as RecordError { return error.code.rawValue } catch { return "\(error)" }
    }

    // MARK: Negative vectors

    static func invalidChoices(_ election: ElectionContext) -> [[String: Any]] {
        let cases: [(String, String, [String: [String]])] = [
            ("over max", "north", ["mayor": ["bob"], "council": ["dan", "erin", "frank"]]),
            ("under min", "north", ["mayor": [], "council": ["dan"]]),
            ("under min (contest left out)", "south", [:]),
            ("unknown candidate", "north", ["mayor": ["bob"], "council": ["zoe"]]),
            ("unknown contest", "north", ["mayor": ["bob"], "treasurer": ["dan"]]),
            ("contest of another district", "south", ["mayor": ["bob"], "council": ["dan"]]),
            ("unknown district", "east", ["mayor": ["bob"]]),
        ]
        return cases.map { why, district, choices in
            let code = code { try BallotBuilder.validate(choices: choices.mapValues(Set.init), district: district, manifest: election.manifest) }
            #expect(code != nil, "\(why) must be refused")
            return ["why": why, "district": district, "choices": choices, "code": code ?? "accepted"]
        }
    }

    /// Spoiled bodies of `built` whose revealed nonces or choices do not match the ciphertexts.
    static func tamperedSpoiled(_ built: Built, jointKey: Point) throws -> [[String: Any]] {
        var nonces = built.secrets.nonces
        let bob = try #require(nonces["mayor"]?["bob"])
        nonces["mayor"]?["bob"] = bob + Scalar(1)
        var missing = built.secrets.nonces
        missing["council"]?["grace"] = nil
        var choices = built.secrets.choices
        choices["mayor"] = ["alice"]
        var dropped = built.secrets.choices
        dropped["council"] = ["dan"]
        let cases: [(String, BallotBuilder.Secrets)] = [
            ("nonce changed", BallotBuilder.Secrets(nonces: nonces, choices: built.secrets.choices)),
            ("nonce missing", BallotBuilder.Secrets(nonces: missing, choices: built.secrets.choices)),
            ("another candidate claimed", BallotBuilder.Secrets(nonces: built.secrets.nonces, choices: choices)),
            ("a chosen candidate left out", BallotBuilder.Secrets(nonces: built.secrets.nonces, choices: dropped)),
        ]
        return try cases.map { why, secrets in
            let body = SpoiledBody(ballot: built.ballot, secrets: secrets)
            let code = code { try body.checkNonces(jointKey: jointKey) }
            #expect(code == RecordError.Code.spoiledMismatch.rawValue, "\(why)")
            return ["why": why, "json": text(try CanonicalJSON.encode(body)), "code": code ?? "accepted"]
        }
    }

    static func replacingBranch(_ proof: RangeProof, _ index: Int, _ change: (RangeProof.Branch) throws -> RangeProof.Branch) rethrows -> RangeProof {
        var branches = proof.branches
        branches[index] = try change(branches[index])
        return RangeProof(min: proof.min, branches: branches)
    }

    static func replacingFirstSelectionProof(_ ballot: Ballot, _ proof: (RangeProof) throws -> RangeProof) rethrows -> Ballot {
        var contests = ballot.contests
        let first = contests[0].selections[0]
        var selections = contests[0].selections
        selections[0] = Ballot.Selection(id: first.id, ciphertext: first.ciphertext, proof: try proof(first.proof))
        contests[0] = Ballot.Contest(id: contests[0].id, selections: selections, sumProof: contests[0].sumProof)
        return Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
                      token: ballot.token, contests: contests, signature: ballot.signature.bytes)
    }

    /// Ballots changed after signing (or changed and signed again): Swift's checks refuse each with
    /// the code given, and the tracking code is Swift's for the changed bytes.
    static func tamperedBallots(_ election: ElectionContext, _ inputs: Inputs) throws -> [[String: Any]] {
        let north1 = try build(election, name: "north-1", district: "north", choices: cases[0].choices,
                               token: try #require(inputs.tokens["north-1"])).ballot
        let key = try credential("north-1")
        let flipped = try replacingFirstSelectionProof(north1) { proof in
            try replacingBranch(proof, 0) { branch in
                var bytes = branch.response.bytes
                bytes[31] ^= 1
                return RangeProof.Branch(a: branch.a, b: branch.b, challenge: branch.challenge, response: try Scalar(bytes: bytes))
            }
        }
        let forged = try signed(replacingFirstSelectionProof(north1) { proof in
            replacingBranch(proof, 0) { branch in
                RangeProof.Branch(a: branch.a, b: branch.b, challenge: branch.challenge, response: branch.response + Scalar(1))
            }
        }, with: key)
        var tokenSignature = north1.token.signature.bytes
        tokenSignature[tokenSignature.count - 1] ^= 1
        let badToken = try signed(Ballot(electionHash: north1.electionHash.bytes, district: north1.district,
                                         credential: north1.credential.bytes,
                                         token: Ballot.Token(prefix: north1.token.prefix.bytes, signature: tokenSignature),
                                         contests: north1.contests, signature: []), with: key)
        let wrongRange = try build(election, name: "north-2", district: "north", choices: cases[1].choices,
                                   token: try #require(inputs.tokens["north-2"]), sumRanges: ["council": 0...1]).ballot
        var signatureBytes = north1.signature.bytes
        signatureBytes[0] ^= 0x80
        let badSignature = Ballot(electionHash: north1.electionHash.bytes, district: north1.district, credential: north1.credential.bytes,
                                  token: north1.token, contests: north1.contests, signature: signatureBytes)
        let cases: [(String, Ballot, RecordError.Code)] = [
            ("a proof response changed after signing", flipped, .badSignature),
            ("the signature changed", badSignature, .badSignature),
            ("a forged proof, signed again", forged, .badProof),
            ("the token changed, signed again", badToken, .badToken),
            ("a sum proof for [0, 1] instead of [0, 2], signed", wrongRange, .sumOutOfRange),
        ]
        return try cases.map { why, ballot, expected in
            let code = code { try BallotCheck.verify(ballot, in: election) }
            #expect(code == expected.rawValue, "\(why): \(code ?? "accepted")")
            #expect(ballot.trackingCode != north1.trackingCode)
            return ["why": why, "json": text(try CanonicalJSON.encode(ballot)), "tracking_code": ballot.trackingCode.hex,
                    "code": code ?? "accepted"]
        }
    }

    // MARK: The file

    static func vectors(_ inputs: Inputs) throws -> [String: Any] {
        let election = try election(inputs)
        let context = election.context
        var ballots: [[String: Any]] = []
        var first: Built?
        for item in cases {
            let token = try #require(inputs.tokens[item.name])
            let built = try build(context, name: item.name, district: item.district, choices: item.choices, token: token)
            try BallotCheck.verify(built.ballot, in: context)
            let spoiled = SpoiledBody(ballot: built.ballot, secrets: built.secrets)
            try spoiled.checkNonces(jointKey: context.jointKey)
            let json = try CanonicalJSON.encode(built.ballot)
            #expect(try CanonicalJSON.decode(Ballot.self, from: json) == built.ballot)
            let key = try credential(item.name)
            var entry = built.fixedJSON
            entry["name"] = item.name
            entry["district"] = item.district
            entry["choices"] = item.choices.mapValues { $0.sorted() }
            entry["credential_seed"] = key.rawRepresentation.hex
            entry["credential"] = key.publicKey.rawRepresentation.hex
            entry["token"] = ["prefix": token.prefix.hex, "signature": token.signature.hex]
            entry["canonical_bytes"] = built.ballot.canonicalBytes.hex
            entry["signature"] = built.ballot.signature.hex
            entry["tracking_code"] = built.ballot.trackingCode.hex
            entry["short_code"] = Ballot.shortTrackingCode(built.ballot.trackingCode)
            entry["json"] = text(json)
            entry["spoiled_json"] = text(try CanonicalJSON.encode(spoiled))
            ballots.append(entry)
            if first == nil { first = built }
        }
        let north1 = try #require(first)
        return [
            "title": "Urna whole-ballot known-answer vectors (generated and checked by WebBallotKATTests.swift)",
            "inputs": [
                "token_keys": inputs.tokenKeys,
                "tokens": inputs.tokens.mapValues { ["prefix": $0.prefix.hex, "signature": $0.signature.hex] },
            ],
            "election_body": text(election.bodyBytes),
            "joint_key_body": text(election.jointKeyBytes),
            "joint_key": context.jointKey.hex,
            "election_hash": context.electionHash.hex,
            "ballots": ballots,
            "invalid_choices": invalidChoices(context),
            "tampered_spoiled": try tamperedSpoiled(north1, jointKey: context.jointKey),
            "tampered_ballots": try tamperedBallots(context, inputs),
        ]
    }

    static func resource() throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: "web_ballot_kat", withExtension: "json", subdirectory: "Resources"),
              let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw Missing(description: "Resources/web_ballot_kat.json is missing or not a JSON object")
        }
        return object
    }

    static func canonical(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    @Test func vectorsMatchTheResourceFile() throws {
        if let path = ProcessInfo.processInfo.environment["URNA_WRITE_WEB_BALLOT_KAT"] {
            try Self.canonical(Self.vectors(Self.freshInputs())).write(to: URL(fileURLWithPath: path), options: .atomic)
            return
        }
        let stored = try Self.resource()
        let computed = try Self.canonical(Self.vectors(Self.inputs(from: stored)))
        let same = computed == (try Self.canonical(stored))
        #expect(same, "web_ballot_kat.json differs from what the Swift code computes; regenerate it (see the suite comment)")
    }

    /// The stored ballots pass every check of §5.5 and their spoiled bodies every check of §4.7,
    /// read back from the file's JSON text (the bytes the browser must produce).
    @Test func storedBallotsPassSwiftChecks() throws {
        let stored = try Self.resource()
        let inputs = try Self.inputs(from: stored)
        let election = try Self.election(inputs)
        #expect(Self.text(election.bodyBytes) == stored["election_body"] as? String)
        let ballots = try #require(stored["ballots"] as? [[String: Any]])
        #expect(ballots.count == 3)
        var codes = Set<String>()
        for vector in ballots {
            let json = Array(try #require(vector["json"] as? String).utf8)
            let ballot = try CanonicalJSON.decode(Ballot.self, from: json)
            try BallotCheck.verify(ballot, in: election.context)
            #expect(ballot.trackingCode.hex == vector["tracking_code"] as? String)
            #expect(try CanonicalJSON.encode(ballot) == json)
            let spoiled = try CanonicalJSON.decode(SpoiledBody.self, from: Array(try #require(vector["spoiled_json"] as? String).utf8))
            try spoiled.checkNonces(jointKey: election.context.jointKey)
            #expect(spoiled.ballot == ballot)
            codes.insert(ballot.trackingCode.hex)
        }
        #expect(codes.count == 3)
        for vector in try #require(stored["tampered_spoiled"] as? [[String: Any]]) {
            let spoiled = try CanonicalJSON.decode(SpoiledBody.self, from: Array(try #require(vector["json"] as? String).utf8))
            #expect(Self.code { try spoiled.checkNonces(jointKey: election.context.jointKey) } == "spoiled-mismatch")
        }
        for vector in try #require(stored["tampered_ballots"] as? [[String: Any]]) {
            let ballot = try CanonicalJSON.decode(Ballot.self, from: Array(try #require(vector["json"] as? String).utf8))
            #expect(Self.code { try BallotCheck.verify(ballot, in: election.context) } == vector["code"] as? String)
        }
    }

    /// The real, randomized `BallotBuilder.encrypt` gives ballots of the vectors' shape (ids, proof
    /// ranges, branch counts) that pass the same checks: the fixed-randomness builder above is the
    /// client's algorithm, not a variant of it.
    @Test func realBuilderMatchesTheVectorsShape() throws {
        let stored = try Self.resource()
        let inputs = try Self.inputs(from: stored)
        let election = try Self.election(inputs)
        func shape(_ ballot: Ballot) -> [String] {
            [ballot.district, ballot.electionHash.hex, ballot.credential.hex] + ballot.contests.flatMap { contest in
                ["\(contest.id) \(contest.sumProof.min) \(contest.sumProof.branches.count)"]
                    + contest.selections.map { "\($0.id) \($0.proof.min) \($0.proof.branches.count)" }
            }
        }
        for item in Self.cases {
            let token = try #require(inputs.tokens[item.name])
            let real = try BallotBuilder.encrypt(election: election.context, district: item.district,
                                                 choices: item.choices.mapValues(Set.init),
                                                 credential: try Self.credential(item.name), token: token)
            try BallotCheck.verify(real.ballot, in: election.context)
            let fixed = try Self.build(election.context, name: item.name, district: item.district, choices: item.choices, token: token)
            #expect(shape(real.ballot) == shape(fixed.ballot))
            #expect(real.secrets.choices == fixed.secrets.choices)
            #expect(SpoiledBody(ballot: real.ballot, secrets: real.secrets).choices ==
                    SpoiledBody(ballot: fixed.ballot, secrets: fixed.secrets).choices)
        }
    }
}
