import Foundation
import UrnaClient
import UrnaHTTP
import UrnaRecord

// urna-loadgen: a load generator for a running `urna serve` (issue 13). Everything goes over
// HTTP as a voter's client would; nothing reads the service's storage.

let usage = """
usage: urna-loadgen prepare --server URL (--ledger-key FILE-or-KEY | --ledger-fingerprint FP)
                            --letters LETTERS.csv --work DIR [--election ID] [--voters N] [--skip K]
                            [--concurrency C] [--rate R] [--timeout SECONDS] [--no-ballots]
       urna-loadgen cast --work DIR [--server URL] [--concurrency C] [--rate R]
                         [--check-every K] [--limit N] [--timeout SECONDS]

prepare  checks the served election's context once against the pinned ledger key, makes a
         credential and a blinded token request for each of N voters (after the first K) of the letters
         CSV ('urna registrar roll --letters-out'), obtains their tokens over HTTP with C
         concurrent clients (timed: bench issuance-http…), then encrypts a ballot with random
         valid choices for each (untimed, all cores) into DIR. --no-ballots stops after the
         tokens (an issuance benchmark: DIR then holds no ballot to cast).
cast     POSTs DIR's ballots with C concurrent keep-alive clients, as fast as the service
         answers or, with --rate R, open loop at R per second (latency counted from each
         request's due time); checks every receipt (election, tracking code, a seq of its
         own) and verifies every K-th offline (default 1: all; 0: none). Each ballot is sent
         once: a failed request is counted under its problem code, never retried.
Run the service with a rate limit above the load, e.g. 'urna serve … --rate 1000000 --burst 1000000'.
Prints 'bench NAME VALUE UNIT' lines and a summary on stdout, progress on stderr.
Exit status: 0 all requests succeeded, 3 some failed (counted by code), 1 error, 2 usage.
"""

/// `--name value` options and switches.
struct Options {
    private var values: [String: String] = [:]
    private var used = Set<String>()

    private var switches = Set<String>()

    init(_ arguments: ArraySlice<String>, valued: Set<String>, switches allowed: Set<String> = []) throws {
        var rest = arguments
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else { throw UsageError("unexpected argument '\(safe(argument))'") }
            let name = String(argument.dropFirst(2))
            if allowed.contains(name) {
                guard switches.insert(name).inserted else { throw UsageError("--\(name) given twice") }
                continue
            }
            guard valued.contains(name) else { throw UsageError("unknown option --\(safe(name))") }
            guard let value = rest.popFirst() else { throw UsageError("--\(name) needs a value") }
            guard values[name] == nil else { throw UsageError("--\(name) given twice") }
            values[name] = value
        }
    }

    func optional(_ name: String) -> String? { values[name] }

    func has(_ name: String) -> Bool { switches.contains(name) }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw UsageError("give --\(name)") }
        return value
    }

    func integer(_ name: String, default fallback: Int?, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) '\(safe(text))': give a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("--\(name) '\(safe(text))': give a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}

func runCommand(_ arguments: [String]) throws -> Int32 {
    guard let command = arguments.first else { throw UsageError("give a command: prepare or cast") }
    let rest = arguments.dropFirst()
    if command == "--help" || command == "-h" || command == "help" || rest.contains("--help") {
        print(usage)
        return 0
    }
    switch command {
    case "prepare":
        let args = try Options(rest, valued: ["server", "ledger-key", "ledger-fingerprint", "letters", "work", "election", "voters", "skip",
                                              "concurrency", "rate", "timeout"], switches: ["no-ballots"])
        let options = Prepare.Options(
            server: try args.required("server"), electionID: args.optional("election"),
            pin: try ledgerPin(key: args.optional("ledger-key"), fingerprint: args.optional("ledger-fingerprint")),
            letters: try args.required("letters"), work: try args.required("work"),
            voters: try args.integer("voters", default: nil, in: 1...100_000_000),
            skip: try args.integer("skip", default: 0, in: 0...100_000_000)!,
            concurrency: try args.integer("concurrency", default: 8, in: 1...4096)!,
            rate: try args.number("rate", in: 0.001...10_000_000),
            timeout: Double(try args.integer("timeout", default: 30, in: 1...86_400)!),
            ballots: !args.has("no-ballots"))
        return try Prepare.run(options)
    case "cast":
        let args = try Options(rest, valued: ["work", "server", "concurrency", "rate", "check-every", "limit", "timeout"])
        let options = Cast.Options(
            work: try args.required("work"), server: args.optional("server"),
            concurrency: try args.integer("concurrency", default: 8, in: 1...4096)!,
            rate: try args.number("rate", in: 0.001...10_000_000),
            checkEvery: try args.integer("check-every", default: 1, in: 0...1_000_000_000)!,
            limit: try args.integer("limit", default: nil, in: 1...100_000_000),
            timeout: Double(try args.integer("timeout", default: 30, in: 1...86_400)!))
        return try Cast.run(options)
    default:
        throw UsageError("unknown command '\(safe(command))': prepare or cast")
    }
}

signal(SIGPIPE, SIG_IGN)
do {
    exit(try runCommand(Array(CommandLine.arguments.dropFirst())))
} catch let error as UsageError {
    FileHandle.standardError.write(Data("urna-loadgen: \(error.description)\n\n\(usage)\n".utf8))
    exit(2)
} catch let error as LoadgenError {
    FileHandle.standardError.write(Data("urna-loadgen: error: \(error.description)\n".utf8))
    exit(1)
} catch {
    let (code, reason) = failureCode(error)
    FileHandle.standardError.write(Data("urna-loadgen: error: \(reason) [\(safe(code))]\n".utf8))
    exit(1)
}
