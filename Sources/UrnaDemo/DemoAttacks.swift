import Foundation
import UrnaClient
import UrnaCrypto
import UrnaRecord
import UrnaService

/// Invalid attempts the service must refuse, each with its specific code.
struct DemoAttacks {
    let box: any DemoBallotBox
    let context: ElectionContext
    let voting: DemoTally

    /// Runs `attempt` and returns it as refused, or throws if it was accepted or refused for another reason.
    /// A refusal over HTTP is the service's problem code, the same as its ``ServiceError`` code.
    static func expectRefusal(_ attempt: String, code: ServiceError.Code, _ body: () throws -> Void) throws -> (attempt: String, code: String) {
        do {
            try body()
        } catch let error as ServiceError {
            guard error.code == code else {
                throw DemoError("\(attempt): refused with \(error.code) (\(error.reason)), expected \(code)")
            }
            return (attempt, code.rawValue)
        } catch let error as ClientError where error.fromService {
            guard error.code == code.rawValue else {
                throw DemoError("\(attempt): refused over HTTP with \(error.code) (\(error.reason)), expected \(code)")
            }
            return (attempt, code.rawValue)
        }
        throw DemoError("\(attempt): the service accepted it")
    }

    /// A "no complaint" check in `trustee`'s name over the recorded commitments, signed with keys
    /// the commission holds (neither the trustee's encryption key nor its identity key).
    static func forgedCheck(service: ElectionService, trustee: Int) throws -> TrusteeCheckBody {
        let secret = try Scalar.random()
        let bodies = try service.trusteeCommitments.map { try CanonicalJSON.encode($0) }
        let setupDigest = ElectionBody.setupDigest(bodyBytes: service.electionBodyBytes)
        let context = TrusteeCheckBody.signatureContext(
            setupDigest: setupDigest, trustee: trustee,
            checked: TrusteeCheckBody.checkedDigest(commitmentBodies: bodies), complaints: [])
        return try TrusteeCheckBody(trustee: trustee, complaints: [],
                                    signature: try SchnorrProof.prove(secret: secret, publicKey: try Point.base(secret), context: context))
            .signed(with: Ed25519PrivateKey(), setupDigest: setupDigest)
    }

    func run() throws -> [(attempt: String, code: String)] {
        guard let sample = voting.sampleVoters.first else { throw DemoError("no voter to attack with") }
        let manifest = context.manifest
        var refusals: [(attempt: String, code: String)] = []
        func refuse(_ attempt: String, _ code: ServiceError.Code, _ body: () throws -> Void) throws {
            refusals.append(try Self.expectRefusal(attempt, code: code, body))
        }
        func sign(_ ballot: Ballot) throws -> Ballot {
            let unsigned = Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
                                  token: ballot.token, contests: ballot.contests, signature: [])
            return Ballot(electionHash: ballot.electionHash.bytes, district: ballot.district, credential: ballot.credential.bytes,
                          token: ballot.token, contests: ballot.contests,
                          signature: try sample.credential.signature(for: unsigned.canonicalBytes))
        }
        let tokenKey = context.tokenKeys[sample.letter.district]

