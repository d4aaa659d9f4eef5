import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService

/// `urna vote`: the voter's client in local mode — obtains a token with the activation code,
/// encrypts the choices, and casts (or spoils) the ballot directly against the database.
enum VoteCommand {
    static let help = """
    usage: urna vote --dir DIR --voter ID --code CODE --district D --choice CONTEST=CAND[,CAND…]… [--spoil]
      --choice may repeat, one per contest; a contest left out is an undervote (if its minimum allows).
      --spoil challenges the ballot instead of casting it: its nonces are published and it never counts.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "voter", "code", "district", "choice"], switches: ["spoil"])
        if args.wantsHelp {
            print(help)
            return
        }
        let choices = try parseChoices(args.all("choice"))
        let district = try args.required("district")
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            let context = try service.electionContext()
            guard let tokenKey = context.tokenKeys[district] else {
                throw Arguments.UsageError(description: "unknown district '\(district)'")
            }
            let request = try TokenRequest.make(electionID: context.manifest.electionID, district: district, tokenKey: tokenKey)
            let blindSignature = try service.issueToken(voterID: try args.required("voter"), activationCode: try args.required("code"),
                                                        blindedMessage: request.blindedMessage)
            let token: Ballot.Token
            do {
                token = try request.finalize(blindSignature: blindSignature, tokenKey: tokenKey)
            } catch {
                throw ServiceError(.notAuthorized, "the token does not verify for district '\(district)': is this voter registered there?")
            }
            let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                              credential: request.credential, token: token)
            if args.has("spoil") {
                let seq = try service.spoilBallot(SpoiledBody(ballot: ballot, secrets: secrets))
                print("spoiled ballot recorded at entry \(seq); anyone can check it encrypted your choices")
            } else {
                let receipt = try service.castBallot(ballot)
                print("ballot cast at entry \(receipt.seq)")
                print("tracking code: \(receipt.shortTrackingCode)  (full: \(receipt.trackingCode.hex))")
            }
        }
    }

    /// `mayor=alice` or `council=dan,erin`, or `mayor=` for an explicit blank.
    static func parseChoices(_ values: [String]) throws -> [String: Set<String>] {
        var choices: [String: Set<String>] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "=") else {
                throw Arguments.UsageError(description: "--choice '\(value)' must look like CONTEST=CANDIDATE[,CANDIDATE]")
            }
            let contest = String(value[..<equals])
            guard choices[contest] == nil else { throw Arguments.UsageError(description: "contest '\(contest)' is chosen twice") }
            choices[contest] = Set(value[value.index(after: equals)...].split(separator: ",").map(String.init))
        }
        return choices
    }
}
