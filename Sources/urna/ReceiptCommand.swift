import Foundation
import UrnaClient
import UrnaRecord

/// `urna receipt check RECEIPT --server URL`: a voter's receipt checked offline, then against
/// the running service (consistency with its latest checkpoint, a fresh inclusion proof, the
/// entry itself). Exit 0: every check passed; 1: a check failed (the service dropped or
/// rewrote the ballot, or is not the pinned election); 2: bad usage or an unreachable service.
enum ReceiptCommand {
    static let subcommands = Subcommands(command: "receipt", entries: [
        ("check", "check RECEIPT --server URL (--ledger-fingerprint FP | --ledger-key KEY-or-FILE) [--cacert FILE]   (is my ballot still in the record the service shows everyone)", check),
    ], details: ["check": """
      RECEIPT  the receipt 'urna vote --receipt-out' wrote (or 'urna voter receipt').
      --ledger-fingerprint / --ledger-key  the ledger key you trust, as the commission published it
               (its website, the printed election notice); every signature is checked with it.
      --cacert the CA certificate(s) (PEM) to check an https service with.
      Exit 0: every check passed; 1: a check failed; 2: bad usage, or the service could not be reached.
    """])

    static func run(_ arguments: [String]) throws { try subcommands.run(arguments) }

    static func check(_ arguments: [String]) throws {
        let args = try Arguments(arguments, valued: ["server", "ledger-key", "ledger-fingerprint", "cacert"])
        guard args.positionals.count == 1 else {
            throw Arguments.UsageError(description: args.positionals.isEmpty ? "name the receipt file to check" : "one receipt at a time")
        }
        let path = args.positionals[0]
        let receipt = try Receipt.decode(Files.read(path, limit: 2 << 20))
        let server = try args.required("server")
        let report: ReceiptOnlineCheck.Report
        do {
            let remote = try RemoteVoting.connect(args) { receipt.electionID }
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
            print("cosigners: none on the service's latest checkpoint (no witness vouched for it)")
        } else {
            print("cosigners: \(report.cosigners.map(Console.safe).joined(separator: ", ")) (names on the latest checkpoint; their keys were not given, so their signatures were not checked here)")
        }
        guard report.isValid else {
            print("FAILED: the service does not show everyone a record that still holds this ballot as receipted; keep the receipt and report this to the commission and the observers")
            exit(1)
        }
        print("OK: the service's current record still holds your ballot, unchanged, at entry \(receipt.seq)")
    }
}
