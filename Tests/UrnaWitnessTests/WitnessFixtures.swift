import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaObserver

/// A ledger made of arbitrary leaves, enough to sign real checkpoints and prove consistency
/// between them (the record check is stubbed in the core tests).
struct TestLedger {
    let signer: CheckpointSigner
    var tree = InMemoryMerkleTree()
    var lastLeaf = [UInt8](repeating: 0, count: 32)

    init(origin: String = "urna.test/witness", key: Ed25519PrivateKey) throws {
        signer = try CheckpointSigner(origin: origin, privateKey: key)
    }

    var verifierKey: String { signer.verifierKey }
    var size: UInt64 { tree.size }

    /// Appends `count` leaves named by `tag` (two ledgers with other tags fork).
    mutating func append(_ count: Int, tag: String) {
        for index in 0..<count {
            lastLeaf = SHA256.hash(Array("\(tag)-\(tree.size)-\(index)".utf8))
            tree.append(leafHash: MerkleHash.leaf(lastLeaf))
        }
    }

    /// The signed checkpoint note of the tree as it is.
    func note() throws -> String {
        try signer.signedNote(for: Checkpoint(origin: signer.origin, size: tree.size, root: tree.root, chainHead: lastLeaf))
    }

    func proof(from old: UInt64) throws -> [[UInt8]] {
        old == 0 ? [] : try tree.prover.consistencyProof(oldSize: old, newSize: tree.size)
    }

    /// The add-checkpoint body from `old` to the tree as it is.
    func body(old: UInt64) throws -> [UInt8] {
        WitnessRequest.body(oldSize: old, proof: try proof(from: old), signedNote: try note())
    }
}

/// A fresh temporary directory per test, under one folder per test process removed at exit.
func temporaryDirectory(_ label: String) throws -> URL {
    let url = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

let scratchRoot: URL = {
    atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    return FileManager.default.temporaryDirectory.appendingPathComponent("urna-witness-tests-\(getpid())")
}()

/// Log lines collected from a witness.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// A record check whose verdict a test sets.
final class StubRecordCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var failing: String?
    private var calling = 0
    private(set) var calls = 0
    /// The most checks that ever ran at once.
    private(set) var mostAtOnce = 0
    /// Hashes computed per check: a check that takes a while, so overlapping requests would overlap in it.
    var work = 0

    func fail(_ reason: String?) { lock.withLock { failing = reason } }

    var check: WitnessCore.RecordCheck {
        { [self] _, _ in
            lock.withLock {
                calling += 1
                mostAtOnce = max(mostAtOnce, calling)
            }
            var digest = [UInt8](repeating: 0, count: 32)
            for _ in 0..<work { digest = SHA256.hash(digest) }
            try lock.withLock {
                calling -= 1
                calls += 1
                if let failing { throw ObserverError("record", failing) }
            }
        }
    }
}

/// Answers collected from several threads.
final class LockedAnswers: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [WitnessCore.Answer] = []

    func append(_ answer: WitnessCore.Answer) { lock.withLock { answers.append(answer) } }
    var all: [WitnessCore.Answer] { lock.withLock { answers } }
}
