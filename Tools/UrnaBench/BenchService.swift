import Foundation
import UrnaCrypto

/// The baseline of `Tools/bench issuance`: bare RSA-3072 blind signatures (``BlindRSAPrivateKey/blindSign(_:)``,
/// libcrypto's CRT with blinding, and the RFC 9474 fault check) on every core at once, one
/// thread per core, for a fixed time. Nothing else runs: no HTTP, no storage.
func benchRSAAllCores(seconds duration: Double = 3) throws {
    let key = try BlindRSAPrivateKey.generate(bits: 3072)
    let pk = key.publicKey
    let variant = BlindRSA.Variant.sha384PSSRandomized
    let message = try BlindRSA.tokenMessage(
        electionID: "bench-election", districtID: "district-1", credentialPublicKey: [UInt8](repeating: 7, count: 32))
    let prepared = try pk.prepare(message, variant: variant)
    let (blinded, _) = try pk.blind(prepared, variant: variant)
    _ = try key.blindSign(blinded)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let counts = Counts(cores)
    let group = DispatchGroup()
    let start = DispatchTime.now().uptimeNanoseconds
    let end = start + UInt64(duration * 1e9)
    for thread in 0..<cores {
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            var done = 0
            while DispatchTime.now().uptimeNanoseconds < end {
                guard (try? key.blindSign(blinded)) != nil else { break }
                done += 1
            }
            counts.set(thread, done)
        }
    }
    group.wait()
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    report("rsa3072_blind_sign_all_cores", Double(counts.total) / elapsed, "signatures/s")
    report("rsa3072_blind_sign_cores", Double(cores), "threads")
}

/// Per-thread counts, each written once by its thread.
private final class Counts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Int]
    init(_ count: Int) { values = Array(repeating: 0, count: count) }
    func set(_ index: Int, _ value: Int) { lock.withLock { values[index] = value } }
    var total: Int { lock.withLock { values.reduce(0, +) } }
}
