import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaClient
import UrnaService

/// The voter client's token: the district to ask for, and the blind-signature exchange.
enum VoteToken {
    /// The voter's district: the wallet's, else the letter's, else (typed pseudonym and code, over
    /// the network) the registrar-signed roll's in the record; the service's answer, asked with
    /// the voter's code, must be the same. A `--district` that is not the voter's own is refused before anything is
    /// recorded or saved, so a mistaken district never burns the voter's only token.
    static func district(backend: any VotingBackend, electionID: String, wallet: VoterWallet?, args: Arguments) throws -> String {
        let given = args.optional("district")
        if let wallet, wallet.token != nil || wallet.pending != nil {
            guard given == nil || given == wallet.district else {
                throw Arguments.UsageError(description: "the wallet holds a token for district '\(Console.safe(wallet.district))', not '\(Console.safe(given ?? ""))'; leave out --district")
            }
            return wallet.district
        }
        let voter = try letterCredentials(args, electionID: electionID)
        let served = try backend.voterDistrict(pseudonym: voter.pseudonym, activationCode: voter.code)
        let own: String
        if let lettered = voter.district {
            // The registrar's letter names the district; the service must agree with it.
            guard served == lettered else {
                throw ServiceError(.voterOtherDistrict, "the service says this voter is on the roll of district '\(Console.safe(served))', but the registrar's letter says '\(Console.safe(lettered))'; nothing was asked for or recorded (a token of another district would put your ballot in the wrong contests) — report this to the commission and the observers")
            }
            own = lettered
        } else if let remote = backend as? RemoteVoting {
            // Typed pseudonym and code: the registrar-signed roll in the record names the district.
            let rolled = try remote.remote.rollDistrict(pseudonym: voter.pseudonym, activationCode: voter.code)
            guard served == rolled else {
                throw ServiceError(.voterOtherDistrict, "the service says this voter is on the roll of district '\(Console.safe(served))', but the registrar-signed roll in the record says '\(Console.safe(rolled))'; nothing was asked for or recorded — report this to the commission and the observers")
            }
            own = rolled
        } else {
            own = served
        }
        if let given, given != own {
            throw ServiceError(.voterOtherDistrict,
                               "this voter is on the roll of district '\(own)', not '\(given)'; nothing was recorded — leave out --district (or give '\(own)')")
        }
        return own
    }

    /// The pseudonym and activation code: from `--letter LETTER`, or typed with `--pseudonym` and `--code`.
    /// `district` is the letter's (nil when typed).
    static func letterCredentials(_ args: Arguments, electionID: String) throws -> (pseudonym: Pseudonym, code: String, district: String?) {
        if let path = args.optional("letter") {
            guard args.optional("pseudonym") == nil, args.optional("code") == nil else {
                throw Arguments.UsageError(description: "give either --letter or --pseudonym with --code, not both")
            }
            let letter = try VoterLetterFile.read(path)
            guard letter.electionID == electionID else {
                throw FileError(description: "\(Console.safe(path)) is a letter for election '\(Console.safe(letter.electionID))', not '\(Console.safe(electionID))'; nothing was sent (check --dir or --server, or the letter)")
            }
            return (letter.pseudonym, letter.code.displayed, letter.district)
        }
        guard let typed = args.optional("pseudonym"), let code = args.optional("code") else {
            throw Arguments.UsageError(description: "give --letter LETTER (the registrar's letter), or --pseudonym and --code as printed on it")
        }
        guard let pseudonym = Pseudonym(typed: typed) else {
            throw Arguments.UsageError(description: "--pseudonym: 32 hex digits as printed on your letter, got '\(Console.safe(typed))'")
        }
        return (pseudonym, code, nil)
    }

    /// The wallet with its token; obtains the token first if needed. The pending request is
    /// saved before the service is asked, so a failure at any point is retried with the same
    /// blinded message (the service answers it with the same blind signature).
    static func obtain(backend: any VotingBackend, context: ElectionContext, district: String, wallet saved: VoterWallet?,
                       walletPath: String, args: Arguments) throws -> VoterWallet {
        var wallet: VoterWallet
        if let saved {
            guard saved.electionID == context.manifest.electionID else {
                throw FileError(description: "the wallet \(Console.safe(walletPath)) belongs to election '\(Console.safe(saved.electionID))', not '\(Console.safe(context.manifest.electionID))'; use another --wallet")
            }
            wallet = saved
            if let server = backend.server {
                wallet.server = server
                wallet.ledgerKey = try backend.verifiedLedgerKey()
            }
        } else {
            guard let tokenKey = context.tokenKeys[district] else {
                throw RecordError(.unknownDistrict, "district '\(district)' is not in the manifest")
            }
            let request = try TokenRequest.make(electionID: context.manifest.electionID, district: district, tokenKey: tokenKey)
            wallet = VoterWallet(electionID: context.manifest.electionID, server: backend.server, ledgerKey: try backend.verifiedLedgerKey(),
                                 district: district, credential: HexBytes(request.credential.rawRepresentation),
                                 pending: .init(request), token: nil)
            try wallet.write(to: walletPath)
        }
        guard wallet.token == nil else { return wallet }
        guard let pending = wallet.pending, let tokenKey = context.tokenKeys[wallet.district] else {
            throw FileError(description: "the wallet \(Console.safe(walletPath)) holds neither a token nor a pending request; it is damaged")
        }
        let request = TokenRequest(credential: try wallet.credentialKey, district: wallet.district,
                                   preparedMessage: pending.prepared.bytes, blindedMessage: pending.blinded.bytes,
                                   inverse: BlindRSA.Inverse(bytes: pending.inverse.bytes))
        let blindSignature: [UInt8]
        do {
            let voter = try letterCredentials(args, electionID: context.manifest.electionID)
            blindSignature = try backend.issueToken(pseudonym: voter.pseudonym, activationCode: voter.code,
                                                    district: wallet.district, blindedMessage: request.blindedMessage)
        } catch where problemCode(error) == ServiceError.Code.alreadyIssued.rawValue {
            // A new wallet for a voter already served: it can never get a token; remove it so the
            // voter is not left with a useless file, and point to the first wallet.
            if saved == nil { try? FileManager.default.removeItem(atPath: walletPath) }
            throw ServiceError(.alreadyIssued, "a token was already issued to this voter for another request: use the wallet of that first request (its --wallet file); \(saved == nil ? "the new wallet \(walletPath) was removed" : "this wallet cannot get a token")")
        }
        do {
            wallet.token = try request.finalize(blindSignature: blindSignature, tokenKey: tokenKey)
        } catch {
            throw ServiceError(.badToken, "the service's blind signature does not verify under the public token key of district '\(wallet.district)'; nothing was cast and your token request is kept in the wallet (run the same command again later); report this to the commission")
        }
        wallet.pending = nil
        try wallet.write(to: walletPath)
        return wallet
    }
}