        try refuse("a token request with a wrong activation code", .notAuthorized) {
            let wrong = try ActivationCode.generate().displayed
            try box.issueToken(pseudonym: sample.letter.pseudonym, activationCode: wrong, blindedMessage: [1])
        }
        try refuse("a second, different token request by a served voter", .alreadyIssued) {
            guard let tokenKey else { return }
            let request = try TokenRequest.make(electionID: manifest.electionID, district: sample.letter.district, tokenKey: tokenKey)
            try box.issueToken(pseudonym: sample.letter.pseudonym, activationCode: sample.letter.code.displayed,
                                       blindedMessage: request.blindedMessage)
        }
        try refuse("a token request for a pseudonym the registrar never issued", .notAuthorized) {
            try box.issueToken(pseudonym: try Pseudonym.generate(), activationCode: sample.letter.code.displayed, blindedMessage: [1])
        }
        try refuse("a replay of a cast ballot", .ballotReplayed) { try box.cast(sample.ballot) }
        try refuse("casting a voter's public spoiled ballot", .ballotReplayed) {
            var generator = SystemRandomNumberGenerator()
            let choices = DemoManifest.randomChoices(manifest: manifest, district: sample.letter.district, using: &generator)
            let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: sample.letter.district, choices: choices,
                                                              credential: sample.credential, token: sample.token)
            try box.spoil(SpoiledBody(ballot: ballot, secrets: secrets))
            try box.cast(ballot)
        }
        if !manifest.revoting {
            try refuse("a second ballot under a used credential", .credentialUsed) {
                var generator = SystemRandomNumberGenerator()
                let choices = DemoManifest.randomChoices(manifest: manifest, district: sample.letter.district, using: &generator)
                try box.cast(BallotBuilder.encrypt(election: context, district: sample.letter.district, choices: choices,
                                                                 credential: sample.credential, token: sample.token).ballot)
            }
        }
        try refuse("an over-vote (two mayors, proven for the range 0–2)", .sumOutOfRange) {
            let candidates = manifest.contest("mayor")?.candidates.prefix(2).map(\.id) ?? []
            var generator = SystemRandomNumberGenerator()
            var choices = DemoManifest.randomChoices(manifest: manifest, district: sample.letter.district, using: &generator)
            choices["mayor"] = Set(candidates)
            let (ballot, _) = try BallotBuilder.encrypt(election: context, district: sample.letter.district, choices: choices,
                                                        credential: sample.credential, token: sample.token, sumRanges: ["mayor": 0...2])
            try box.cast(ballot)
        }
        if let other = manifest.districts.first(where: { $0.id != sample.letter.district }) {
            try refuse("a ballot for district \(other.id) with a token of \(sample.letter.district)", .tokenWrongDistrict) {
                var generator = SystemRandomNumberGenerator()
                let choices = DemoManifest.randomChoices(manifest: manifest, district: other.id, using: &generator)
                let (ballot, _) = try BallotBuilder.encrypt(election: context, district: other.id, choices: choices,
                                                            credential: sample.credential, token: sample.token)
                try box.cast(ballot)
            }
        }
        let first = sample.ballot.contests[0], selection = first.selections[0]
        let shifted = Ballot.Selection(id: selection.id, ciphertext: ElGamalCiphertext(a: selection.ciphertext.a, b: try selection.ciphertext.b.adding(Point.generator())), proof: selection.proof)
        let tampered = Ballot(electionHash: sample.ballot.electionHash.bytes, district: sample.ballot.district,
                              credential: sample.ballot.credential.bytes, token: sample.ballot.token,
                              contests: [Ballot.Contest(id: first.id, selections: [shifted] + first.selections.dropFirst(), sumProof: first.sumProof)]
                                  + sample.ballot.contests.dropFirst(),
                              signature: sample.ballot.signature.bytes)
        try refuse("a ballot altered after signing", .badSignature) { try box.cast(tampered) }
        try refuse("an altered ballot, re-signed (its proof breaks)", .badProof) { try box.cast(sign(tampered)) }
        try refuse("a ballot for another election", .wrongElection) {
            let other = Ballot(electionHash: SHA256.hash(Array("another election".utf8)), district: sample.ballot.district,
                               credential: sample.ballot.credential.bytes, token: sample.ballot.token,
                               contests: sample.ballot.contests, signature: [])
            try box.cast(sign(other))
        }
        try refuse("a ballot with a point off the curve", box.offCurveCode) {
            var json = String(decoding: try CanonicalJSON.encode(sample.ballot), as: UTF8.self)
            json = json.replacingOccurrences(of: selection.ciphertext.a.hex, with: "02" + String(repeating: "f", count: 64))
            try box.cast(json: Array(json.utf8))
        }
        try refuse("spoiling beyond the limit of \(manifest.spoilLimit)", .spoilLimit) {
            var generator = SystemRandomNumberGenerator()
            for _ in 0...manifest.spoilLimit {
                let choices = DemoManifest.randomChoices(manifest: manifest, district: sample.letter.district, using: &generator)
                let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: sample.letter.district, choices: choices,
                                                                  credential: sample.credential, token: sample.token)
                try box.spoil(SpoiledBody(ballot: ballot, secrets: secrets))
            }
        }
        return refusals
    }
}
