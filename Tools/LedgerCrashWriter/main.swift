// ledger-crash-writer <db path> [appenders]
//
// Appends entries forever from several concurrent appenders (so that appends are group
// committed) and prints, for each append that returned, one line `<seq> <hex hash>` to
// stdout, flushed at once. The crash test SIGKILLs it and checks that every printed entry
// survived. Exits 2 on a usage error, 1 if an append fails.
import Foundation
import UrnaLedger
import UrnaLedgerStore

let arguments = CommandLine.arguments
guard arguments.count >= 2, arguments.count <= 3 else {
    FileHandle.standardError.write(Data("usage: ledger-crash-writer <db path> [appenders]\n".utf8))
    exit(2)
}
let appenders = arguments.count == 3 ? Int(arguments[2]) ?? 8 : 8

final class AckPrinter: @unchecked Sendable {
    private let lock = NSLock()

    func acknowledge(_ entry: Entry) {
        let line = Data("\(entry.seq) \(entry.hash.map { String(format: "%02x", $0) }.joined())\n".utf8)
        lock.lock()
        FileHandle.standardOutput.write(line)
        lock.unlock()
    }
}

let store: LedgerStore
do {
    store = try LedgerStore.open(path: arguments[1], origin: "urna.test/crash")
} catch {
    FileHandle.standardError.write(Data("ledger-crash-writer: \(error)\n".utf8))
    exit(1)
}
let printer = AckPrinter()
await withTaskGroup(of: Void.self) { group in
    for appender in 0..<appenders {
        group.addTask {
            var n = 0
            while true {
                do {
                    let body = Array("{\"appender\":\(appender),\"n\":\(n)}".utf8)
                    printer.acknowledge(try await store.append(kind: "test", body: body))
                    n += 1
                } catch {
                    FileHandle.standardError.write(Data("ledger-crash-writer: \(error)\n".utf8))
                    exit(1)
                }
            }
        }
    }
}
