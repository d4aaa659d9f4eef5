// Shared by the service and API test targets: an election in a temporary directory.
import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaRegistrar
import UrnaService
import UrnaTrustee

/// A voter's letter, as the tests use it.
public struct IssuedCode: Sendable {
    public let voterID: String
    public let district: String
    public let pseudonym: Pseudonym
    /// Displayed form.
    public let code: String

    public init(voterID: String, district: String, pseudonym: Pseudonym, code: String) {
        self.voterID = voterID
        self.district = district
        self.pseudonym = pseudonym
        self.code = code
    }
}

/// An election in a temporary directory with 2048-bit token keys, three trustees (k = 2) and a
/// registrar whose roll is v1, v2 (north), v3, v4 (south) unless the test gives another.
public final class ServiceFixture {
    public let directory: URL
    public var service: ElectionService
    public var trustees: [TrusteeKeyFile]
    public let manifest: Manifest
    public var registrar: RegistrarKeyFile

    public static func manifest(revoting: Bool = false, spoilLimit: Int = 1) throws -> Manifest {
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

    public static let defaultRoll = "voter_id,district\nv1,north\nv2,north\nv3,south\nv4,south\n"

    public init(revoting: Bool = false, spoilLimit: Int = 1, roll: String = ServiceFixture.defaultRoll) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-service-\(UUID().uuidString)")
        manifest = try Self.manifest(revoting: revoting, spoilLimit: spoilLimit)
        trustees = try (1...3).map { try TrusteeKeyFile.create(name: "t\($0)") }
        registrar = try RegistrarKeyFile.create(name: "registrar", roll: VoterRoll(csv: roll))
        service = try ElectionService.create(directory: directory, manifest: manifest, trustees: trustees.map(\.publicInfo),
                                             threshold: 2, registrar: registrar.publicInfo, tokenKeyBits: 2048)
    }

    /// The registrar's signed roll for this election.
    public func rollMessage() throws -> RegistrarMessage {
        RegistrarMessage(bodies: try registrar.roll(electionBodyBytes: service.electionBodyBytes))
    }

    /// Publishes the roll; returns every voter's letter by voter id.
    @discardableResult
    public func importRoll() throws -> [String: IssuedCode] {
        try service.importRoll(rollMessage())
        return try letters()
    }

    public func letters() throws -> [String: IssuedCode] {
        Dictionary(uniqueKeysWithValues: try registrar.letters(electionID: manifest.electionID).map {
            ($0.voterID, IssuedCode(voterID: $0.voterID, district: $0.letter.district, pseudonym: $0.letter.pseudonym, code: $0.letter.code.displayed))
        })
    }

    /// A voter's pseudonym by voter id (a fresh, unknown one for an id not on the roll).
    public func pseudonym(_ voterID: String) throws -> Pseudonym {
        try letters()[voterID]?.pseudonym ?? Pseudonym.generate()
    }

    deinit {
        service.close()
        try? FileManager.default.removeItem(at: directory)
    }

    public var setupDigest: [UInt8] { ElectionBody.setupDigest(bodyBytes: service.electionBodyBytes) }

    /// Every trustee pledges and the service records the pledges; `faults[i][j]` corrupts the
    /// share trustee `i` (1-based) will send `j`.
    package func pledgeAll(faults: [Int: [Int: TrusteeKeyFile.ShareFault]] = [:]) throws {
        for index in trustees.indices {
            try service.importPledge(trustees[index].pledge(electionBodyBytes: service.electionBodyBytes,
                                                            faults: faults[index + 1] ?? [:]))
        }
    }

    /// The commitment trustee `index` (0-based) pledged, revealed against the recorded pledges.
    public func commitment(_ index: Int) throws -> TrusteeCommitmentBody {
        try trustees[index].commit(electionBodyBytes: service.electionBodyBytes, pledges: service.trusteePledges)
    }

    /// `body` signed with the identity key of trustee `index` (0-based), as its tool would sign it.
    public func signed<Body: TrusteeSignedBody>(_ body: Body, by index: Int) throws -> Body {
        try trustees[index].sign(body, setupDigest: setupDigest)
    }

    public func commitAll() throws {
        try pledgeAll()
        for index in trustees.indices {
            try service.importCommitment(commitment(index))
        }
        for index in trustees.indices {
            try service.importCheck(trustees[index].check(electionBodyBytes: service.electionBodyBytes, commitments: service.trusteeCommitments))
        }
    }

    /// The roll, the ceremony, and open voting. Returns the letters by voter id.
    @discardableResult
    public func openWithRoll() throws -> [String: IssuedCode] {
        let codes = try importRoll()
        try commitAll()
        try service.openVoting()
        return codes
    }

    /// A voter's credential and token, through the service.
    public func token(_ code: IssuedCode) throws -> (TokenRequest, Ballot.Token) {
        let context = try service.electionContext()
        guard let key = context.tokenKeys[code.district] else { throw ServiceError(.unknownDistrict, code.district) }
        let request = try TokenRequest.make(electionID: manifest.electionID, district: code.district, tokenKey: key)
        let blind = try service.issueToken(pseudonym: code.pseudonym, activationCode: code.code, blindedMessage: request.blindedMessage)
        return (request, try request.finalize(blindSignature: blind, tokenKey: key))
    }

    public func ballot(_ request: TokenRequest, _ token: Ballot.Token, district: String, _ choices: [String: Set<String>])
        throws -> (Ballot, BallotBuilder.Secrets) {
        try BallotBuilder.encrypt(election: service.electionContext(), district: district, choices: choices,
                                  credential: request.credential, token: token)
    }

    public func reopen() throws {
        service.close()
        service = try ElectionService.open(directory: directory)
    }
}
