import Foundation
import UrnaClient
import UrnaCrypto
import UrnaRecord

/// `urna receipt check RECEIPT --server URL`: a voter's receipt checked offline, then against
/// the running service (consistency with its latest checkpoint, a fresh inclusion proof, the
/// entry itself). Exit 0: every check passed; 1: a check failed (the service dropped or
/// rewrote the ballot, or is not the pinned election); 2: bad usage or an unreachable service.
enum ReceiptCommand {
    static let subcommands = Subcommands(command: "receipt", entries: [
        ("check", "check RECEIPT --server URL (--ledger-fingerprint FP | --ledger-key KEY-or-FILE) [--witness-key VKEY-or-FILE… [--witnesses-required K]] [--cacert FILE] [--insecure-http]   (is my ballot still in the record the service shows everyone)", check),
    ], details: ["check": """
      RECEIPT  the receipt 'urna vote --receipt-out' wrote (or 'urna voter receipt').
      --ledger-fingerprint / --ledger-key  the ledger key you trust, as the commission published it
               (its website, the printed election notice); every signature is checked with it.
      --witness-key a witness's verifier key (as 'scrutineer witness' prints it and the observers
               publish it; the key or a file holding it; repeat per witness): the receipt's and the
               service's latest checkpoint must carry its valid cosignature. Only witnesses whose
               signature verified are shown as cosigners; other signature lines are only counted.
      --witnesses-required K  how many of the given witnesses must have cosigned (default: all).
      --insecure-http  allows plain http:// to a host other than this machine (use https).
      --cacert the CA certificate(s) (PEM) to check an https service with.
      Exit 0: every check passed; 1: a check failed; 2: bad usage, or the service could not be reached.
    """])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    static func check(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: RemoteVoting.valuedOptions.subtracting(["election"]), switches: ["insecure-http"])
        guard args.positionals.count == 1 else {
            throw Arguments.UsageError(description: args.positionals.isEmpty ? "name the receipt file to check" : "one receipt at a time")
        }
        let path = args.positionals[0]
        let server = try args.required("server")
        _ = try RemoteVoting.pin(args)
        try RemoteVoting.requireConfidential(args)
        let receipt = try Receipt.decode(Files.read(path, limit: 2 << 20))
        let report: ReceiptOnlineCheck.Report
        var witnesses = WitnessPolicy.none
        do {
            let (remote, _) = try RemoteVoting.connect(args) { receipt.electionID }
            witnesses = remote.witnesses
            report = try ReceiptOnlineCheck.run(receipt, remote: remote)
        } catch let error as ClientError where error.code == ClientError.unreachable {
            Console.error("\(error.reason); nothing was checked against the service (try again, or check --server \(Console.safe(server)))")
            exit(2)
        }
        print("receipt \(Console.safe(path)): tracking code \(receipt.shortTrackingCode), entry \(receipt.seq) of election \(Console.safe(receipt.electionID))")
        for step in report.steps {
            print("  \(step.passed ? "ok  " : "FAIL") \(Console.safe(step.text))")
        }
        if report.cosigners.isEmpty {
            print("cosigners: none verified on the service's latest checkpoint\(witnesses.isEmpty ? " (give the witnesses' keys with --witness-key to check theirs)" : "")")
        } else {
            print("cosigners: \(report.cosigners.map(Console.safe).joined(separator: ", ")) (their cosignatures on the latest checkpoint verified with the keys given)")
        }
        if report.unverifiedSignatureLines > 0 {
            print("unverified signature lines: \(report.unverifiedSignatureLines) (not checked: no --witness-key matches them; they vouch for nothing)")
        }
        guard report.isValid else {
            print("FAILED: the service does not show everyone a record that still holds this ballot as receipted; keep the receipt and report this to the commission and the observers")
            exit(1)
        }
        print("OK: the service's current record still holds your ballot, unchanged, at entry \(receipt.seq)")
    }
}
