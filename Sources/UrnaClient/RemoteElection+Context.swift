import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The election as the voter's client accepted it: read from the `election` and `joint-key`
/// entries, each proven in the tree of a checkpoint signed by the pinned ledger key.
public struct VerifiedContext: Sendable {
    public let context: ElectionContext
    /// The pinned ledger key, which the election entry names as its own.
    public let ledgerKey: String
    public let checkpoint: Checkpoint
}

extension RemoteElection {
    /// The election context (`GET …/manifest`, `Specs/api.md` §3.2), accepted only when the
    /// checkpoint is signed by the pinned key, every entry's hash is right and proven in that
    /// checkpoint's tree, entry 0 is this election's `election` entry naming the pinned key, and
    /// a `joint-key` entry is there; with witnesses (``witnesses``), the checkpoint must carry
    /// the required cosignatures (the manifest is asked again a few times, 0.5 s apart, while a
    /// fresh checkpoint goes through the witnesses). Cached after the first success.
    public func context() throws -> VerifiedContext {
        if let cached { return cached }
        let verifier = try ledgerKey()
        var attempt = 1
        while true {
            let answer = try transport.json(ContextAnswer.self, "GET", "\(base)/manifest")
            let checkpoint = try verifiedCheckpoint(answer.checkpoint, verifier: verifier, what: "the election's checkpoint")
            do {
                try witnesses.check(answer.checkpoint, ledgerKey: verifier, what: "the election's checkpoint (size \(checkpoint.size))",
                                    then: "nothing was sent (no token was asked for, no ballot encrypted): try again later, and report this to the observers")
            } catch where attempt < Self.witnessAttempts {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.5)
                continue
            }
            return try context(answer, checkpoint: checkpoint, verifier: verifier)
        }
    }

    /// How many times the manifest is asked for a checkpoint the witnesses cosigned.
    static let witnessAttempts = 5

    struct ContextAnswer: Codable {
        struct Proven: Codable { let line: String; let proof: [HexBytes] }
        let checkpoint: String
        let entries: [Proven]
    }

    private func context(_ answer: ContextAnswer, checkpoint: Checkpoint, verifier: CheckpointVerifier) throws -> VerifiedContext {
        var electionBody: [UInt8]?, jointKey: Point?
        for proven in answer.entries {
            let entry: Entry
            do {
                entry = try EntryLine.decode(ArraySlice(Array(proven.line.utf8)))
            } catch {
                throw ClientError(ClientError.untrusted, "an entry of the election's context is not a ledger line with its right hash (\(RemoteElection.reason(error))); refusing the election")
            }
            try Self.checkInclusion(entry, proof: proven.proof.map(\.bytes), checkpoint: checkpoint)
            if entry.seq == 0, entry.kind == EntryKind.election.rawValue {
                electionBody = entry.body
            } else if entry.kind == EntryKind.jointKey.rawValue {
                do {
                    jointKey = try CanonicalJSON.decode(JointKeyBody.self, from: entry.body).jointKey
                } catch {
                    throw ClientError(ClientError.untrusted, "the joint-key entry \(entry.seq) does not decode: \(RemoteElection.reason(error))")
                }
            }
        }
        guard let electionBody else {
            throw ClientError(ClientError.untrusted, "the service's context holds no election entry at 0; refusing it")
        }
        let body: ElectionBody
        do {
            body = try CanonicalJSON.decode(ElectionBody.self, from: electionBody)
        } catch {
            throw ClientError(ClientError.untrusted, "the election entry does not decode: \(RemoteElection.reason(error))")
        }
        guard body.manifest.electionID == electionID else {
            throw ClientError(ClientError.untrusted, "the service answered for election '\(TerminalText.escaped(body.manifest.electionID))', not '\(electionID)'")
        }
        guard body.ledgerKey == verifier.verifierKey else {
            throw ClientError(ClientError.keyMismatch, "the election entry names the ledger key \(TerminalText.escaped(body.ledgerKey)), not the pinned \(pin.displayed)")
        }
        guard let jointKey else {
            throw ClientError("wrong-phase", "the key ceremony of election '\(electionID)' has not finished (no joint key in the record): voting is not possible yet; try again once voting is open")
        }
        let context: ElectionContext
        do {
            context = try ElectionContext(electionBodyBytes: electionBody, jointKey: jointKey)
        } catch {
            throw ClientError(ClientError.untrusted, "the election entry's keys do not import: \(RemoteElection.reason(error))")
        }
        let verified = VerifiedContext(context: context, ledgerKey: verifier.verifierKey, checkpoint: checkpoint)
        cacheContext(verified)
        return verified
    }

    /// The checkpoint of a signed note, or a refusal naming what did not verify.
    func verifiedCheckpoint(_ note: String, verifier: CheckpointVerifier, what: String) throws -> Checkpoint {
        do {
            return try verifier.verifiedCheckpoint(note)
        } catch {
            throw ClientError(ClientError.untrusted, "\(what) is not signed by the pinned \(pin.displayed) (\(Self.reason(error))); refusing what the service says")
        }
    }

    /// Checks that `entry` is leaf `entry.seq` of the checkpoint's tree.
    static func checkInclusion(_ entry: Entry, proof: [[UInt8]], checkpoint: Checkpoint) throws {
        do {
            try MerkleVerifier.verifyInclusion(leafHash: entry.leafHash, leafIndex: entry.seq, treeSize: checkpoint.size,
                                               proof: proof, root: checkpoint.root)
        } catch {
            throw ClientError(ClientError.untrusted, "entry \(entry.seq) ('\(entry.kind)') is not proven in the signed checkpoint of size \(checkpoint.size) (\(reason(error))); refusing it")
        }
    }

    /// A library error's reason and code, escaped for a terminal (it may quote what the service sent).
    static func reason(_ error: any Error) -> String {
        TerminalText.escaped(unescapedReason(error))
    }

    private static func unescapedReason(_ error: any Error) -> String {
        switch error {
        case let error as LedgerError: return "\(error.reason) [\(error.code)]"
        case let error as CryptoError: return "\(error.reason) [\(error.code)]"
        case let error as RecordError: return "\(error.reason) [\(error.code)]"
        default: return String(describing: error)
        }
    }
}
