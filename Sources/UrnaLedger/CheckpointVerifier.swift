import UrnaCrypto

extension LedgerError.Code {
    /// Fewer valid cosignatures than the quorum asked for.
    public static let cosignatureQuorum = Self(rawValue: "cosignature-quorum")
}

/// Verifies ledger checkpoints: the ledger's own Ed25519 note signature, and observer
/// cosignatures (C2SP tlog-cosignature v1; `Specs/ledger.md` §4.2, §4.3).
public struct CheckpointVerifier: CheckpointVerifying, Hashable {
    /// The ledger key: type `0x01`, named by the origin.
    public let ledgerKey: NoteVerifier

    init(trusted ledgerKey: NoteVerifier) {
        self.ledgerKey = ledgerKey
    }

    /// A verifier for a ledger key given as a verifier key string `<origin>+<key ID>+<base64(0x01 ‖ key)>`.
    public init(verifierKey: String) throws {
        let key: NoteVerifier
        do {
            key = try NoteVerifier(verifierKey: verifierKey)
        } catch let error as CryptoError {
            throw LedgerError(.invalidParameter, "ledger verifier key: \(error)")
        }
        try self.init(ledgerKey: key)
    }

    public init(ledgerKey: NoteVerifier) throws {
        guard ledgerKey.type == .ed25519 else {
            throw LedgerError(.invalidParameter, "a ledger key signs with type 0x01, not 0x\([ledgerKey.type.rawValue].hex)")
        }
        try Checkpoint.validateOrigin(ledgerKey.name)
        self.ledgerKey = ledgerKey
    }

    public var origin: String { ledgerKey.name }
    public var verifierKey: String { ledgerKey.verifierKeyString }

    /// Parses a signed checkpoint note, checks the ledger's signature on it (other signature
    /// lines are ignored here), parses the checkpoint and checks that its origin is the key name.
    public func verifiedCheckpoint(_ signedNote: String) throws -> Checkpoint {
        let note = try Self.parse(signedNote)
        return try verify(note)
    }

    /// ``verifiedCheckpoint(_:)`` for a parsed note.
    public func verify(_ note: SignedNote) throws -> Checkpoint {
        do {
            _ = try note.verify(verifiers: [ledgerKey])
        } catch let error as CryptoError {
            throw LedgerError(.badSignature, "checkpoint is not signed by the ledger key \(verifierKey): \(error)")
        }
        let checkpoint = try Checkpoint(text: note.text)
        guard checkpoint.origin == origin else {
            throw LedgerError(.invalidCheckpoint, "checkpoint origin \(checkpoint.origin) is not the ledger key name \(origin)")
        }
        return checkpoint
    }

    /// Verifies the ledger signature and the cosignatures of `cosigners` (type `0x04` keys)
    /// on a note; returns the checkpoint and the cosignatures that verified (with their
    /// times). A cosignature line from a listed cosigner that does not verify throws;
    /// lines from unlisted keys are ignored. Throws `cosignature-quorum` if fewer than
    /// `quorum` listed cosigners signed.
    public func verifyCosigned(_ signedNote: String, cosigners: [NoteVerifier], quorum: Int = 1)
        throws -> (checkpoint: Checkpoint, cosignatures: [VerifiedNoteSignature]) {
        let note = try Self.parse(signedNote)
        let checkpoint = try verify(note)
        guard cosigners.allSatisfy({ $0.type == .cosignatureV1 }) else {
            throw LedgerError(.invalidParameter, "cosigner keys must have type 0x04")
        }
        var verified: [VerifiedNoteSignature] = []
        do {
            verified = try note.verifySignatures(verifiers: cosigners)
        } catch let error as CryptoError where error.code == .noteUnverified {
            verified = []
        } catch let error as CryptoError {
            throw LedgerError(.badSignature, "cosignature: \(error)")
        }
        guard verified.count >= quorum else {
            throw LedgerError(.cosignatureQuorum, "\(verified.count) valid cosignatures, \(quorum) required")
        }
        return (checkpoint, verified)
    }

    /// Adds `cosigner`'s cosignature (at `time`, seconds since the Unix epoch) to a signed
    /// checkpoint after checking the ledger's signature. What an observer does once it has
    /// checked the checkpoint's consistency with the last one it cosigned.
    public func cosign(_ signedNote: String, cosigner: CosignatureSigner, time: UInt64) throws -> String {
        let note = try Self.parse(signedNote)
        _ = try verify(note)
        do {
            return try note.cosigned(by: cosigner, time: time).serialized
        } catch let error as CryptoError {
            throw LedgerError(.badSignature, "cosigning failed: \(error)")
        }
    }

    static func parse(_ signedNote: String) throws -> SignedNote {
        do {
            return try SignedNote(parsing: signedNote)
        } catch let error as CryptoError {
            throw LedgerError(.invalidCheckpoint, "not a signed note: \(error)")
        }
    }
}
