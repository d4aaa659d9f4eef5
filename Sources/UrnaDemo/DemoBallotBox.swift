import Foundation
import UrnaClient
import UrnaHTTP
import UrnaRecord
import UrnaService

/// Where the demo's attackers send their attempts: the service itself, in process, or the
/// service's HTTP API (`Specs/api.md`), where a refusal arrives as a problem code.
protocol DemoBallotBox: Sendable {
    /// Where the attempts go, for the output: "in process" or "over HTTP".
    var route: String { get }
    /// The code a ballot with a point off the curve is refused with: the service's own check
    /// says `malformed`; the API refuses a body that does not decode as `invalid-input` first.
    var offCurveCode: ServiceError.Code { get }
    func issueToken(pseudonym: Pseudonym, activationCode: String, blindedMessage: [UInt8]) throws
    func cast(_ ballot: Ballot) throws
    /// A ballot as raw JSON, which the attacker may have altered beyond what `Ballot` can hold.
    func cast(json: [UInt8]) throws
    func spoil(_ spoiled: SpoiledBody) throws
}

/// The service in this process.
struct LocalBallotBox: DemoBallotBox {
    let service: ElectionService
    var route: String { "in process" }
    var offCurveCode: ServiceError.Code { .malformed }
    func issueToken(pseudonym: Pseudonym, activationCode: String, blindedMessage: [UInt8]) throws {
        _ = try service.issueToken(pseudonym: pseudonym, activationCode: activationCode, blindedMessage: blindedMessage)
    }
    func cast(_ ballot: Ballot) throws { _ = try service.castBallot(ballot) }
    func cast(json: [UInt8]) throws { _ = try service.castBallot(json: json) }
    func spoil(_ spoiled: SpoiledBody) throws { _ = try service.spoilBallot(spoiled) }
}

/// The service's API, through the voter's client (``RemoteElection``); the raw JSON ballot is
/// posted as is, since the client only sends ballots it can encode.
struct RemoteBallotBox: DemoBallotBox {
    let remote: RemoteElection
    let client: HTTPClient
    var route: String { "over HTTP" }
    var offCurveCode: ServiceError.Code { .invalidInput }
    func issueToken(pseudonym: Pseudonym, activationCode: String, blindedMessage: [UInt8]) throws {
        _ = try remote.issueToken(pseudonym: pseudonym, activationCode: activationCode, district: nil, blindedMessage: blindedMessage)
    }
    func cast(_ ballot: Ballot) throws { _ = try remote.cast(ballot) }
    func spoil(_ spoiled: SpoiledBody) throws { _ = try remote.spoil(spoiled) }

    func cast(json: [UInt8]) throws {
        struct Problem: Codable { let code: String; let detail: String? }
        let response = try client.post("/v1/elections/\(remote.electionID)/ballots", body: json)
        guard response.status != 201 else { return }
        guard let problem = try? JSONDecoder().decode(Problem.self, from: Data(response.body)) else {
            throw DemoError("the service answered a ballot with \(response.status) and no problem document")
        }
        throw ClientError(problem.code, problem.detail ?? "", fromService: true)
    }
}
