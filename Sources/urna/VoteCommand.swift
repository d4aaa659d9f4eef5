import Foundation
import UrnaCrypto
import UrnaRecord
import UrnaClient
import UrnaService

/// `urna vote`: the voter's client in local mode — obtains a token with the activation code,
/// encrypts the choices, and casts (or spoils) the ballot directly against the database.
enum VoteCommand {
    static let help = """
    usage: urna vote (--dir DIR | --server URL (--ledger-fingerprint FP | --ledger-key KEY-or-FILE) [--election ID] [--cacert FILE]
                                  [--witness-key VKEY-or-FILE… [--witnesses-required K]] [--insecure-http])
                     (--letter LETTER | --pseudonym P --code CODE) (--choice CONTEST=CAND[,CAND…]… | --blank) --wallet FILE
                     [--district D] [--spoil | --audit] [--receipt-out FILE]
      --dir    votes on the election's own database (on the commission's machine).
      --server votes over the network with a running 'urna serve' (https://…; http:// only to this
               machine — 127.0.0.1, ::1, localhost — unless --insecure-http: the code would go in the clear).
               The service is trusted for nothing it says: the election (manifest, joint key, token
               keys), the token and the receipt are each checked against the ledger key you pin:
      --ledger-fingerprint the ledger key fingerprint the commission published (its website, the
               printed election notice; 'scrutineer verify' prints it); or
      --ledger-key the published ledger.vkey file (or the key string itself). One is required with --server.
      --election the election on that service (default: the wallet's, else the letter's, else the only one).
      --cacert the CA certificate(s) (PEM) to check an https service with.
      --witness-key an observer's witness key (as 'scrutineer witness' prints it and the observers
               publish it; the key or a file holding it; repeat per witness): the election's
               checkpoint and every receipt's must carry its valid cosignature, else nothing is sent.
               Witnesses cosign only the one record everyone sees, so this excludes a view shown to
               you alone (e.g. with a joint key the commission made to read your vote). Without
               one, a warning says such a view cannot be excluded.
      --witnesses-required K  how many of the given witnesses must have cosigned (default: all).
      --letter the voting letter from the registrar (its pseudonym and activation code); or type
               them with --pseudonym and --code.
      --choice may repeat, one per contest; a contest left out is an undervote (if its minimum
               allows); 'CONTEST=' is an explicit blank for that contest. A vote with no --choice
               is refused unless --blank says the whole ballot is meant to be blank.
      --district is optional: the letter names the voter's district (with --pseudonym/--code the
               service tells it); the service's answer must match the letter's, and a given
               --district must be that district — nothing is recorded otherwise.
      --spoil  challenges the ballot instead of casting it (Benaloh): its nonces are published,
               it never counts, and 'urna voter audit' shows the choices anyone can recover from it.
               Privacy: a spoiled ballot is published under the same credential as the ballot you
               cast, with its choices in the clear. Audit with choices other than the ones you will
               cast if you do not want your audit to hint at your vote (SECURITY.md).
      --audit  spoils one encryption of these choices, reads it back from the record and shows the
               choices its revealed nonces open to (refusing to cast if they are not yours), then
               casts a fresh encryption. The same privacy note applies: the audited choices are
               public under your credential, and here they are the ones you cast.
      --wallet keeps the credential, the token, the ballot being sent and every receipt (mode 0600):
               an interrupted vote is finished by running the same command again (a ballot that
               may have been sent is looked up first, never sent twice), and
               'urna voter receipt --wallet FILE' writes a lost receipt again.
      --receipt-out writes the receipt (tracking code, inclusion proof, signed checkpoint);
               check it any time with 'scrutineer receipt FILE --record RECORD', or against the
               running service with 'urna receipt check FILE --server URL --ledger-fingerprint FP'.
    """

    static func run(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["dir", "letter", "pseudonym", "code", "district", "choice", "wallet", "receipt-out",
                                                     "server", "election", "ledger-key", "ledger-fingerprint", "cacert",
                                                     "witness-key", "witnesses-required"],
                                 switches: ["spoil", "blank", "audit", "insecure-http"])
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
        if args.has("spoil"), args.has("audit") {
            throw Arguments.UsageError(description: "--audit spoils one encryption and then casts another; --spoil only spoils: give one of them")
        }
        if let receiptPath { try OutputFile.receipt(receiptPath).check(notSameAs: [walletPath]) }
        let request = VoteFlow.Request(choices: choices, walletPath: walletPath, receiptPath: receiptPath,
                                       spoil: args.has("spoil"), audit: args.has("audit"), args: args)
        if args.optional("server") != nil {
            guard args.optional("dir") == nil else {
                throw Arguments.UsageError(description: "give --dir DIR (the election's database on this machine) or --server URL (a running 'urna serve'), not both")
            }
            try VoteFlow.run(RemoteVoting.open(args: args, walletPath: walletPath), request)
            return
        }
        for remoteOnly in ["election", "ledger-key", "ledger-fingerprint", "cacert", "witness-key", "witnesses-required", "insecure-http"]
            where args.optional(remoteOnly) != nil || args.has(remoteOnly) {
            throw Arguments.UsageError(description: "--\(remoteOnly) is for voting over the network: add --server URL (or leave it out to vote with --dir)")
        }
        guard let dir = args.optional("dir") else {
            throw Arguments.UsageError(description: "give --server URL (a running 'urna serve', with --ledger-fingerprint FP) or --dir DIR (the election's database on this machine)")
        }
        try ElectionCommand.withService(["--dir", dir]) { service in
            try VoteFlow.run(LocalVoting(service: service, directory: dir), request)
        }
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
    static func report(_ recorded: VoterWallet.Recorded, wallet: VoterWallet, receiptPath: String?, walletPath: String,
                       backend: any VotingBackend) throws {
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
        if let receipt = recorded.receipt {
            let witnesses = (backend as? RemoteVoting)?.witnessCosigners(receipt.checkpoint) ?? []
            if !witnesses.isEmpty {
                print("cosigned by: \(witnesses.map(Console.safe).joined(separator: ", ")) (the witnesses given with --witness-key; their signatures checked)")
            }
        }
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
