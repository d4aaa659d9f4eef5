import Foundation
import Testing
import UrnaCrypto
@testable import UrnaLedger

@Suite struct CheckpointSignatureTests {
    static let origin = "urna.example/e/2025-city"

    static func key(_ seed: UInt8) throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: seed, count: 32))
    }

    static func checkpoint() throws -> Checkpoint {
        let chain = try ChainVerifier.verify(SpecExample.entries())
        return try Checkpoint(origin: origin, size: 2, root: chain.root, chainHead: chain.head)
    }

    @Test func signAndVerify() throws {
        let signer = try CheckpointSigner(origin: Self.origin, privateKey: Self.key(1))
        let checkpoint = try Self.checkpoint()
        let note = try signer.signedNote(for: checkpoint)
        // Text, blank line, one signature line: "— <origin> base64(keyID(4) ‖ sig(64))".
        let parts = note.components(separatedBy: "\n\n")
        #expect(parts.count == 2)
        #expect(parts[0] + "\n" == checkpoint.text)
        #expect(parts[1].hasPrefix("\u{2014} \(Self.origin) "))
        #expect(parts[1].hasSuffix("\n"))
        #expect(parts[1].utf8.count == "\u{2014} \(Self.origin) ".utf8.count + 92 + 1)
        // The key ID is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4].
        let publicKey = try Self.key(1).publicKey.rawRepresentation
        let keyID = Array(SHA256.hash(Array(Self.origin.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
        #expect(signer.verifierKey.hasPrefix("\(Self.origin)+\(keyID.hex)+"))

        let verifier = try CheckpointVerifier(verifierKey: signer.verifierKey)
        #expect(try verifier.verifiedCheckpoint(note) == checkpoint)
        #expect(try Checkpoint(signedNote: note) == checkpoint)
    }

    @Test func rejections() throws {
        let signer = try CheckpointSigner(origin: Self.origin, privateKey: Self.key(1))
        let checkpoint = try Self.checkpoint()
        let note = try signer.signedNote(for: checkpoint)
        let verifier = signer.verifier
        // Another key with the same name: its key ID differs, so the note is unverified.
        let other = try CheckpointSigner(origin: Self.origin, privateKey: Self.key(2))
        #expect(throws: LedgerError.self) { try other.verifier.verifiedCheckpoint(note) }
        // Changed size (the text no longer matches the signature).
        let tampered = note.replacingOccurrences(of: "\n2\n", with: "\n3\n")
        let error = try #require(throws: LedgerError.self) { try verifier.verifiedCheckpoint(tampered) }
        #expect(error.code == .badSignature)
        // A checkpoint of another origin cannot be signed, and one signed under another
        // name does not verify.
        let foreign = try Checkpoint(origin: "other.example", size: 2, root: checkpoint.root, chainHead: checkpoint.chainHead)
        #expect(throws: LedgerError.self) { try signer.signedNote(for: foreign) }
        let foreignSigner = try CheckpointSigner(origin: "other.example", privateKey: Self.key(1))
        #expect(throws: LedgerError.self) { try verifier.verifiedCheckpoint(foreignSigner.signedNote(for: foreign)) }
        // A cosigner (type 0x04) key is not a ledger key.
        let cosigner = try CosignatureSigner(name: Self.origin, privateKey: Self.key(1))
        #expect(throws: LedgerError.self) { try CheckpointVerifier(ledgerKey: cosigner.verifier) }
        #expect(throws: LedgerError.self) { try verifier.verifiedCheckpoint("not a note") }
        #expect(throws: LedgerError.self) { try CheckpointVerifier(verifierKey: "bad") }
    }

    @Test func cosignatures() throws {
        let signer = try CheckpointSigner(origin: Self.origin, privateKey: Self.key(1))
        let verifier = signer.verifier
        let note = try signer.signedNote(for: try Self.checkpoint())
        let w1 = try CosignatureSigner(name: "observer.example/w1", privateKey: Self.key(3))
        let w2 = try CosignatureSigner(name: "observer.example/w2", privateKey: Self.key(4))
        let once = try verifier.cosign(note, cosigner: w1, time: 1_700_000_000)
        let twice = try verifier.cosign(once, cosigner: w2, time: 1_700_000_005)
        let result = try verifier.verifyCosigned(twice, cosigners: [w1.verifier, w2.verifier], quorum: 2)
        #expect(result.cosignatures.map(\.verifier) == [w1.verifier, w2.verifier])
        #expect(result.cosignatures.map(\.timestamp) == [1_700_000_000, 1_700_000_005])
        // The cosignature line: "— <name> base64(keyID(4) ‖ time(8) ‖ sig(64))".
        let line = try #require(once.split(separator: "\n").last)
        #expect(line.hasPrefix("\u{2014} observer.example/w1 "))
        #expect(line.split(separator: " ").last?.count == 104)

        let quorum = try #require(throws: LedgerError.self) {
            try verifier.verifyCosigned(once, cosigners: [w1.verifier, w2.verifier], quorum: 2)
        }
        #expect(quorum.code == .cosignatureQuorum)
        #expect(throws: LedgerError.self) { try verifier.verifyCosigned(note, cosigners: [w1.verifier]) }
        // A cosignature over another time does not verify: swap the timestamp bytes.
        let lines = once.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let cosLine = lines[lines.count - 2]
        let encoded = String(cosLine.split(separator: " ").last ?? "")
        var bytes = try #require(Data(base64Encoded: encoded).map { [UInt8]($0) })
        bytes[11] ^= 1  // last byte of the timestamp
        let forgedLine = "\u{2014} observer.example/w1 " + Data(bytes).base64EncodedString()
        let forged = (lines.dropLast(2) + [forgedLine, ""]).joined(separator: "\n")
        let bad = try #require(throws: LedgerError.self) { try verifier.verifyCosigned(forged, cosigners: [w1.verifier]) }
        #expect(bad.code == .badSignature)
        // The ledger key is not accepted as a cosigner key.
        #expect(throws: LedgerError.self) { try verifier.verifyCosigned(once, cosigners: [verifier.ledgerKey]) }
    }
}
