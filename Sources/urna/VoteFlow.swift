import Foundation
import UrnaClient
import UrnaCrypto
import UrnaRecord
import UrnaService

/// The voter's whole flow over either backend: finish what an interrupted run left in the
/// wallet, obtain the token, optionally audit (spoil one encryption and read it back), encrypt,
/// save the ballot as outgoing, send it, and record it with its receipt. Every step is saved
/// before the next, and a ballot saved as outgoing is looked up before anything is sent again,
/// so an interrupt at any point neither burns the token nor casts twice.
enum VoteFlow {
    struct Request {
        let choices: [String: Set<String>]
        let walletPath: String
        let receiptPath: String?
        let spoil: Bool
        let audit: Bool
        let args: Arguments
    }

    static func run(_ backend: any VotingBackend, _ request: Request) throws {
        let walletPath = request.walletPath
        var wallet = try VoterWallet.read(from: walletPath)
        // A wallet of another election (or checked with another ledger key) is refused before
        // anything in it is touched.
        if let saved = wallet {
            try checkPlace(saved, backend: backend, walletPath: walletPath)
        }
        // An earlier run that was interrupted after sending a ballot: finish it first.
        if var saved = wallet {
            if let recovered = try resolveOutgoing(&saved, backend: backend, walletPath: walletPath) {
                Console.progress("an earlier run of this command sent a ballot that the record holds; it was not sent again")
                // An audit's spoiled ballot: the audit goes on to check it and cast.
                if recovered.action == "cast" || !request.audit {
                    try VoteCommand.report(recovered, wallet: saved, receiptPath: request.receiptPath, walletPath: walletPath, backend: backend)
                    return
                }
            }
            wallet = saved
        }
        try backend.requireOpen()
        let context = try backend.context()
        if let cast = wallet?.ballots?.last(where: { $0.action == "cast" }), !context.manifest.revoting, !request.spoil {
            try VoteCommand.refuseSecondCast(cast, receiptPath: request.receiptPath, walletPath: walletPath)
        }
        let district = try VoteToken.district(backend: backend, electionID: context.manifest.electionID, wallet: wallet, args: request.args)
        try BallotBuilder.validate(choices: request.choices, district: district, manifest: context.manifest)
        var ready = try VoteToken.obtain(backend: backend, context: context, district: district,
                                         wallet: wallet, walletPath: walletPath, args: request.args)
        guard let token = ready.token else { throw ServiceError(.internalFailure, "the wallet holds no token") }
        if request.audit {
            try VoteAudit.run(backend, context: context, district: district, choices: request.choices, token: token,
                              wallet: &ready, walletPath: walletPath)
        }
        let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: district, choices: request.choices,
                                                          credential: ready.credentialKey, token: token)
        let replaces = !request.spoil && ready.ballots?.contains { $0.action == "cast" } == true
        print(ChoiceText.render(secrets.choices, district: district, manifest: context.manifest,
                                heading: request.spoil ? "spoiling (challenging) a ballot with"
                                    : replaces ? "re-voting: this ballot replaces your earlier one; casting" : "casting a ballot with"))
        let spoiled = request.spoil ? SpoiledBody(ballot: ballot, secrets: secrets) : nil
        let recorded = try send(backend, ballot: ballot, spoiled: spoiled, wallet: &ready, walletPath: walletPath,
                                receiptPath: request.receiptPath)
        try VoteCommand.report(recorded, wallet: ready, receiptPath: request.receiptPath, walletPath: walletPath, backend: backend)
    }

    /// Saves the ballot as outgoing, sends it (cast, or spoil with `spoiled`), and records it. A
    /// failed send is looked up first: a ballot the record holds after all is recorded, not lost.
    static func send(_ backend: any VotingBackend, ballot: Ballot, spoiled: SpoiledBody?, wallet: inout VoterWallet,
                     walletPath: String, receiptPath: String?) throws -> VoterWallet.Recorded {
        // Saved before sending: an interrupt from here on is finished by the next run.
        wallet.outgoing = .init(action: spoiled == nil ? "cast" : "spoil", ballot: ballot, spoiled: spoiled)
        try wallet.write(to: walletPath)
        let sent: RecordedBallot
        do {
            sent = try spoiled.map { try backend.spoil($0) } ?? backend.cast(ballot)
        } catch {
            // Refused, unless it was recorded after all (an error after the append, a lost answer): look it up.
            let recorded: VoterWallet.Recorded?
            do {
                recorded = try resolveOutgoing(&wallet, backend: backend, walletPath: walletPath)
            } catch let lookup {
                throw FileError(description: "the ballot may have been sent (\(ErrorText.describe(error))), and looking it up failed (\(ErrorText.describe(lookup))); it is kept in the wallet \(Console.safe(walletPath)): run the same command again — it looks the ballot up first and never sends it twice")
            }
            if let recorded { return recorded }
            // The credential already cast, but the wallet lost track of it: restore it.
            if problemCode(error) == ServiceError.Code.credentialUsed.rawValue,
               let cast = try restoreRecorded(&wallet, backend: backend, walletPath: walletPath) {
                try VoteCommand.refuseSecondCast(cast, receiptPath: receiptPath, walletPath: walletPath)
            }
            throw error
        }
        // Accepted: the service said where; no need to look it up.
        return try finish(&wallet, found: sent, backend: backend, walletPath: walletPath)
    }

    /// The wallet is this election's, and (over the network) was checked with the pinned key.
    static func checkPlace(_ saved: VoterWallet, backend: any VotingBackend, walletPath: String) throws {
        if let electionID = backend.electionID, saved.electionID != electionID {
            throw FileError(description: "the wallet \(Console.safe(walletPath)) belongs to election '\(Console.safe(saved.electionID))', not '\(Console.safe(electionID))' (check --dir or --server and --election, or use another --wallet); it was left untouched")
        }
        if let savedKey = saved.ledgerKey, let pinned = try backend.verifiedLedgerKey(), savedKey != pinned {
            throw FileError(description: "the wallet \(Console.safe(walletPath)) was used with the election whose ledger key is \(Console.safe(savedKey)) (fingerprint \(LedgerKeyPin.fingerprint(of: savedKey))), not the pinned \(Console.safe(pinned)): check --ledger-key or --ledger-fingerprint against the published one; the wallet was left untouched")
        }
        if let savedServer = saved.server, let server = backend.server, savedServer != server {
            Console.progress("note: the wallet was last used with \(Console.safe(savedServer)); now asking \(Console.safe(server)) (the pinned ledger key is checked all the same)")
        }
    }

    /// If the wallet has a ballot in flight: when the record holds it, records it in the wallet
    /// (with its receipt for a cast ballot) and returns it; when it does not, forgets it.
    static func resolveOutgoing(_ wallet: inout VoterWallet, backend: any VotingBackend, walletPath: String) throws -> VoterWallet.Recorded? {
        guard let outgoing = wallet.outgoing else { return nil }
        guard let found = try backend.recordedBallot(signature: outgoing.ballot.signature.bytes) else {
            wallet.outgoing = nil
            try wallet.write(to: walletPath)
            return nil
        }
        return try finish(&wallet, found: found, backend: backend, walletPath: walletPath)
    }

    /// Moves the wallet's ballot in flight, now in the record at `found`, into its list of
    /// recorded ballots (with its receipt for a cast ballot), and saves the wallet.
    static func finish(_ wallet: inout VoterWallet, found: RecordedBallot, backend: any VotingBackend,
                       walletPath: String) throws -> VoterWallet.Recorded {
        let receipt = found.spoiled ? nil : try backend.receipt(seq: found.seq, trackingCode: found.trackingCode)
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
    static func restoreRecorded(_ wallet: inout VoterWallet, backend: any VotingBackend, walletPath: String) throws -> VoterWallet.Recorded? {
        let known = Set((wallet.ballots ?? []).map(\.seq))
        for found in try backend.recordedBallots(credential: try wallet.credentialKey.publicKey.rawRepresentation) where !known.contains(found.seq) {
            let receipt = found.spoiled ? nil : try backend.receipt(seq: found.seq, trackingCode: found.trackingCode)
            wallet.ballots = (wallet.ballots ?? []) + [VoterWallet.Recorded(action: found.spoiled ? "spoil" : "cast", seq: found.seq,
                                                                            trackingCode: HexBytes(found.trackingCode), receipt: receipt,
                                                                            choices: nil)]
        }
        try wallet.write(to: walletPath)
        return wallet.ballots?.last { $0.action == "cast" }
    }
}
