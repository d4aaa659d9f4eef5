import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaTrustee

/// An election whose trustees are real key files: three districts (`east` gets no ballots),
/// 2048-bit token keys (generated once for all tests), and helpers to run each step.
struct TrusteeElection {
    static let manifest = Result {
        try Manifest(
            electionID: "city-2026", title: "City election 2026",
            contests: [
                .init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [
                    .init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob"), .init(id: "carol", name: "Carol"),
                ]),
                .init(id: "council", title: "Council (North)", min: 1, max: 2, candidates: [
                    .init(id: "dan", name: "Dan"), .init(id: "erin", name: "Erin"), .init(id: "frank", name: "Frank"),
                ]),
            ],
            districts: [
                .init(id: "north", name: "North", contests: ["mayor", "council"]),
                .init(id: "south", name: "South", contests: ["mayor"]),
                .init(id: "east", name: "East", contests: ["mayor"]),
            ])
    }
    static let tokenKeys = Result {
        try Dictionary(uniqueKeysWithValues: manifest.get().districts.map { ($0.id, try BlindRSAPrivateKey.generate(bits: 2048)) })
    }

    var keyFiles: [TrusteeKeyFile]
    let body: ElectionBody
    let bytes: [UInt8]
    let setupDigest: [UInt8]

    init(n: Int, k: Int, electionID: String = "city-2026") throws {
        keyFiles = try (1...n).map { try TrusteeKeyFile.create(name: "t\($0)") }
        let manifest = try Self.manifest.get()
        let ledgerKey = try NoteSigner(name: "urna.example/\(electionID)", privateKey: Ed25519PrivateKey())
        body = try ElectionBody(
            manifest: manifest, ledgerKey: ledgerKey.verifier.verifierKeyString,
            tokenKeys: try Self.tokenKeys.get().mapValues { Base64.encode($0.publicKey.spkiDER) },
            trustees: keyFiles.enumerated().map { $0.element.publicInfo.trustee(index: $0.offset + 1) }, threshold: k,
            registrar: .forTests(manifest))
        bytes = try CanonicalJSON.encode(body)
        setupDigest = ElectionBody.setupDigest(bodyBytes: bytes)
    }

    /// Every trustee pledges, then reveals its commitments; `faults[i][j]` corrupts the share `i`
    /// sends `j`. Checks every body and its identity signature.
    mutating func commitAll(faults: [Int: [Int: TrusteeKeyFile.ShareFault]] = [:]) throws -> [Int: TrusteeCommitmentBody] {
        let pledges = try pledgeAll(faults: faults)
        var commitments: [Int: TrusteeCommitmentBody] = [:]
        for index in keyFiles.indices {
            let body = try keyFiles[index].commit(electionBodyBytes: bytes, pledges: pledges)
            try CeremonyCheck.verifyCommitment(body, election: self.body, setupDigest: setupDigest)
            try body.verifyIdentitySignature(election: self.body, setupDigest: setupDigest)
            commitments[index + 1] = body
        }
        return commitments
    }

    /// Every trustee pledges (`Specs/election-record.md` §4.2a); returns the pledges, checked.
    mutating func pledgeAll(faults: [Int: [Int: TrusteeKeyFile.ShareFault]] = [:]) throws -> [TrusteePledgeBody] {
        var pledges: [TrusteePledgeBody] = []
        for index in keyFiles.indices {
            let pledge = try keyFiles[index].pledge(electionBodyBytes: bytes, faults: faults[index + 1] ?? [:])
            try pledge.verifyIdentitySignature(election: body, setupDigest: setupDigest)
            pledges.append(pledge)
        }
        return pledges
    }

    /// Every trustee receives every commitment; returns the complaints.
    mutating func receiveAll(_ commitments: [Int: TrusteeCommitmentBody]) throws -> [ComplaintBody] {
        var complaints: [ComplaintBody] = []
        for index in keyFiles.indices {
            complaints += try keyFiles[index].receiveShares(electionBodyBytes: bytes, commitments: Array(commitments.values))
        }
        return complaints
    }

    /// The ballots cast in every test: district and choices.
    static let votes: [(String, [String: Set<String>])] = [
        ("north", ["mayor": ["alice"], "council": ["dan", "erin"]]),
        ("north", ["mayor": ["bob"], "council": ["dan"]]),
        ("north", ["council": ["frank", "erin"]]),
        ("south", ["mayor": ["alice"]]),
        ("south", ["mayor": ["carol"]]),
    ]

    /// The expected result: district → contest → candidate → count.
    static func expected() throws -> [String: [String: [String: Int]]] {
        let manifest = try manifest.get()
        var counts: [String: [String: [String: Int]]] = [:]
        for district in manifest.districts {
            for contest in manifest.contests(inDistrict: district.id) {
                for candidate in contest.candidates { counts[district.id, default: [:]][contest.id, default: [:]][candidate.id] = 0 }
            }
        }
        for (district, choices) in votes {
            for (contest, chosen) in choices {
                for candidate in chosen { counts[district, default: [:]][contest, default: [:]][candidate, default: 0] += 1 }
            }
        }
        return counts
    }

    /// Casts ``votes`` under the joint key (each ballot checked) and computes the tally.
    func castAndTally(jointKey: JointKeyBody) throws -> TallyBody {
        let context = try ElectionContext(electionBodyBytes: bytes, jointKey: jointKey.jointKey)
        let signing = try Self.tokenKeys.get()
        var ballots: [Ballot] = []
        for (district, choices) in Self.votes {
            let key = try #require(context.tokenKeys[district])
            let request = try TokenRequest.make(electionID: context.manifest.electionID, district: district, tokenKey: key)
            let token = try request.finalize(blindSignature: signing[district]!.blindSign(request.blindedMessage), tokenKey: key)
            let ballot = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                   credential: request.credential, token: token).ballot
            try BallotCheck.verify(ballot, in: context)
            ballots.append(ballot)
        }
        let tally = try TallyBody.compute(manifest: context.manifest, counted: ballots)
        // The tally body survives its JSON round trip, (O, O) aggregates included.
        #expect(try CanonicalJSON.decode(TallyBody.self, from: CanonicalJSON.encode(tally)) == tally)
        return tally
    }

    /// Trustees `quorum` decrypt; every share is checked (after a JSON round trip); the shares are combined.
    func decrypt(_ tally: TallyBody, jointKey: JointKeyBody, quorum: [Int]) throws -> ResultBody {
        let electionHash = ElectionBody.electionHash(bodyBytes: bytes, jointKey: jointKey.jointKey)
        var shares: [TallyShareBody] = []
        for index in quorum {
            let share = try keyFiles[index - 1].decrypt(tally: tally, jointKey: jointKey, electionBodyBytes: bytes)
            let decoded = try CanonicalJSON.decode(TallyShareBody.self, from: CanonicalJSON.encode(share))
            #expect(decoded == share)
            try TallyCheck.verifyShare(decoded, tally: tally, jointKey: jointKey, electionHash: electionHash)
            shares.append(decoded)
        }
        return try TallyCheck.combine(tally: tally, shares: shares, threshold: body.threshold)
    }
}

func expectRecordError(_ code: RecordError.Code, _ body: () throws -> Void,
                       sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
        Issue.record("expected \(code)", sourceLocation: sourceLocation)
    } catch let error as RecordError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "urna-trustee-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
