import Foundation
import UrnaAPI
import UrnaCrypto
import UrnaHTTP
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

/// An open election served by a real ``APIService`` on a loopback socket (port 0), with voters
/// `w0…` alternating north and south; requests go through ``HTTPClient`` connections.
final class ServedFixture: @unchecked Sendable {
    let election: ServiceFixture
    let letters: [IssuedCode]
    let context: ElectionContext
    let api: APIService

    init(voters: Int) throws {
        let roll = "voter_id,district\n" + (0..<voters).map { "w\($0),\($0 % 2 == 0 ? "north" : "south")\n" }.joined()
        election = try ServiceFixture(roll: roll)
        letters = try election.openWithRoll().values.sorted { $0.voterID < $1.voterID }
        context = try election.service.electionContext()
        election.service.close()
        var configuration = APIService.Configuration()
        configuration.http.port = 0
        configuration.limits.ratePerSecond = 1_000_000
        configuration.limits.burst = 1_000_000
        api = try APIService(directories: [election.directory], configuration: configuration, log: { _ in })
    }

    deinit { api.stop() }

    var electionPath: String { "/v1/elections/\(election.manifest.electionID)" }

    /// A new keep-alive connection to the service.
    func client() throws -> HTTPClient {
        try HTTPClient(baseURL: "http://127.0.0.1:\(api.port)")
    }

    /// POSTs a voter's token request on a connection of its own.
    func requestToken(_ letter: IssuedCode, blinded: [UInt8]) throws -> HTTPClientResponse {
        let client = try client()
        defer { client.close() }
        let body = try JSONSerialization.data(withJSONObject: [
            "pseudonym": letter.pseudonym.hex, "activation_code": letter.code, "blinded_message": Hex.encode(blinded),
        ])
        return try client.post("\(electionPath)/tokens", body: Array(body))
    }

    /// The blind signature of a successful token answer.
    static func blindSignature(_ response: HTTPClientResponse) -> [UInt8]? {
        guard response.status == 200,
              let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let hex = object["blind_signature"] as? String else { return nil }
        return try? Hex.decode(hex)
    }

    /// A voter's token request and, through the service over HTTP, its token.
    func token(_ letter: IssuedCode) throws -> (TokenRequest, Ballot.Token) {
        guard let key = context.tokenKeys[letter.district] else { throw ServiceError(.unknownDistrict, letter.district) }
        let request = try TokenRequest.make(electionID: election.manifest.electionID, district: letter.district, tokenKey: key)
        let response = try requestToken(letter, blinded: request.blindedMessage)
        guard let blind = Self.blindSignature(response) else {
            throw ServiceError(.internalFailure, "token refused: \(response.status) \(response.text)")
        }
        return (request, try request.finalize(blindSignature: blind, tokenKey: key))
    }

    /// A valid ballot for the voter (the fixture manifest's choices).
    func ballot(_ letter: IssuedCode) throws -> (Ballot, Ed25519PrivateKey) {
        let (request, token) = try token(letter)
        let choices: [String: Set<String>] = letter.district == "north" ? ["mayor": ["ann"], "council": ["cy"]] : ["mayor": ["ben"]]
        let ballot = try BallotBuilder.encrypt(election: context, district: letter.district, choices: choices,
                                               credential: request.credential, token: token).ballot
        return (ballot, request.credential)
    }

    /// POSTs a ballot on a connection of its own.
    func cast(_ ballot: Ballot) throws -> HTTPClientResponse {
        let client = try client()
        defer { client.close() }
        return try client.post("\(electionPath)/ballots", body: try CanonicalJSON.encode(ballot))
    }

    /// Runs `body(i)` for i in 0..<count on as many threads at once, released together.
    static func together<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws -> T) -> [Result<T, Error>] {
        let results = Slots<T>(count)
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread.detachNewThread {
                start.wait()
                results.set(index, Result { try body(index) })
                group.leave()
            }
        }
        for _ in 0..<count { start.signal() }
        group.wait()
        return results.values
    }
}

/// One result per thread.
final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, Error>?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<T, Error>) { lock.withLock { slots[index] = value } }
    var values: [Result<T, Error>] {
        lock.withLock { slots.map { $0 ?? .failure(ServiceError(.internalFailure, "no result")) } }
    }
}
