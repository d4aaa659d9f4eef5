import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService

/// `urna vote`: the voter's client in local mode — obtains a token with the activation code,
/// encrypts the choices, and casts (or spoils) the ballot directly against the database.
enum VoteCommand {
    static let help = """
    usage: urna vote --dir DIR --voter ID --code CODE --district D --choice CONTEST=CAND[,CAND…]… --wallet FILE [--spoil] [--receipt-out FILE]
      --choice may repeat, one per contest; a contest left out is an undervote (if its minimum allows).
      --spoil challenges the ballot instead of casting it: its nonces are published and it never counts.
      --wallet keeps the credential and token (mode 0600): the voter can spoil, then cast, or re-vote,
               and a failed attempt is retried safely; if FILE holds a token, no new one is requested.
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
        let walletPath = try args.required("wallet")
        try ElectionCommand.withService(["--dir", try args.required("dir")]) { service in
            let context = try service.electionContext()
            try BallotBuilder.validate(choices: choices, district: district, manifest: context.manifest)
            let wallet = try token(service: service, context: context, district: district, walletPath: walletPath, args: args)
            let credential = try Ed25519PrivateKey(rawRepresentation: wallet.credential.bytes)
            guard let token = wallet.token else { throw ServiceError(.internalFailure, "the wallet holds no token") }
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
                    print("receipt written to \(Console.safe(path))")
                }
            }
        }
    }

    /// The wallet's token; obtains it first if needed. The pending request is saved before the
    /// service is asked, so a failure at any point can be retried with the same blinded message
    /// (the service answers it with the same blind signature) and the voter's token is never lost.
    static func token(service: ElectionService, context: ElectionContext, district: String, walletPath: String,
                      args: Arguments) throws -> VoterWallet {
        var wallet: VoterWallet
        if let saved = try VoterWallet.read(from: walletPath) {
            guard saved.electionID == context.manifest.electionID, saved.district == district else {
                throw Arguments.UsageError(description: "the wallet holds a token for \(Console.safe(saved.electionID))/\(Console.safe(saved.district)), not \(Console.safe(context.manifest.electionID))/\(Console.safe(district))")
            }
            wallet = saved
        } else {
            guard let tokenKey = context.tokenKeys[district] else {
                throw Arguments.UsageError(description: "unknown district '\(Console.safe(district))'")
            }
            let request = try TokenRequest.make(electionID: context.manifest.electionID, district: district, tokenKey: tokenKey)
            wallet = VoterWallet(electionID: context.manifest.electionID, district: district,
                                 credential: HexBytes(request.credential.rawRepresentation), pending: .init(request), token: nil)
            try Files.write(CanonicalJSON.encode(wallet), to: walletPath, private: true)
        }
        guard wallet.token == nil else { return wallet }
        guard let pending = wallet.pending, let tokenKey = context.tokenKeys[district] else {
            throw ServiceError(.internalFailure, "the wallet holds neither a token nor a pending request")
        }
        let request = TokenRequest(credential: try Ed25519PrivateKey(rawRepresentation: wallet.credential.bytes), district: district,
                                   preparedMessage: pending.prepared.bytes, blindedMessage: pending.blinded.bytes,
                                   inverse: BlindRSA.Inverse(bytes: pending.inverse.bytes))
        let blindSignature = try service.issueToken(voterID: try args.required("voter"), activationCode: try args.required("code"),
                                                    blindedMessage: request.blindedMessage)
        do {
            wallet.token = try request.finalize(blindSignature: blindSignature, tokenKey: tokenKey)
        } catch {
            throw ServiceError(.notAuthorized, "the token does not verify for district '\(district)': is this voter registered there?")
        }
        wallet.pending = nil
        try Files.write(CanonicalJSON.encode(wallet), to: walletPath, private: true)
        return wallet
    }

    /// `mayor=alice` or `council=dan,erin`, or `mayor=` for an explicit blank.
    static func parseChoices(_ values: [String]) throws -> [String: Set<String>] {
        var choices: [String: Set<String>] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "=") else {
                throw Arguments.UsageError(description: "--choice '\(Console.safe(value))' must look like CONTEST=CANDIDATE[,CANDIDATE]")
            }
            let contest = String(value[..<equals])
            guard choices[contest] == nil else { throw Arguments.UsageError(description: "contest '\(Console.safe(contest))' is chosen twice") }
            choices[contest] = Set(value[value.index(after: equals)...].split(separator: ",").map(String.init))
        }
        return choices
    }
}

/// The voter client's saved credential, its pending token request and then its token (secret: mode 0600).
struct VoterWallet: Codable {
    struct Pending: Codable {
        let prepared: HexBytes
        let blinded: HexBytes
        let inverse: HexBytes

        init(_ request: TokenRequest) {
            prepared = HexBytes(request.preparedMessage)
            blinded = HexBytes(request.blindedMessage)
            inverse = HexBytes(request.inverse.bytes)
        }
    }

    let electionID: String
    let district: String
    let credential: HexBytes
    var pending: Pending?
    var token: Ballot.Token?

    enum CodingKeys: String, CodingKey {
        case district, credential, pending, token
        case electionID = "election_id"
    }

    static func read(from path: String) throws -> VoterWallet? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try CanonicalJSON.decodeInput(VoterWallet.self, from: Files.read(path))
    }
}
