import Foundation
import UrnaCrypto
import UrnaHTTP
import UrnaRecord
import UrnaService

/// The voter's routes: district, token, cast, spoil, lookups and receipts (`Specs/api.md` §3).
extension ElectionRoutes {
    struct VoterRequest: Codable {
        let pseudonym: String
        let activationCode: String
        let blindedMessage: HexBytes?
        let district: String?

        enum CodingKeys: String, CodingKey {
            case pseudonym, district
            case activationCode = "activation_code"
            case blindedMessage = "blinded_message"
        }
    }

    /// The pseudonym of a request, refused when malformed.
    private func pseudonym(_ request: VoterRequest) throws -> Pseudonym {
        guard let pseudonym = Pseudonym(typed: request.pseudonym) else {
            throw ServiceError(.invalidInput, "'pseudonym' must be the 32 hex digits printed on the voter's letter")
        }
        return pseudonym
    }

    /// Runs `body` as one activation-code attempt of `client` for `pseudonym`: refused while
    /// this client is locked for it; a wrong code counts (`Specs/api.md` §7).
    private func attempt<T>(_ pseudonym: Pseudonym, client: String, _ body: () throws -> T) throws -> T {
        if let seconds = limits.beginAttempt(pseudonym: pseudonym.hex, client: client) {
            throw ServiceError(.locked, "too many wrong activation codes for this pseudonym from this address; try again in \(Int(seconds)) s, and check the code on your letter")
        }
        do {
            let value = try body()
            limits.finishAttempt(pseudonym: pseudonym.hex, client: client, failed: false)
            return value
        } catch let error as ServiceError where error.code == .notAuthorized {
            if limits.finishAttempt(pseudonym: pseudonym.hex, client: client, failed: true) {
                throw ServiceError(.locked, "\(error.reason); after \(limits.configuration.maxFailedCodes) wrong codes this pseudonym is locked for \(Int(limits.configuration.lockSeconds / 60)) minutes from this address")
            }
            throw error
        } catch {
            limits.finishAttempt(pseudonym: pseudonym.hex, client: client, failed: false)
            throw error
        }
    }

    func district(_ request: HTTPRequest, client: String) throws -> HTTPResponse {
        let body = try APIResponse.body(VoterRequest.self, of: request)
        let pseudonym = try pseudonym(body)
        let district = try attempt(pseudonym, client: client) {
            try host.withService { try $0.voterDistrict(pseudonym: pseudonym, activationCode: body.activationCode) }
        }
        return try APIResponse.json(["district": district])
    }

    private struct TokenAnswer: Codable {
        let district: String
        let blindSignature: HexBytes
        enum CodingKeys: String, CodingKey {
            case district
            case blindSignature = "blind_signature"
        }
    }

    func token(_ request: HTTPRequest, client: String) throws -> HTTPResponse {
        let body = try APIResponse.body(VoterRequest.self, of: request)
        guard let blinded = body.blindedMessage else {
            throw ServiceError(.invalidInput, "a token request needs 'blinded_message' (hex)")
        }
        let pseudonym = try pseudonym(body)
        let (district, signature) = try attempt(pseudonym, client: client) {
            try host.withService { service in
                let district = try service.voterDistrict(pseudonym: pseudonym, activationCode: body.activationCode)
                let signature = try service.issueToken(pseudonym: pseudonym, activationCode: body.activationCode,
                                                       district: body.district, blindedMessage: blinded.bytes)
                return (district, signature)
            }
        }
        metrics.increment("urna_tokens_issued_total", ["election": host.electionID])
        return try APIResponse.json(TokenAnswer(district: district, blindSignature: HexBytes(signature)), status: .ok)
    }

