import Foundation
import UrnaCrypto

/// RFC 9474 RSABSSA-SHA384-PSS-Randomized with a 3072-bit key: client blind, server blind-sign,
/// client finalize (which includes one verification), and a token verification.
/// Prints `bench <name> <microseconds> us` lines (mean over many iterations, monotonic clock).
func benchBlindRSA() {
    do {
        try runBlindRSABench()
    } catch {
        FileHandle.standardError.write(Data("bench rsa failed: \(error)\n".utf8))
    }
}

private func runBlindRSABench() throws {
    let variant = BlindRSA.Variant.sha384PSSRandomized
    let keygenStart = ContinuousClock.now
    let key = try BlindRSAPrivateKey.generate(bits: 3072)
    let keygen = ContinuousClock.now - keygenStart
    let pk = key.publicKey
    let message = try BlindRSA.tokenMessage(
        electionID: "bench-election", districtID: "district-1", credentialPublicKey: [UInt8](repeating: 7, count: 32))
    let prepared = try pk.prepare(message, variant: variant)
    let (blinded, inverse) = try pk.blind(prepared, variant: variant)
    let blindSignature = try key.blindSign(blinded)
    let signature = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)

    printBench("rsa3072_keygen", microseconds(keygen))
    printBench("rsa3072_blind", try timeMean(iterations: 300) { _ = try pk.blind(prepared, variant: variant) })
    printBench("rsa3072_blind_sign", try timeMean(iterations: 300) { _ = try key.blindSign(blinded) })
    printBench("rsa3072_finalize", try timeMean(iterations: 1000) {
        _ = try pk.finalize(blindSignature, preparedMessage: prepared, inverse: inverse, variant: variant)
    })
    printBench("token_verify", try timeMean(iterations: 3000) {
        try pk.verify(signature, preparedMessage: prepared, variant: variant)
    })
    printBench("rsa3072_public_key_import", try timeMean(iterations: 100) { _ = try BlindRSAPublicKey(spkiDER: pk.spkiDER) })
    printBench("rsa3072_private_key_import", try timeMean(iterations: 10) { _ = try BlindRSAPrivateKey(pkcs8DER: key.pkcs8DER) })
}

/// Mean wall time of one call, in microseconds, after a short warm-up.
private func timeMean(iterations: Int, _ body: () throws -> Void) throws -> Double {
    for _ in 0..<max(1, iterations / 20) { try body() }
    let start = ContinuousClock.now
    for _ in 0..<iterations { try body() }
    return microseconds(ContinuousClock.now - start) / Double(iterations)
}

private func microseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
}

private func printBench(_ name: String, _ value: Double) {
    print("bench \(name) \(String(format: "%.1f", value)) us")
}
