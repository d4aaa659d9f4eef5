import Foundation
import UrnaRecord
import UrnaService
import UrnaVerifier

/// `urna voter …`: what a voter does after voting — fetch a receipt again, and see what a
/// spoiled (challenged) ballot encrypted.
enum VoterCommand {
    static let subcommands = Subcommands(command: "voter", entries: [
        ("receipt", "receipt (--wallet FILE | --dir DIR --tracking-code CODE) --out FILE [--dir DIR]   (writes a cast ballot's receipt again)", receipt),
        ("audit", "audit --record RECORD (--tracking-code CODE | --wallet FILE)   (the choices a spoiled ballot encrypted, from the public record)", audit),
        ("check", "check --record RECORD --letter LETTER   (verifies the record; is my pseudonym on the roll; was a token issued in my name, and when)", check),
    ])

    /// A voter's own check of the roll and the issuances (`Specs/election-record.md` §8.3).
    /// Exit 0 with the answer; a pseudonym that is not on the roll is an error (exit 1).
    static func check(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["record", "letter"])
        let letter = try VoterLetterFile.read(try args.required("letter"))
        let recordPath = try args.required("record")
        // The answer is only as good as the record: LetterCheck verifies it first, and names the
        // checkpoint and keys to compare with the published ones.
        Console.progress("verifying the record (scrutineer verify \(Console.safe(recordPath)))")
        let result = try LetterCheck.run(recordPath: recordPath, letter: letter)
        for line in result.summary { print(Console.safe(line)) }
        guard result.rollDistrict != nil || !result.verified else {
            throw ServiceError(.notFound, "pseudonym \(letter.pseudonym.hex) is not on the roll of this record")
        }
        guard result.verified else {
            throw RecordError(.invalidRecord, "the record does not verify; get the published record and check again")
        }
    }

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    /// The receipt of a cast ballot: from the wallet, or fetched fresh from the election by
    /// tracking code (with a new inclusion proof under the latest checkpoint).
    static func receipt(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["wallet", "dir", "tracking-code", "out"])
        let out = try args.required("out")
        try OutputFile.receipt(out).check(notSameAs: [args.optional("wallet")].compactMap { $0 })
        var code = args.optional("tracking-code")
        var stored: Receipt?
        if let walletPath = args.optional("wallet") {
            guard let wallet = try VoterWallet.read(from: walletPath) else {
                throw FileError(description: "there is no wallet at \(Console.safe(walletPath))")
            }
            let cast = (wallet.ballots ?? []).filter { $0.action == "cast" }
            let chosen = code.map { wanted in cast.last { matches($0.trackingCode.bytes, wanted) } } ?? cast.last
            guard let chosen else {
                let hint = wallet.outgoing != nil ? " (a ballot was being sent when the last run stopped: run the same 'urna vote' command again to finish it)" : ""
                throw ServiceError(.notFound, "the wallet \(Console.safe(walletPath)) holds no cast ballot\(code.map { " with tracking code '\(Console.safe($0))'" } ?? "")\(hint)")
            }
            stored = chosen.receipt
            code = chosen.trackingCode.bytes.hex
        }
        guard let code else { throw Arguments.UsageError(description: "give --wallet FILE, or --dir DIR with --tracking-code CODE") }
        let receipt: Receipt
        if let dir = args.optional("dir") {
            receipt = try ElectionCommand.withServiceResult(["--dir", dir]) { service in
                let found = try service.recordedBallot(trackingCode: code)
                guard !found.spoiled else {
                    throw ServiceError(.notFound, "tracking code '\(code)' is a spoiled ballot: it has no receipt; see it with 'urna voter audit'")
                }
                return try service.receipt(seq: found.seq)
            }
        } else if let stored {
            receipt = stored
        } else {
            throw ServiceError(.notFound, "the wallet keeps no receipt for that ballot; add --dir DIR to fetch it from the election")
        }
        try OutputFile.receipt(out).write(receipt.encoded(), notSameAs: [args.optional("wallet")].compactMap { $0 })
        print("receipt of the ballot at entry \(receipt.seq) (tracking code \(receipt.shortTrackingCode)) written to \(Console.safe(out))")
        print("check it with: scrutineer receipt \(Console.safe(out)) --record RECORD")
    }

    static func matches(_ code: [UInt8], _ wanted: String) -> Bool {
        let hex = wanted.lowercased().filter { $0 != "-" && $0 != " " }
        return hex.count >= 16 && code.hex.hasPrefix(hex)
    }

    /// Finds the spoiled ballot in the public record, checks that its revealed nonces open its
    /// ciphertexts to the choices it claims, and shows them by name (Benaloh's cast-or-audit).
    static func audit(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["record", "tracking-code", "wallet"])
        let path = try args.required("record")
        var given = args.optional("tracking-code")
        if given == nil, let walletPath = args.optional("wallet") {
            // The wallet's last spoiled ballot.
            guard let wallet = try VoterWallet.read(from: walletPath),
                  let spoiled = (wallet.ballots ?? []).last(where: { $0.action == "spoil" }) else {
                throw ServiceError(.notFound, "the wallet \(Console.safe(walletPath)) holds no spoiled ballot; give --tracking-code")
            }
            given = spoiled.trackingCode.bytes.hex
        }
        guard let code = given else { throw Arguments.UsageError(description: "give --tracking-code CODE, or --wallet FILE to audit its last spoiled ballot") }
        let found = try SpoiledLookup.find(recordPath: path, trackingCode: code)
        print("the record's entry \(found.seq) is the spoiled ballot \(Ballot.shortTrackingCode(found.trackingCode))")
        print("its revealed nonces open every ciphertext exactly (checked); it encrypted:")
        let choices = found.body.choices.mapValues(Set.init)
        print(ChoiceText.render(choices, district: found.body.ballot.district, manifest: found.manifest, heading: "a ballot"))
        guard let walletPath = args.optional("wallet") else {
            print("compare these with what you chose; if they differ, your device changed your vote: tell the commission and the observers")
            return
        }
        guard let wallet = try VoterWallet.read(from: walletPath),
              let mine = (wallet.ballots ?? []).last(where: { $0.action == "spoil" && $0.trackingCode.bytes == found.trackingCode }),
              let chosen = mine.choices else {
            throw ServiceError(.notFound, "the wallet \(Console.safe(walletPath)) did not spoil the ballot '\(Console.safe(code))'")
        }
        guard chosen.mapValues(Set.init).filter({ !$0.value.isEmpty }) == choices.filter({ !$0.value.isEmpty }) else {
            throw RecordError(.spoiledMismatch, "the ballot does NOT encrypt what you chose when you spoiled it: your device or the service changed it; keep the wallet and report this")
        }
        print("this is exactly what you chose when you spoiled it: your device encrypted your choices faithfully")
    }
}
