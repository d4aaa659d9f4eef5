import Testing
import UrnaCrypto
@testable import UrnaLedger

/// The signed checkpoint example of `Specs/ledger.md` §4.5, computed independently (Python
/// `cryptography`, Ed25519 seeds 32×0x01 for the ledger and 32×0x03 for the observer).
@Suite struct SpecExampleTests {
    static let verifierKey = "urna.example/e/2025-city+c8cf958c+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c"
    static let note = """
        urna.example/e/2025-city
        2
        ydVkdG3SUzc4cxYz+ljQ/+yu3HWRP9TmhALkJnn/1Vw=
        urna/v1/chain-head dbada83af8f671202259daefc606d125005b9b27d01a689a9829473988675897

        — urna.example/e/2025-city yM+VjC41swKmPWTEpXK3PaP8bXuoN2Osoj9m16Xfr+4dwJuru8ffbqkop/IRFr74FMEJVYQnv1Mt2UltGEnfjFQuWgQ=

        """
    static let cosignatureLine = "— observer.example/w1 gRMsmQAAAABlU/EArng3gUwvIsan/r+9Ayddj5n7E/RPJ3EU0oTzVfIhZbgpPRrMoFM8my7hKRSMBCIbz5aoNGXfUwEyFG0E/OKcBg==\n"
    static let observerKey = "observer.example/w1+81132c99+BO1JKMYo0cLG6ukDOJBZlWEpWSc6XGP5NjbBRhSshzfR"

    @Test func signedCheckpointExample() throws {
        let signer = try CheckpointSigner(origin: "urna.example/e/2025-city",
                                          privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 32)))
        #expect(signer.verifierKey == Self.verifierKey)
        let chain = try ChainVerifier.verify(SpecExample.entries())
        let checkpoint = try Checkpoint(origin: signer.origin, size: chain.size, root: chain.root, chainHead: chain.head)
        #expect(try signer.signedNote(for: checkpoint) == Self.note)

        let observer = try CosignatureSigner(name: "observer.example/w1",
                                             privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 3, count: 32)))
        #expect(observer.verifier.verifierKeyString == Self.observerKey)
        let cosigned = try signer.verifier.cosign(Self.note, cosigner: observer, time: 1_700_000_000)
        #expect(cosigned == Self.note + Self.cosignatureLine)
        let verifier = try CheckpointVerifier(verifierKey: Self.verifierKey)
        let result = try verifier.verifyCosigned(cosigned, cosigners: [try NoteVerifier(verifierKey: Self.observerKey)])
        #expect(result.checkpoint == checkpoint)
        #expect(result.cosignatures.first?.timestamp == 1_700_000_000)
    }
}
