import Foundation

/// `Tools/bench <suite>…` — release-build benchmarks printing `bench <name> <value> <unit>` lines.
let suites: [String: () throws -> Void] = [
    "crypto": { try benchCrypto(); try benchBlindRSA(); try benchSignatures() },
    "ledger": { benchLedger() },
    "generate": { try benchGenerate() },
    "verify": { try benchVerify() },
    // The baseline of `Tools/bench issuance` (Tools/bench-service/issuance runs it).
    "rsa-cores": { try benchRSAAllCores() },
]

let requested = Array(CommandLine.arguments.dropFirst())
guard !requested.isEmpty, requested.allSatisfy({ suites[$0] != nil }) else {
    FileHandle.standardError.write(Data("usage: bench <\(suites.keys.sorted().joined(separator: "|"))>…\n".utf8))
    exit(2)
}
do {
    for name in requested { try suites[name]?() }
} catch {
    FileHandle.standardError.write(Data("bench: \(error)\n".utf8))
    exit(1)
}
