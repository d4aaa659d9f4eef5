import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// The ledger's public routes (`Specs/api.md` §3): checkpoints, entries and proofs, each checked
/// before use, and the checks of receipts and looked-up ballots built on them.
extension RemoteElection {
    /// The latest checkpoint (`GET …/checkpoint`) once its ledger signature verifies, with the
    /// signed note as served (cosignatures included).
    public func latestCheckpoint() throws -> (checkpoint: Checkpoint, note: String) {
        let note = String(decoding: try transport.send("GET", "\(base)/checkpoint").body, as: UTF8.self)
        return (try verifiedCheckpoint(note, verifier: try ledgerKey(), what: "the latest checkpoint"), note)
    }

    /// The latest signed checkpoint once it covers entry `seq` (a spoil is answered before a
    /// checkpoint covers it: asked again a few times, a moment apart).
    public func checkpointCovering(seq: UInt64, attempts: Int = 20) throws -> Checkpoint {
        var size: UInt64 = 0
        for attempt in 0..<max(1, attempts) {
            if attempt > 0 { usleep(250_000) }
            let (checkpoint, _) = try latestCheckpoint()
            if checkpoint.size > seq { return checkpoint }
            size = checkpoint.size
        }
        throw ClientError("not-yet-checkpointed", "entry \(seq) is not yet covered by a signed checkpoint (the latest has size \(size)); run the same command again in a moment")
    }

    /// Entry `seq` (`GET …/entries?start=seq&end=seq+1`) with its hash recomputed; not yet
    /// proven in any tree (see ``provenEntry(seq:in:)``).
    public func entry(seq: UInt64) throws -> Entry {
        let body = try transport.send("GET", "\(base)/entries?start=\(seq)&end=\(seq + 1)").body
        let line = body.last == 0x0A ? body.dropLast() : body[...]
        guard !line.isEmpty, !line.contains(0x0A) else {
            throw ClientError(ClientError.badAnswer, "the service answered entry \(seq) with \(line.isEmpty ? "nothing" : "more than one line")")
        }
        return try Self.decodeServed(line, seq: seq)
    }

    /// A served ledger line that must be entry `seq`, with its right hash.
    static func decodeServed(_ line: ArraySlice<UInt8>, seq: UInt64) throws -> Entry {
        let entry: Entry
        do {
            entry = try EntryLine.decode(line)
        } catch {
            throw ClientError(ClientError.untrusted, "entry \(seq) as served is not a ledger line with its right hash (\(Self.reason(error)))")
        }
        guard entry.seq == seq else {
            throw ClientError(ClientError.untrusted, "asked for entry \(seq), the service sent entry \(entry.seq)")
        }
        return entry
    }

    /// Entry `seq`, proven by a fresh inclusion proof in `checkpoint`'s tree.
    public func provenEntry(seq: UInt64, in checkpoint: Checkpoint) throws -> Entry {
        let entry = try entry(seq: seq)
        try Self.checkInclusion(entry, proof: try inclusionProof(seq: seq, size: checkpoint.size), checkpoint: checkpoint)
        return entry
    }

    /// `GET …/proofs/inclusion?seq=N&size=M`: the hashes, unverified.
    public func inclusionProof(seq: UInt64, size: UInt64) throws -> [[UInt8]] {
        struct Answer: Codable { let seq: UInt64; let size: UInt64; let hashes: [HexBytes] }
        let answer = try transport.json(Answer.self, "GET", "\(base)/proofs/inclusion?seq=\(seq)&size=\(size)")
        guard answer.seq == seq, answer.size == size else {
            throw ClientError(ClientError.badAnswer, "asked for the inclusion proof of \(seq) in \(size), got \(answer.seq) in \(answer.size)")
        }
        return answer.hashes.map(\.bytes)
    }

    /// `GET …/proofs/consistency?old=M&new=N`: the hashes, unverified.
    public func consistencyProof(old: UInt64, new: UInt64) throws -> [[UInt8]] {
        struct Answer: Codable { let old: UInt64; let new: UInt64; let hashes: [HexBytes] }
        let answer = try transport.json(Answer.self, "GET", "\(base)/proofs/consistency?old=\(old)&new=\(new)")
        guard answer.old == old, answer.new == new else {
            throw ClientError(ClientError.badAnswer, "asked for the consistency proof \(old) → \(new), got \(answer.old) → \(answer.new)")
        }
        return answer.hashes.map(\.bytes)
    }

