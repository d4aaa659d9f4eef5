import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// Checks a voter's receipt (`Specs/election-record.md` §7, `Specs/verification.md` §6):
/// offline, its checkpoint's signature and the inclusion proof of its entry; against a record,
/// also that the entry is the ballot with the receipt's tracking code and that the record's
/// latest checkpoint extends the receipt's (RFC 9162 consistency).
public enum ReceiptCheck {
    /// One step of a receipt check.
    public struct Step: Sendable, Codable, Hashable {
        public let check: String
        public let passed: Bool
        public let detail: String
    }

    /// The outcome of checking a receipt.
    public struct Report: Sendable, Codable {
        public let trackingCode: String
        public let seq: UInt64
        public var steps: [Step] = []
        public var isValid: Bool { !steps.isEmpty && steps.allSatisfy(\.passed) }

        enum CodingKeys: String, CodingKey {
            case seq, steps
            case trackingCode = "tracking_code"
            case isValid = "valid"
        }

        public init(trackingCode: String, seq: UInt64) {
            self.trackingCode = trackingCode
            self.seq = seq
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            trackingCode = try container.decode(String.self, forKey: .trackingCode)
            seq = try container.decode(UInt64.self, forKey: .seq)
            steps = try container.decode([Step].self, forKey: .steps)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(isValid, forKey: .isValid)
            try container.encode(trackingCode, forKey: .trackingCode)
            try container.encode(seq, forKey: .seq)
            try container.encode(steps, forKey: .steps)
        }

        mutating func record(_ check: String, _ passed: Bool, _ detail: String) {
            steps.append(Step(check: check, passed: passed, detail: detail))
        }

        public func renderText() -> String {
            var lines = ["receipt  tracking code \(Ballot.shortTrackingCode((try? Hex.decode(trackingCode)) ?? [])) (\(trackingCode)), entry \(seq)"]
            for step in steps {
                lines.append("  \(step.passed ? "ok  " : "FAIL") \(step.check): \(step.detail)")
            }
            lines.append(isValid ? "VERDICT: VALID — the ballot is in the record" : "VERDICT: INVALID")
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// The offline checks: the receipt's checkpoint is signed by `ledgerKey` and proves the
    /// receipt's entry hash at its seq. Returns the checkpoint when both hold.
    @discardableResult
    public static func checkOffline(_ receipt: Receipt, ledgerKey: String, into report: inout Report) -> Checkpoint? {
        let checkpoint: Checkpoint
        do {
            checkpoint = try CheckpointVerifier(verifierKey: ledgerKey).verifiedCheckpoint(receipt.checkpoint)
            report.record("receipt.checkpoint-signature", true, "checkpoint of size \(checkpoint.size) signed by \(ledgerKey)")
        } catch {
            report.record("receipt.checkpoint-signature", false, "\(error)")
            return nil
        }
        do {
            try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(receipt.entryHash.bytes), leafIndex: receipt.seq,
                                               treeSize: checkpoint.size, proof: receipt.inclusionProof.map(\.bytes),
                                               root: checkpoint.root)
            report.record("receipt.inclusion", true, "entry \(receipt.seq) is in the tree of size \(checkpoint.size)")
        } catch {
            report.record("receipt.inclusion", false, "\(error)")
            return nil
        }
        return checkpoint
    }

