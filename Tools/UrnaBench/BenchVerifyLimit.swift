import Foundation
import UrnaCrypto

/// The limit this machine allows for verifying one ballot of the benchmark's shape (one contest
/// of 10 candidates, vote for at most 1), per core: each operation the verifier cannot avoid,
/// times its cost measured now, in the same run as the verification it is compared with.
///
/// Per ballot: 64 point decodings (20 ciphertext points, 2 commitments × 2 branches × 11
/// proofs), an MSM share of 66 points (the 64 and the two contest sums), one RSA-3072 token
/// verification, one Ed25519 signature over the ballot's canonical bytes, and SHA-256 over about
/// twice the body (entry hash, Merkle leaf, challenges).
struct VerifyLimit {
    static let decodesPerBallot = 64
    static let msmPointsPerBallot = 66

    var decodeMicroseconds = 0.0
    var msmMicrosecondsPerPoint = 0.0
    var tokenMicroseconds = 0.0
    var signatureMicroseconds = 0.0
    var hashMicroseconds = 0.0

    /// Everything, with points as they are stored today (compressed, one square root each).
    var perBallot: Double {
        Double(Self.decodesPerBallot) * decodeMicroseconds + withStoredY
    }

    /// The same if the record carried y beside x (no square root; the on-curve check is free).
    var withStoredY: Double {
        Double(Self.msmPointsPerBallot) * msmMicrosecondsPerPoint + tokenMicroseconds + signatureMicroseconds + hashMicroseconds
    }

    /// Measures each operation on one core (process CPU time; the machine is shared).
    static func measure(chunkBallots: Int = 512, bodyBytes: Int = 9_800) throws -> VerifyLimit {
        var limit = VerifyLimit()
        let encodings = try (0..<256).map { _ in try Point.base(Scalar.random()).bytes }
        limit.decodeMicroseconds = try cpuMicroseconds(rounds: 20, per: encodings.count) {
            for bytes in encodings { _ = try Point(bytes: bytes) }
        }
        // An MSM of a chunk's size: a third of the scalars full, two thirds 128-bit (as the batch's are).
        let count = chunkBallots * msmPointsPerBallot
        let points = try (0..<count).map { index in
            index < 256 ? try Point(bytes: encodings[index]) : try Point(bytes: encodings[index % 256]).negated()
        }
        let weights = try Scalar.randomWeights(count: count)
        let terms = try (0..<count).map { index in (index % 3 == 0 ? try Scalar.random() : weights[index], points[index]) }
        limit.msmMicrosecondsPerPoint = try cpuMicroseconds(rounds: 2, per: count) {
            _ = try Point.publicCombinationIsIdentity(generatorScalar: .one, terms)
        }
        let key = try BlindRSAPrivateKey.generate(bits: 3072)
        let publicKey = key.publicKey
        let variant = BlindRSA.Variant.sha384PSSRandomized
        let prepared = try publicKey.prepare(Array(repeating: 7, count: 64), variant: variant)
        let (blinded, inverse) = try publicKey.blind(prepared, variant: variant)
        let signature = try publicKey.finalize(try key.blindSign(blinded), preparedMessage: prepared,
                                               inverse: inverse, variant: variant)
        limit.tokenMicroseconds = try cpuMicroseconds(rounds: 500, per: 1) {
            try publicKey.verify(signature, preparedMessage: prepared, variant: variant)
        }
        let credential = try Ed25519PrivateKey()
        let message = Array(repeating: UInt8(0x5a), count: bodyBytes / 2)
        let credentialSignature = try credential.signature(for: message)
        limit.signatureMicroseconds = try cpuMicroseconds(rounds: 1_000, per: 1) {
            try credential.publicKey.verify(signature: credentialSignature, for: message)
        }
        let body = Array(repeating: UInt8(0x61), count: bodyBytes * 2)
        limit.hashMicroseconds = cpuMicroseconds(rounds: 1_000, per: 1) { _ = SHA256.hash(body) }
        return limit
    }

    /// Mean CPU µs per item of `body` run `rounds` times over `per` items (after one warm-up).
    static func cpuMicroseconds(rounds: Int, per items: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        let before = processCPUSeconds()
        for _ in 0..<rounds { try body() }
        return (processCPUSeconds() - before) / Double(rounds * max(items, 1)) * 1e6
    }
}