    /// A receipt from the service, before anyone keeps it: signed by the pinned key, proving its
    /// entry hash, for `trackingCode`; and the entry it names is that ballot (`signature`, if
    /// given, is the ballot's own signature).
    func checkReceipt(_ receipt: Receipt, trackingCode: [UInt8], signature: [UInt8]?) throws {
        guard receipt.electionID == electionID else {
            throw ClientError(ClientError.untrusted, "the service's receipt is for election '\(TerminalText.escaped(receipt.electionID))', not '\(electionID)'; it was not saved")
        }
        guard receipt.trackingCode.bytes == trackingCode else {
            throw ClientError(ClientError.untrusted, "the service's receipt is for tracking code \(receipt.shortTrackingCode), not this ballot's \(Ballot.shortTrackingCode(trackingCode)); it was not saved")
        }
        let key = try ledgerKey()
        _ = try ReceiptVerifier.verifyOffline(receipt, ledgerKey: key)
        try witnesses.check(receipt.checkpoint, ledgerKey: key, what: "the receipt's checkpoint",
                            then: "the receipt was not saved; look the ballot up again later (run the same command), and report this to the observers")
        let entry = try entry(seq: receipt.seq)
        guard entry.hash == receipt.entryHash.bytes else {
            throw ClientError(ClientError.untrusted, "entry \(receipt.seq) as served is not the entry the receipt proves (hash \(entry.hash.hex.prefix(16))…); it was not saved")
        }
        guard entry.kind == EntryKind.ballot.rawValue, let ballot = try? CanonicalJSON.decode(Ballot.self, from: entry.body),
              ballot.trackingCode == trackingCode, signature.map({ $0 == ballot.signature.bytes }) ?? true else {
            throw ClientError(ClientError.untrusted, "entry \(receipt.seq), which the receipt proves, is not the ballot with tracking code \(Ballot.shortTrackingCode(trackingCode)); it was not saved")
        }
    }

    /// A ballot the service says it holds, checked against the signed record: a cast ballot by
    /// its receipt (which the service makes once a signed checkpoint covers it), a spoiled one by
    /// its entry proven under the latest checkpoint; either must carry the expected signature or
    /// credential.
    func checkRecorded(_ found: RecordedBallot, signature: [UInt8]? = nil, credential: [UInt8]? = nil) throws {
        let refusal = ClientError(ClientError.untrusted, "the service says entry \(found.seq) is the \(found.spoiled ? "spoiled" : "cast") ballot \(Ballot.shortTrackingCode(found.trackingCode)), but the signed record's entry \(found.seq) is not")
        let ballot: Ballot?
        if found.spoiled {
            let checkpoint = try checkpointCovering(seq: found.seq)
            let entry = try provenEntry(seq: found.seq, in: checkpoint)
            ballot = entry.kind == EntryKind.spoiled.rawValue ? (try? CanonicalJSON.decode(SpoiledBody.self, from: entry.body))?.ballot : nil
        } else {
            let receipt = try receipt(trackingCode: found.trackingCode, signature: signature)
            guard receipt.seq == found.seq else { throw refusal }
            ballot = try? CanonicalJSON.decode(Ballot.self, from: entry(seq: found.seq).body)
        }
        guard let ballot, ballot.trackingCode == found.trackingCode,
              signature.map({ $0 == ballot.signature.bytes }) ?? true, credential.map({ $0 == ballot.credential.bytes }) ?? true else {
            throw refusal
        }
    }
}

extension RemoteElection {
    /// The spoiled ballot at `seq` as the signed record holds it (proven under the latest
    /// checkpoint), its revealed nonces checked to open every ciphertext to its choices.
    public func spoiledBallot(seq: UInt64, trackingCode: [UInt8]) throws -> SpoiledBody {
        let context = try context()
        let entry = try provenEntry(seq: seq, in: try checkpointCovering(seq: seq))
        guard entry.kind == EntryKind.spoiled.rawValue, let body = try? CanonicalJSON.decode(SpoiledBody.self, from: entry.body),
              body.ballot.trackingCode == trackingCode else {
            throw ClientError(ClientError.untrusted, "the signed record's entry \(seq) is not the spoiled ballot \(Ballot.shortTrackingCode(trackingCode))")
        }
        do {
            try body.checkNonces(jointKey: context.context.jointKey)
        } catch {
            throw ClientError(ClientError.untrusted, "the spoiled ballot at entry \(seq) does not open with its revealed nonces (\(RemoteElection.reason(error)))")
        }
        return body
    }
}