    /// Checks a receipt against a record. The ledger key is `trustedLedgerKey` if given, else the
    /// record's election entry's. Throws only if the record cannot be read.
    public static func check(_ receipt: Receipt, source: any RecordSource, trustedLedgerKey: String? = nil) throws -> Report {
        var report = Report(trackingCode: receipt.trackingCode.hex, seq: receipt.seq)
        // The election entry: id and ledger key.
        guard case .entry(let first)? = try source.entries(from: 0).next(maxCount: 1).first,
              first.kind == EntryKind.election.rawValue,
              let election = try? CanonicalJSON.decode(ElectionBody.self, from: first.body) else {
            report.record("receipt.election", false, "the record has no valid election entry")
            return report
        }
        let sameElection = election.manifest.electionID == receipt.electionID
        report.record("receipt.election", sameElection,
                      sameElection ? "election \(receipt.electionID)" : "the receipt is for '\(receipt.electionID)', the record for '\(election.manifest.electionID)'")
        if let trustedLedgerKey, trustedLedgerKey != election.ledgerKey {
            report.record("receipt.ledger-key", false, "the election's ledger key is not the trusted key \(trustedLedgerKey)")
        }
        let key = trustedLedgerKey ?? election.ledgerKey
        guard let receiptCheckpoint = checkOffline(receipt, ledgerKey: key, into: &report) else { return report }

        // The entry itself.
        if case .entry(let raw)? = try source.entries(from: receipt.seq).next(maxCount: 1).first, raw.seq == receipt.seq {
            let hash = Entry.computeHash(seq: raw.seq, kind: raw.kind, time: raw.time, prev: raw.prev, body: raw.body)
            let ballot = try? CanonicalJSON.decode(Ballot.self, from: raw.body)
            if hash != receipt.entryHash.bytes {
                report.record("receipt.entry", false, "entry \(raw.seq) of the record has hash \(hash.hex.prefix(16))…, not the receipt's")
            } else if raw.kind != EntryKind.ballot.rawValue || ballot?.trackingCode != receipt.trackingCode.bytes {
                report.record("receipt.entry", false, "entry \(raw.seq) is not the ballot with the receipt's tracking code")
            } else {
                report.record("receipt.entry", true, "entry \(raw.seq) is the ballot with tracking code \(receipt.shortTrackingCode)")
            }
        } else {
            report.record("receipt.entry", false, "the record has no entry \(receipt.seq)")
        }

        // The record's latest checkpoint extends the receipt's.
        guard let note = try source.checkpointNotes().last,
              let latest = try? CheckpointVerifier(verifierKey: key).verifiedCheckpoint(note) else {
            report.record("receipt.consistency", false, "the record has no checkpoint signed by the ledger key")
            return report
        }
        let (passed, detail) = consistency(receiptCheckpoint, latest, source: source)
        report.record("receipt.consistency", passed, detail)
        return report
    }

    /// Whether `latest` extends `old`: through a consistency proof from stored nodes (verified
    /// against both signed roots), or, without nodes, by recomputing both roots from the entries.
    static func consistency(_ old: Checkpoint, _ latest: Checkpoint, source: any RecordSource) -> (Bool, String) {
        func note(_ passed: Bool, _ detail: String) -> (Bool, String) { (passed, detail) }
        guard latest.size >= old.size else {
            return note(false, "the record's latest checkpoint (size \(latest.size)) is older than the receipt's (size \(old.size))")
        }
        if latest.size == old.size {
            return note(latest.root == old.root, latest.root == old.root
                        ? "the receipt's checkpoint is the record's latest (size \(latest.size))"
                        : "two checkpoints of size \(latest.size) with different roots: a split view")
        }
        if let reader = try? source.subtreeReader() {
            func proof<R: MerkleSubtreeReader>(_ reader: R) throws -> [[UInt8]] {
                try MerkleProver(reader: reader, size: latest.size).consistencyProof(oldSize: old.size, newSize: latest.size)
            }
            do {
                try MerkleVerifier.verifyConsistency(oldSize: old.size, newSize: latest.size, oldRoot: old.root,
                                                     newRoot: latest.root, proof: proof(reader))
                return note(true, "consistency proof \(old.size) → \(latest.size) verifies against both signed roots")
            } catch {
                return note(false, "consistency \(old.size) → \(latest.size): \(error)")
            }
        }
        do {
            let reader = try source.entries(from: 0)
            var frontier = MerkleFrontier()
            var oldRoot: [UInt8]?
            while frontier.size < latest.size {
                let items = try reader.next(maxCount: 4096)
                if items.isEmpty { break }
                for item in items where frontier.size < latest.size {
                    guard case .entry(let raw) = item else { return note(false, "the record has an entry that does not decode") }
                    frontier.append(leafHash: MerkleHash.leaf(
                        Entry.computeHash(seq: raw.seq, kind: raw.kind, time: raw.time, prev: raw.prev, body: raw.body)))
                    if frontier.size == old.size { oldRoot = frontier.root }
                }
            }
            guard frontier.size == latest.size, oldRoot == old.root, frontier.root == latest.root else {
                return note(false, "the record's entries do not give both checkpoints' roots (sizes \(old.size) and \(latest.size))")
            }
            return note(true, "the record's entries give both signed roots (sizes \(old.size) and \(latest.size))")
        } catch {
            return note(false, "reading the record: \(error)")
        }
    }
}
