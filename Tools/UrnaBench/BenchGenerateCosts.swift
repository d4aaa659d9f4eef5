import Foundation
import UrnaCrypto
import UrnaRecord

/// What one generated voter costs, measured on one thread before a record is generated and
/// logged beside it: a ballot's encryption and proofs through libcrypto (the voter's client) and
/// with fixed-base tables (the generator), and an RSA-3072 blind signature with a two-prime, a
/// three-prime and a many-prime key.
enum BenchGenerateCosts {
    static func measure(context: ElectionContext, district: String, choices: [String: Set<String>],
                        tables: EncryptionTables, manyPrimeKey: RSAManyPrimeSigner,
                        log: (String) -> Void) throws {
        let key = context.tokenKeys[district]
        guard let key else { throw BenchError("no token key for \(district)") }
        let request = try TokenRequest.make(electionID: context.manifest.electionID, district: district, tokenKey: key)
        let token = try request.finalize(blindSignature: manyPrimeKey.blindSign(request.blindedMessage), tokenKey: key)
        func ballot(_ tables: EncryptionTables?) throws {
            _ = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                          credential: request.credential, token: token, tables: tables)
        }
        let libcrypto = try perCallMilliseconds(count: 30) { try ballot(nil) }
        let fast = try perCallMilliseconds(count: 200) { try ballot(tables) }
        let unchecked = try perCallMilliseconds(count: 200) {
            _ = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                          credential: request.credential, token: token, tables: tables, selfCheck: false)
        }
        log(String(format: "one ballot's encryption and proofs (%d candidates): libcrypto %.2f ms, tables %.2f ms (%.1fx), "
                   + "tables without the prover's re-encryption check %.2f ms",
                   context.manifest.contests.first?.candidates.count ?? 0, libcrypto, fast, libcrypto / fast, unchecked))
        // One generated voter, step by step.
        let make = try perCallMilliseconds(count: 40) {
            _ = try TokenRequest.make(electionID: context.manifest.electionID, district: district, tokenKey: key)
        }
        let blindSignature = try manyPrimeKey.blindSign(request.blindedMessage)
        let finalize = try perCallMilliseconds(count: 40) { _ = try request.finalize(blindSignature: blindSignature, tokenKey: key) }
        let made = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                             credential: request.credential, token: token, tables: tables).ballot
        let encode = try perCallMilliseconds(count: 100) { _ = try CanonicalJSON.encode(made) }
        let k = try Scalar.random()
        let baseMultiply = try perCallMilliseconds(count: 2000) { _ = tables.generator.multiplied(by: k) } * 1000
        let keyMultiply = try perCallMilliseconds(count: 2000) { _ = tables.jointKey.multiplied(by: k) } * 1000
        let libcryptoKey = try perCallMilliseconds(count: 300) { _ = try context.jointKey.multiplied(by: k) } * 1000
        let direct = try perCallMilliseconds(count: 40) {
            _ = try manyPrimeKey.token(electionID: context.manifest.electionID, district: district)
        }
        log(String(format: "a token signed directly (%d primes, no blinding): %.2f ms", manyPrimeKey.primeCount, direct))
        log(String(format: "one voter's steps: token request %.2f ms, finalize %.2f ms, ballot JSON %.2f ms; "
                   + "k·G by table %.1f µs, k·K by table %.1f µs, k·K by libcrypto %.1f µs",
                   make, finalize, encode, baseMultiply, keyMultiply, libcryptoKey))
        let bits = manyPrimeKey.publicKey.modulusBits
        let twoPrime = try BlindRSAPrivateKey.generate(bits: bits)
        let threePrime = try BlindRSAPrivateKey.generateMultiPrime(bits: bits, primes: 3)
        func blinded(_ key: BlindRSAPublicKey) throws -> [UInt8] {
            try TokenRequest.make(electionID: context.manifest.electionID, district: district, tokenKey: key).blindedMessage
        }
        let (twoBlinded, threeBlinded, manyBlinded) = (try blinded(twoPrime.publicKey), try blinded(threePrime.publicKey), request.blindedMessage)
        let two = try perCallMilliseconds(count: 40) { _ = try twoPrime.blindSign(twoBlinded) }
        let three = try perCallMilliseconds(count: 40) { _ = try threePrime.blindSign(threeBlinded) }
        let many = try perCallMilliseconds(count: 100) { _ = try manyPrimeKey.blindSign(manyBlinded) }
        log(String(format: "RSA-%d blind signature: 2 primes %.2f ms, 3 primes %.2f ms (%.1fx), %d primes %.2f ms (%.1fx)",
                   bits, two, three, two / three, manyPrimeKey.primeCount, many, two / many))
    }

    /// Mean milliseconds of `body` over `count` calls, after one warm-up call.
    static func perCallMilliseconds(count: Int, _ body: () throws -> Void) throws -> Double {
        try body()
        return try seconds { for _ in 0..<count { try body() } } * 1000 / Double(count)
    }
}
