import Foundation
import Testing
@testable import UrnaCrypto
import UrnaCryptoBackend

/// Finalized tokens are plain RSASSA-PSS signatures: standard implementations verify them, and
/// standard signatures verify here. Uses libcrypto's own PSS signer and, when present, the `openssl` CLI.
@Suite struct BlindRSAInteropTests {
    static let opensslPath: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl", "/opt/homebrew/bin/openssl"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(arguments: [BlindRSA.Variant.sha384PSSRandomized, .sha384PSSZeroDeterministic])
    func libcryptoPSSSignatureVerifies(_ variant: BlindRSA.Variant) throws {
        let key = try BlindRSAKeys.key2048.get()
        let prepared = try key.publicKey.prepare(Array("signed by OpenSSL".utf8), variant: variant)
        let signature = try key.backend.signPSSSHA384(digest: SHA384.hash(prepared), saltLength: variant.saltLength)
        try key.publicKey.verify(signature, preparedMessage: prepared, variant: variant)
        var tampered = prepared
        tampered[0] ^= 1
        #expect(throws: CryptoError.self) { try key.publicKey.verify(signature, preparedMessage: tampered, variant: variant) }
    }

    @Test(.enabled(if: opensslPath != nil, "no openssl binary"))
    func opensslCLIVerifiesFinalizedToken() throws {
        let key = try BlindRSAKeys.key3072.get()
        let message = try BlindRSA.tokenMessage(electionID: "E", districtID: "D", credentialPublicKey: [UInt8](repeating: 9, count: 32))
        let (prepared, signature) = try BlindRSAKeys.issue(message, key: key, variant: .sha384PSSRandomized)

        let dir = try BlindRSATempDir()
        try dir.write("pub.pem", Array(key.publicKey.pemRepresentation.utf8))
        try dir.write("sig", signature)
        try dir.write("msg", prepared)
        try dir.write("digest", SHA384.hash(prepared))
        var tampered = prepared
        tampered[40] ^= 1
        try dir.write("bad", tampered)

        let dgst = ["dgst", "-sha384", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:48",
                    "-sigopt", "rsa_mgf1_md:sha384", "-verify", dir.path("pub.pem"), "-signature", dir.path("sig")]
        let ok = try runOpenSSL(dgst + [dir.path("msg")])
        #expect(ok.status == 0)
        #expect(ok.output.contains("Verified OK"))
        #expect(try runOpenSSL(dgst + [dir.path("bad")]).status != 0)

        let pkeyutl = try runOpenSSL(["pkeyutl", "-verify", "-pubin", "-inkey", dir.path("pub.pem"), "-sigfile", dir.path("sig"),
                                      "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:48",
                                      "-pkeyopt", "digest:sha384", "-in", dir.path("digest")])
        #expect(pkeyutl.status == 0)
        // The wrong salt length is refused by OpenSSL as well.
        let zeroSalt = try runOpenSSL(["pkeyutl", "-verify", "-pubin", "-inkey", dir.path("pub.pem"), "-sigfile", dir.path("sig"),
                                       "-pkeyopt", "rsa_padding_mode:pss", "-pkeyopt", "rsa_pss_saltlen:0",
                                       "-pkeyopt", "digest:sha384", "-in", dir.path("digest")])
        #expect(zeroSalt.status != 0)
    }

    @Test(.enabled(if: opensslPath != nil, "no openssl binary"))
    func opensslCLIKeysAndSignatures() throws {
        let dir = try BlindRSATempDir()
        // A key made by `openssl genpkey` imports and issues tokens.
        let gen = try runOpenSSL(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir.path("sk.pem")])
        #expect(gen.status == 0)
        let key = try BlindRSAPrivateKey(pem: String(decoding: dir.read("sk.pem"), as: UTF8.self))
        #expect(key.publicKey.modulusBits == 2048)
        // Our public-key export matches OpenSSL's.
        #expect(try runOpenSSL(["pkey", "-in", dir.path("sk.pem"), "-pubout", "-out", dir.path("pk.pem")]).status == 0)
        #expect(try BlindRSAPublicKey(pem: String(decoding: dir.read("pk.pem"), as: UTF8.self)) == key.publicKey)
        #expect(String(decoding: try dir.read("pk.pem"), as: UTF8.self) == key.publicKey.pemRepresentation)

        // `openssl dgst -sign` (RSASSA-PSS, SHA-384, salt 48) passes our verifier.
        try dir.write("msg", Array("signed by the openssl CLI".utf8))
        let sign = try runOpenSSL(["dgst", "-sha384", "-sign", dir.path("sk.pem"), "-sigopt", "rsa_padding_mode:pss",
                                   "-sigopt", "rsa_pss_saltlen:48", "-out", dir.path("sig"), dir.path("msg")])
        #expect(sign.status == 0)
        try key.publicKey.verify(dir.read("sig"), preparedMessage: dir.read("msg"), variant: .sha384PSSDeterministic)

        // An RSASSA-PSS-OID key (id-RSASSA-PSS) is refused: Urna keys use rsaEncryption.
        let pss = try runOpenSSL(["genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", dir.path("pss.pem")])
        #expect(pss.status == 0)
        #expect(try runOpenSSL(["pkey", "-in", dir.path("pss.pem"), "-pubout", "-out", dir.path("psspub.pem")]).status == 0)
        let error = #expect(throws: CryptoError.self) {
            _ = try BlindRSAPublicKey(pem: String(decoding: dir.read("psspub.pem"), as: UTF8.self))
        }
        #expect(error?.code == .invalidEncoding)
    }

    private func runOpenSSL(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.opensslPath))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// A scratch directory removed when the value is released.
final class BlindRSATempDir {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("urna-blindrsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: url.appendingPathComponent(name)) }
    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: url.appendingPathComponent(name))) }
}
