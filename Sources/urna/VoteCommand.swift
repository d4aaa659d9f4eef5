import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaService

/// `urna vote`: the voter's client in local mode — obtains a token with the activation code,
/// encrypts the choices, and casts (or spoils) the ballot directly against the database.
enum VoteCommand {
    static let help = """
    usage: urna vote --dir DIR (--letter LETTER | --pseudonym P --code CODE) (--choice CONTEST=CAND[,CAND…]… | --blank) --wallet FILE
                     [--district D] [--spoil] [--receipt-out FILE]
      --letter the voting letter from the registrar (its pseudonym and activation code); or type
               them with --pseudonym and --code.
      --choice may repeat, one per contest; a contest left out is an undervote (if its minimum
               allows); 'CONTEST=' is an explicit blank for that contest. A vote with no --choice
               is refused unless --blank says the whole ballot is meant to be blank.
      --district is optional: the service tells the client the voter's district from the roll
               (given, it must be that district — nothing is recorded otherwise).
      --spoil  challenges the ballot instead of casting it (Benaloh): its nonces are published,
               it never counts, and 'urna voter audit' shows the choices anyone can recover from it.
               Privacy: a spoiled ballot is published under the same credential as the ballot you
               cast, with its choices in the clear. Audit with choices other than the ones you will
               cast if you do not want your audit to hint at your vote (SECURITY.md).
      --wallet keeps the credential, the token, the ballot being sent and every receipt (mode 0600):
               an interrupted vote is finished by running the same command again, and
               'urna voter receipt --wallet FILE' writes a lost receipt again.
      --receipt-out writes the receipt (tracking code, inclusion proof, signed checkpoint);
               check it any time with 'scrutineer receipt FILE --record RECORD'.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "letter", "pseudonym", "code", "district", "choice", "wallet", "receipt-out"],
                                 switches: ["spoil", "blank"])
        if args.wantsHelp {
            print(help)
            return
        }
        guard args.positionals.isEmpty else {
            throw Arguments.UsageError(description: "unexpected argument '\(Console.safe(args.positionals[0]))'")
        }
        let choices = try parseChoices(args.all("choice"), blank: args.has("blank"))
        let walletPath = try args.required("wallet")
        let receiptPath = args.optional("receipt-out")
        if args.has("spoil"), receiptPath != nil {
            throw Arguments.UsageError(description: "--receipt-out is for a cast ballot: a spoiled ballot has no receipt (see what it encrypted with 'urna voter audit')")
        }
        if let receiptPath { try OutputFile.receipt(receiptPath).check(notSameAs: [walletPath]) }
        let dir = try args.required("dir")
        try ElectionCommand.withService(["--dir", dir]) { service in
            var wallet = try VoterWallet.read(from: walletPath)
            // A wallet of another election is refused before anything in it is touched.
            if let saved = wallet, let electionID = service.manifest?.electionID, saved.electionID != electionID {
                throw FileError(description: "the wallet \(Console.safe(walletPath)) belongs to election '\(Console.safe(saved.electionID))', not '\(Console.safe(electionID))' (check --dir, or use another --wallet); it was left untouched")
            }
            // An earlier run that was interrupted after sending a ballot: finish it first.
            if var saved = wallet {
                if let recovered = try resolveOutgoing(&saved, service: service, walletPath: walletPath) {
                    Console.progress("an earlier run of this command sent a ballot that the record holds; it was not sent again")
                    try report(recovered, wallet: saved, receiptPath: receiptPath, walletPath: walletPath)
                    return
                }
                wallet = saved
            }
            guard service.phase == .open else {
                throw ServiceError(.wrongPhase, "voting is not open: the election is in phase '\(service.phase.rawValue)'; next: \(service.phase.nextStep)")
            }
            let context = try service.electionContext()
            if let cast = wallet?.ballots?.last(where: { $0.action == "cast" }), !context.manifest.revoting, !args.has("spoil") {
                try refuseSecondCast(cast, receiptPath: receiptPath, walletPath: walletPath)
            }
            let district = try VoteToken.district(service: service, wallet: wallet, args: args)
            try BallotBuilder.validate(choices: choices, district: district, manifest: context.manifest)
            var ready = try VoteToken.obtain(service: service, context: context, district: district,
                                             wallet: wallet, walletPath: walletPath, args: args)
            guard let token = ready.token else { throw ServiceError(.internalFailure, "the wallet holds no token") }
            let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                              credential: ready.credentialKey, token: token)
            let replaces = !args.has("spoil") && ready.ballots?.contains { $0.action == "cast" } == true
            print(ChoiceText.render(secrets.choices, district: district, manifest: context.manifest,
                                    heading: args.has("spoil") ? "spoiling (challenging) a ballot with"
                                        : replaces ? "re-voting: this ballot replaces your earlier one; casting" : "casting a ballot with"))
            let spoiled = args.has("spoil") ? SpoiledBody(ballot: ballot, secrets: secrets) : nil
            // Saved before sending: an interrupt from here on is finished by the next run.
            ready.outgoing = .init(action: spoiled == nil ? "cast" : "spoil", ballot: ballot, spoiled: spoiled)
            try ready.write(to: walletPath)
            let sent: ElectionService.RecordedBallot
            do {
                if let spoiled {
                    sent = .init(seq: try service.spoilBallot(spoiled), spoiled: true, trackingCode: ballot.trackingCode)
                } else {
                    sent = .init(seq: try service.castBallot(ballot).seq, spoiled: false, trackingCode: ballot.trackingCode)
                }
            } catch {
                // Refused, unless it was recorded after all (an error after the append): look it up.
                if let recorded = try resolveOutgoing(&ready, service: service, walletPath: walletPath) {
                    return try report(recorded, wallet: ready, receiptPath: receiptPath, walletPath: walletPath)
                }
                // The credential already cast, but the wallet lost track of it: restore it.
                if let used = error as? ServiceError, used.code == .credentialUsed,
                   let cast = try restoreRecorded(&ready, service: service, walletPath: walletPath) {
                    try refuseSecondCast(cast, receiptPath: receiptPath, walletPath: walletPath)
                }
                throw error
            }
            // Accepted: the service said where; no need to look it up.
            let recorded = try finish(&ready, found: sent, service: service, walletPath: walletPath)
            try report(recorded, wallet: ready, receiptPath: receiptPath, walletPath: walletPath)
        }
    }

    /// If the wallet has a ballot in flight: when the record holds it, records it in the wallet
    /// (with its receipt for a cast ballot) and returns it; when it does not, forgets it.
    static func resolveOutgoing(_ wallet: inout VoterWallet, service: ElectionService, walletPath: String) throws -> VoterWallet.Recorded? {
        guard let outgoing = wallet.outgoing else { return nil }
        guard let found = try service.recordedBallot(signature: outgoing.ballot.signature.bytes) else {
            wallet.outgoing = nil
            try wallet.write(to: walletPath)
            return nil
        }
        return try finish(&wallet, found: found, service: service, walletPath: walletPath)
    }

    /// Moves the wallet's ballot in flight, now in the record at `found`, into its list of
    /// recorded ballots (with its receipt for a cast ballot), and saves the wallet.
    static func finish(_ wallet: inout VoterWallet, found: ElectionService.RecordedBallot, service: ElectionService,
                       walletPath: String) throws -> VoterWallet.Recorded {
        let receipt = found.spoiled ? nil : try service.receipt(seq: found.seq)
        let recorded = VoterWallet.Recorded(action: found.spoiled ? "spoil" : "cast", seq: found.seq,
                                            trackingCode: HexBytes(found.trackingCode), receipt: receipt,
                                            choices: wallet.outgoing?.spoiled?.choices)
        wallet.ballots = (wallet.ballots ?? []) + [recorded]
        wallet.outgoing = nil
        try wallet.write(to: walletPath)
        return recorded
    }

    /// Puts back into the wallet the ballots the record holds under its credential that it does
    /// not list (with receipts for cast ones); returns the last cast one.
    static func restoreRecorded(_ wallet: inout VoterWallet, service: ElectionService, walletPath: String) throws -> VoterWallet.Recorded? {
        let known = Set((wallet.ballots ?? []).map(\.seq))
        for found in try service.recordedBallots(credential: try wallet.credentialKey.publicKey.rawRepresentation) where !known.contains(found.seq) {
            let receipt = found.spoiled ? nil : try service.receipt(seq: found.seq)
            wallet.ballots = (wallet.ballots ?? []) + [VoterWallet.Recorded(action: found.spoiled ? "spoil" : "cast", seq: found.seq,
                                                                            trackingCode: HexBytes(found.trackingCode), receipt: receipt,
                                                                            choices: nil)]
        }
        try wallet.write(to: walletPath)
        return wallet.ballots?.last { $0.action == "cast" }
    }

    /// This wallet already cast its one ballot: says so, and writes its receipt again if asked,
    /// so a voter retrying after an interrupt still gets it.
    static func refuseSecondCast(_ cast: VoterWallet.Recorded, receiptPath: String?, walletPath: String) throws {
        var kept = ""
        if let receiptPath, let receipt = cast.receipt {
            try OutputFile.receipt(receiptPath).write(receipt.encoded(), notSameAs: [walletPath])
            kept = "; its receipt was written to \(Console.safe(receiptPath))"
        }
        throw ServiceError(.credentialUsed, "this wallet already cast its ballot (entry \(cast.seq), tracking code \(Ballot.shortTrackingCode(cast.trackingCode.bytes))) and this election does not allow re-voting; nothing new was sent\(kept)")
    }

    /// Prints what was recorded and writes the receipt file; a receipt that cannot be written
    /// is reported (it stays in the wallet) without hiding that the ballot was cast.
    static func report(_ recorded: VoterWallet.Recorded, wallet: VoterWallet, receiptPath: String?, walletPath: String) throws {
        let short = Ballot.shortTrackingCode(recorded.trackingCode.bytes)
        if recorded.action == "spoil" {
            print("spoiled ballot recorded at entry \(recorded.seq); it will never count")
            print("tracking code: \(short)  (full: \(recorded.trackingCode.bytes.hex))")
            print("see what it encrypted: urna voter audit --record RECORD --tracking-code \(short) --wallet \(Console.safe(walletPath))")
            print("privacy: its choices are now public under the same credential as the ballot you will cast; if you")
            print("cast the same choices, observers can guess your vote from this audit (see SECURITY.md, spoiled ballots)")
            return
        }
        print("ballot cast at entry \(recorded.seq)")
        print("tracking code: \(short)  (full: \(recorded.trackingCode.bytes.hex))")
        guard let receiptPath, let receipt = recorded.receipt else { return }
        do {
            try OutputFile.receipt(receiptPath).write(receipt.encoded(), notSameAs: [walletPath])
        } catch {
            throw FileError(description: "your ballot WAS cast (entry \(recorded.seq), tracking code \(short)), but the receipt could not be written: \(ErrorText.describe(error)); it is kept in the wallet — write it again with 'urna voter receipt --wallet \(Console.safe(walletPath)) --out FILE'")
        }
        print("receipt written to \(Console.safe(receiptPath))")
    }

    /// `mayor=alice` or `council=dan,erin`, or `mayor=` for an explicit blank contest. No
    /// `--choice` at all is refused unless `blank` (a silent blank could replace a real vote).
    static func parseChoices(_ values: [String], blank: Bool) throws -> [String: Set<String>] {
        if blank {
            guard values.isEmpty else { throw Arguments.UsageError(description: "--blank casts a blank ballot; it cannot be combined with --choice") }
            return [:]
        }
        guard !values.isEmpty else {
            throw Arguments.UsageError(description: "no --choice given: name your choices (--choice CONTEST=CANDIDATE), or say --blank to cast a blank ballot")
        }
        var choices: [String: Set<String>] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "=") else {
                throw Arguments.UsageError(description: "--choice '\(Console.safe(value))' must look like CONTEST=CANDIDATE[,CANDIDATE]")
            }
            let contest = String(value[..<equals])
            guard choices[contest] == nil else { throw Arguments.UsageError(description: "contest '\(Console.safe(contest))' is chosen twice") }
            let candidates = value[value.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let named = candidates == [""] ? [] : candidates
            if named.contains("") {
                throw Arguments.UsageError(description: "--choice '\(Console.safe(value))' has an empty candidate between commas")
            }
            var set = Set<String>()
            for candidate in named {
                guard set.insert(candidate).inserted else {
                    throw Arguments.UsageError(description: "--choice '\(Console.safe(value))' names candidate '\(Console.safe(candidate))' twice; a candidate gets at most one mark")
                }
            }
            choices[contest] = set
        }
        return choices
    }
}