    func cast(_ request: HTTPRequest) throws -> HTTPResponse {
        var recorded = false
        do {
            // Decoding the ballot's points is CPU work: one cast per core at a time (CPUGate).
            let (ballot, canonical) = try CPUGate.process.run { try APIResponse.ballotBody(of: request) }
            let cast = try host.withService { try $0.castBallot(ballot, canonicalBody: canonical) }
            let seq = cast.seq
            recorded = true
            metrics.increment("urna_ballots_accepted_total", ["election": host.electionID])
            // Acknowledged only once durable (castBallot returned) and under a signed checkpoint.
            // From here on the ballot is recorded: any failure says so (never "nothing recorded").
            do {
                let checkpoint = try publisher.covering(seq)
                let receipt = try host.withService { try $0.receipt(for: cast, under: checkpoint) }
                return try APIResponse.json(receipt, status: .created)
            } catch {
                throw ServiceError(.unavailable, "the ballot is recorded at entry \(seq) (tracking code \(Ballot.shortTrackingCode(ballot.trackingCode))) but its receipt cannot be made right now; fetch it shortly with GET …/receipts/\(ballot.trackingCode.hex)")
            }
        } catch {
            if !recorded {  // a recorded ballot whose receipt failed is not a refusal
                let code = APIResponse.problem(for: error).code
                metrics.increment("urna_ballots_refused_total", ["election": host.electionID, "reason": code])
            }
            throw error
        }
    }

    private struct SpoilAnswer: Codable {
        let seq: UInt64
        let trackingCode: HexBytes
        enum CodingKeys: String, CodingKey {
            case seq
            case trackingCode = "tracking_code"
        }
    }

    func spoil(_ request: HTTPRequest) throws -> HTTPResponse {
        let spoiled = try CPUGate.process.run { try APIResponse.body(SpoiledBody.self, of: request) }
        let seq = try host.withService { try $0.spoilBallot(spoiled) }
        metrics.increment("urna_spoils_accepted_total", ["election": host.electionID])
        do {
            _ = try publisher.covering(seq)
        } catch {
            throw ServiceError(.unavailable, "the spoiled ballot is recorded at entry \(seq) but no checkpoint covers it yet; find it shortly with GET …/ballots?signature=\(spoiled.ballot.signature.bytes.hex)")
        }
        return try APIResponse.json(SpoilAnswer(seq: seq, trackingCode: HexBytes(spoiled.ballot.trackingCode)), status: .created)
    }

    private struct Found: Codable {
        let seq: UInt64
        let spoiled: Bool
        let trackingCode: HexBytes
        enum CodingKeys: String, CodingKey {
            case seq, spoiled
            case trackingCode = "tracking_code"
        }
        init(_ item: BallotIndex.Item) {
            seq = item.seq
            spoiled = item.spoiled
            trackingCode = HexBytes(item.trackingCode)
        }
    }

    func lookup(_ request: HTTPRequest) throws -> HTTPResponse {
        let query = try APIResponse.query(request)
        try host.withService { try index.update($0) }
        if let text = query["signature"], query.count == 1 {
            guard text.count <= 256, let signature = try? Hex.decode(text) else {
                throw ServiceError(.invalidInput, "'signature' must be hex")
            }
            guard let item = index.find(signature: signature) else {
                throw ServiceError(.notFound, "no ballot with this signature is in the record")
            }
            return try APIResponse.json(Found(item))
        }
        if let text = query["credential"], query.count == 1 {
            guard text.count <= 256, let credential = try? Hex.decode(text) else {
                throw ServiceError(.invalidInput, "'credential' must be hex")
            }
            return try APIResponse.json(["ballots": index.ballots(credential: credential).map(Found.init)])
        }
        throw ServiceError(.invalidInput, "look a ballot up with ?signature=HEX or ?credential=HEX")
    }

    /// A receipt with a fresh inclusion proof under the latest checkpoint.
    func receipt(trackingCode: String) throws -> HTTPResponse {
        try host.withService { try index.update($0) }
        let item = try index.find(trackingCode: trackingCode)
        guard !item.spoiled else {
            throw ServiceError(.notFound, "the ballot with this tracking code was spoiled (challenged), not cast: it has no receipt")
        }
        let checkpoint = try publisher.covering(item.seq)
        let receipt = try host.withService { try $0.receipt(seq: item.seq, under: checkpoint) }
        return try APIResponse.json(receipt)
    }
}

extension ServiceError.Code {
    static let locked = Self(rawValue: "locked")
}
