import Foundation
import UrnaCrypto

/// Ed25519 signing and verification cost through OpenSSL EVP, in microseconds per
/// operation (a 100-byte message, like a checkpoint body), measured on the monotonic clock.
func benchSignatures() {
    do {
        let key = try Ed25519PrivateKey()
        let publicKey = key.publicKey
        let message = [UInt8](repeating: 0x61, count: 100)
        let signature = try key.signature(for: message)
        let iterations = 5_000

        for _ in 0..<200 { _ = try key.signature(for: message) }  // warm-up
        let clock = ContinuousClock()
        var start = clock.now
        for _ in 0..<iterations { _ = try key.signature(for: message) }
        printSignatureBench("ed25519_sign", clock.now - start, iterations)

        var valid = 0
        for _ in 0..<200 { if publicKey.isValidSignature(signature, for: message) { valid += 1 } }
        start = clock.now
        for _ in 0..<iterations { if publicKey.isValidSignature(signature, for: message) { valid += 1 } }
        printSignatureBench("ed25519_verify", clock.now - start, iterations)
        if valid != iterations + 200 { print("bench ed25519_verify_failures \(iterations + 200 - valid) count") }
    } catch {
        print("bench ed25519 failed: \(error)")
    }
}

private func printSignatureBench(_ name: String, _ elapsed: Duration, _ iterations: Int) {
    let (seconds, attoseconds) = elapsed.components
    let micros = (Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(iterations)
    print("bench \(name) \(String(format: "%.2f", micros)) us")
}
