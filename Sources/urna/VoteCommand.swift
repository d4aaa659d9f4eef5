import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService

/// `urna vote`: the voter's client in local mode — obtains a token with the activation code,
/// encrypts the choices, and casts (or spoils) the ballot directly against the database.
enum VoteCommand {
    static let help = """
    usage: urna vote --dir DIR --voter ID --code CODE --district D --choice CONTEST=CAND[,CAND…]… [--spoil] [--wallet FILE] [--receipt-out FILE]
      --choice may repeat, one per contest; a contest left out is an undervote (if its minimum allows).
      --spoil challenges the ballot instead of casting it: its nonces are published and it never counts.
      --wallet keeps the credential and token (mode 0600) so the voter can spoil, then cast, or re-vote;
               if FILE exists its token is used and no new one is requested.
      --receipt-out writes the receipt (tracking code, inclusion proof, signed checkpoint);
               check it any time with 'scrutineer receipt FILE --record RECORD'.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "voter", "code", "district", "choice", "wallet", "receipt-out"], switches: ["spoil"])
        if args.wantsHelp {
            print(help)
            return
        }
        let choices = try parseChoices(args.all("choice"))
        let district = try args.required("district")
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            let context = try service.electionContext()
            try BallotBuilder.validate(choices: choices, district: district, manifest: context.manifest)
            let wallet = try args.optional("wallet").flatMap { try VoterWallet.read(from: $0) }
                ?? obtainToken(service: service, context: context, district: district, args: args)
            guard wallet.electionID == context.manifest.electionID, wallet.district == district else {
                throw Arguments.UsageError(description: "the wallet holds a token for \(wallet.electionID)/\(wallet.district), not \(context.manifest.electionID)/\(district)")
            }
            let credential = try Ed25519PrivateKey(rawRepresentation: wallet.credential.bytes)
            let token = wallet.token
            let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                              credential: credential, token: token)
            if args.has("spoil") {
                let seq = try service.spoilBallot(SpoiledBody(ballot: ballot, secrets: secrets))
                print("spoiled ballot recorded at entry \(seq); anyone can check it encrypted your choices")
            } else {
                let receipt = try service.castBallot(ballot)
                print("ballot cast at entry \(receipt.seq)")
                print("tracking code: \(receipt.shortTrackingCode)  (full: \(receipt.trackingCode.hex))")
                if let path = args.optional("receipt-out") {
                    try Files.write(service.receipt(seq: receipt.seq).encoded(), to: path)
                    print("receipt written to \(path)")
                }
            }
        }
    }

    /// Runs the token protocol (the only step that uses the activation code) and saves the wallet.
    static func obtainToken(service: ElectionService, context: ElectionContext, district: String, args: Arguments) throws -> VoterWallet {
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
        let wallet = VoterWallet(electionID: context.manifest.electionID, district: district,
                                 credential: HexBytes(request.credential.rawRepresentation), token: token)
        if let path = args.optional("wallet") { try Files.write(CanonicalJSON.encode(wallet), to: path, private: true) }
        return wallet
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

/// The voter client's saved credential and token (secret: mode 0600).
struct VoterWallet: Codable {
    let electionID: String
    let district: String
    let credential: HexBytes
    let token: Ballot.Token

    enum CodingKeys: String, CodingKey {
        case district, credential, token
        case electionID = "election_id"
    }

    static func read(from path: String) throws -> VoterWallet? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try CanonicalJSON.decode(VoterWallet.self, from: Files.read(path))
    }
}
