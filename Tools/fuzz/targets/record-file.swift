import Foundation
import UrnaVerifier

// libFuzzer targets: the whole verifier on a record file, as `scrutineer verify` reads one.
// Built twice: as `sqlite-record` (the input is an `election.db`, seeded with small real
// databases) and as `jsonl-record` (the input is `ledger.jsonl`; the export's `checkpoint` and
// `ledger.vkey` come from $URNA_FUZZ_RECORD, a real export, so the signature paths run too).
// Besides "no crash and no hang", it checks that the verifier either reads the record or says
// why it cannot (a `VerifierError`), and that a VALID verdict has no failure in it.
#if FUZZ_JSONL
let fileName = "ledger.jsonl"
#else
let fileName = "election.db"
#endif

let scratch: URL = {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-fuzz-\(getpid())")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    if let record = ProcessInfo.processInfo.environment["URNA_FUZZ_RECORD"] {
        for name in ["checkpoint", "ledger.vkey"] {
            try? FileManager.default.copyItem(atPath: record + "/" + name, toPath: directory.appendingPathComponent(name).path)
        }
    }
    return directory
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = scratch.appendingPathComponent(fileName).path
    for suffix in ["-wal", "-shm", "-journal"] { unlink(path + suffix) }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else {
        fatalError("fuzz set-up: cannot write \(path)")
    }
    var options = VerificationOptions()
    options.workers = 1
    options.chunkSize = 64
    options.maxReportedFailures = 20
    do {
        let report = try Scrutineer.verify(path: fileName == "ledger.jsonl" ? scratch.path : path, options: options)
        if report.isValid, !report.failures.isEmpty { fatalError("fuzz invariant broken: a VALID report lists failures") }
    } catch is VerifierError {
        // Unreadable: said, not crashed.
    } catch {
        fatalError("fuzz invariant broken: the verifier threw something other than a VerifierError: \(error)")
    }
    return 0
}
