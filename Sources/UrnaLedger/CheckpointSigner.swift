import UrnaCrypto

/// Signs ledger checkpoints with the service's Ed25519 ledger key as C2SP signed notes
/// (signature type `0x01`, key name = the checkpoint origin; `Specs/ledger.md` §4.2).
public struct CheckpointSigner: CheckpointSigning {
    public let noteSigner: NoteSigner

    /// A signer whose key name is the ledger's origin.
    public init(origin: String, privateKey: Ed25519PrivateKey) throws {
        try Checkpoint.validateOrigin(origin)
        do {
            noteSigner = try NoteSigner(name: origin, privateKey: privateKey)
        } catch let error as CryptoError {
            throw LedgerError(.invalidParameter, "ledger key: \(error)")
        }
    }

    /// A signer from a note signer key string `PRIVATE+KEY+<origin>+<key ID>+<base64>` (a secret).
    public init(signerKey: String) throws {
        let signer: NoteSigner
        do {
            signer = try NoteSigner(signerKey: signerKey)
        } catch let error as CryptoError {
            throw LedgerError(.invalidParameter, "ledger signer key: \(error)")
        }
        try Checkpoint.validateOrigin(signer.name)
        noteSigner = signer
    }

    public var origin: String { noteSigner.name }

    /// The matching verifier.
    public var verifier: CheckpointVerifier { CheckpointVerifier(trusted: noteSigner.verifier) }

    public var verifierKey: String { noteSigner.verifier.verifierKeyString }

    /// Signs a checkpoint of this ledger (its origin must be the key name).
    public func sign(_ checkpoint: Checkpoint) throws -> SignedNote {
        guard checkpoint.origin == origin else {
            throw LedgerError(.invalidParameter, "checkpoint origin \(checkpoint.origin) is not the key name \(origin)")
        }
        do {
            return try SignedNote.sign(text: checkpoint.text, signers: [noteSigner])
        } catch let error as CryptoError {
            throw LedgerError(.badSignature, "signing the checkpoint failed: \(error)")
        }
    }

    public func signedNote(for checkpoint: Checkpoint) throws -> String {
        try sign(checkpoint).serialized
    }
}
