import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
import UrnaService
import UrnaTrustee

/// An election in a temporary directory with 2048-bit token keys and three trustees (k = 2).
final class ServiceFixture {
    let directory: URL
    var service: ElectionService
    var trustees: [TrusteeKeyFile]
    let manifest: Manifest

    static func manifest(revoting: Bool = false, spoilLimit: Int = 1) throws -> Manifest {
        try Manifest(
            electionID: "test-2026", title: "Test election",
            contests: [
                .init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [.init(id: "ann", name: "Ann"), .init(id: "ben", name: "Ben")]),
                .init(id: "council", title: "Council", min: 1, max: 2, candidates: [
                    .init(id: "cy", name: "Cy"), .init(id: "di", name: "Di"), .init(id: "ed", name: "Ed"),
                ]),
            ],
            districts: [.init(id: "north", name: "North", contests: ["mayor", "council"]), .init(id: "south", name: "South", contests: ["mayor"])],
            revoting: revoting, spoilLimit: spoilLimit)
    }

    init(revoting: Bool = false, spoilLimit: Int = 1) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-service-\(UUID().uuidString)")
        manifest = try Self.manifest(revoting: revoting, spoilLimit: spoilLimit)
        trustees = try (1...3).map { try TrusteeKeyFile.create(name: "t\($0)") }
        service = try ElectionService.create(directory: directory, manifest: manifest, trustees: trustees.map(\.publicInfo),
                                             threshold: 2, tokenKeyBits: 2048)
    }

    deinit {
        service.close()
        try? FileManager.default.removeItem(at: directory)
    }

    var setupDigest: [UInt8] { ElectionBody.setupDigest(bodyBytes: service.electionBodyBytes) }

    /// Every trustee pledges and the service records the pledges; `faults[i][j]` corrupts the
    /// share trustee `i` (1-based) will send `j`.
    func pledgeAll(faults: [Int: [Int: TrusteeKeyFile.ShareFault]] = [:]) throws {
        for index in trustees.indices {
            try service.importPledge(trustees[index].pledge(electionBodyBytes: service.electionBodyBytes,
                                                            faults: faults[index + 1] ?? [:]))
        }
    }

    /// The commitment trustee `index` (0-based) pledged, revealed against the recorded pledges.
    func commitment(_ index: Int) throws -> TrusteeCommitmentBody {
        try trustees[index].commit(electionBodyBytes: service.electionBodyBytes, pledges: service.trusteePledges)
    }

    /// `body` signed with the identity key of trustee `index` (0-based), as its tool would sign it.
    func signed<Body: TrusteeSignedBody>(_ body: Body, by index: Int) throws -> Body {
        try trustees[index].sign(body, setupDigest: setupDigest)
    }

    func commitAll() throws {
        try pledgeAll()
        for index in trustees.indices {
            try service.importCommitment(commitment(index))
        }
        for index in trustees.indices {
            try service.importCheck(trustees[index].check(electionBodyBytes: service.electionBodyBytes, commitments: service.trusteeCommitments))
        }
    }

    /// Ceremony, a small roll, and open voting. Returns the activation codes by voter id.
    @discardableResult
    func openWithRoll() throws -> [String: ElectionService.IssuedCode] {
        try commitAll()
        try service.openVoting()
        let codes = try service.importRoll(VoterRoll(csv: "voter_id,district\nv1,north\nv2,north\nv3,south\nv4,south\n"))
        return Dictionary(uniqueKeysWithValues: codes.map { ($0.voterID, $0) })
    }

    /// A voter's credential and token, through the service.
    func token(_ code: ElectionService.IssuedCode) throws -> (TokenRequest, Ballot.Token) {
        let context = try service.electionContext()
        guard let key = context.tokenKeys[code.district] else { throw ServiceError(.unknownDistrict, code.district) }
        let request = try TokenRequest.make(electionID: manifest.electionID, district: code.district, tokenKey: key)
        let blind = try service.issueToken(voterID: code.voterID, activationCode: code.code, blindedMessage: request.blindedMessage)
        return (request, try request.finalize(blindSignature: blind, tokenKey: key))
    }

    func ballot(_ request: TokenRequest, _ token: Ballot.Token, district: String, _ choices: [String: Set<String>])
        throws -> (Ballot, BallotBuilder.Secrets) {
        try BallotBuilder.encrypt(election: service.electionContext(), district: district, choices: choices,
                                  credential: request.credential, token: token)
    }

    func reopen() throws {
        service.close()
        service = try ElectionService.open(directory: directory)
    }
}

func expectRefused(_ code: ServiceError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected refusal \(code), but it was accepted", sourceLocation: sourceLocation)
    } catch let error as ServiceError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected ServiceError \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
