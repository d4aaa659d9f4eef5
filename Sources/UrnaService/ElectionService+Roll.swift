import Foundation
import UrnaCrypto
import UrnaLedgerStore
import UrnaRecord

extension ElectionService {
    /// One voter's activation code, to be mailed out of band.
    public struct IssuedCode: Sendable, Hashable {
        public let voterID: String
        public let district: String
        /// Displayed form, e.g. `7KQ2-…-X4`.
        public let code: String
    }

    /// Imports a roll: all or nothing. Refuses unknown districts and voters already on the roll,
    /// naming the line. Writes each new voter's activation code to the new file `codesPath`
    /// (mode 0600; only a keyed hash is stored) and returns the codes.
    ///
    /// The codes file appears only once the import has committed: the codes are written to a
    /// hidden file first, the commit records that file as pending delivery, and the rename
    /// follows. An interrupt before the commit leaves no codes file (and no roll); one after it is
    /// finished by the next command that opens the election (``finishCodesDelivery()``).
    public func importRoll(_ roll: VoterRoll, codesPath: String, format: ([IssuedCode]) -> [UInt8]) throws -> [IssuedCode] {
        // Absolute paths: the pending record is finished by whatever command opens the
        // election next, from whatever folder it runs in.
        let codesPath = PathParts.absolute(codesPath)
        guard !FileManager.default.fileExists(atPath: codesPath) else {
            throw ServiceError(.invalidInput, "\(codesPath) exists; refusing to overwrite activation codes (choose another --codes-out)")
        }
        let target = PathParts(codesPath)
        let hidden = target.sibling { ".\($0).uncommitted-\(getpid())" }
        try removeAbandonedCodes(folder: target.folder)
        let issued = try importRoll(roll) { db, issued in
            try? FileManager.default.removeItem(atPath: hidden)
            try SecretFile.create(hidden, format(issued))
            try privateStore.setMeta(Self.pendingCodesKey, Array("\(hidden)\n\(codesPath)".utf8), in: db)
        }
        if let notice = try finishCodesDelivery(), !notice.hasPrefix("finished") { notices.append(notice) }
        return issued
    }

    /// Removes, in `folder`, the hidden codes files of imports that were interrupted before they
    /// committed (their process is gone): those codes were never valid and must never be mailed.
    /// The file a committed import still has to deliver is never removed.
    private func removeAbandonedCodes(folder: String) throws {
        let pending = try privateStore.meta(Self.pendingCodesKey).map { String(decoding: $0, as: UTF8.self) }
        let keep = pending?.split(separator: "\n", maxSplits: 1).first.map(String.init)
        Leftovers.removeAbandoned(in: folder, marker: ".uncommitted-", keep: Set([keep].compactMap { $0 }))
    }

    /// Imports a roll in process (the demo, tests): the codes are only returned.
    public func importRoll(_ roll: VoterRoll) throws -> [IssuedCode] {
        try importRoll(roll) { _, _ in }
    }

    private func importRoll(_ roll: VoterRoll, beforeCommit: (SQLiteDatabase, [IssuedCode]) throws -> Void) throws -> [IssuedCode] {
        let manifest = try lock.withLock { () throws -> Manifest in
            try state.require([.setup, .keyCeremony, .open], for: "import a voter roll")
            guard let manifest = state.manifest else { throw ServiceError(.noElection, "no manifest") }
            return manifest
        }
        let districts = Set(manifest.districts.map(\.id))
        if let bad = roll.voters.first(where: { !districts.contains($0.district) }) {
            throw ServiceError(.invalidRoll, "line \(bad.line): unknown district '\(bad.district)' (known: \(districts.sorted().joined(separator: ", ")))")
        }
        var issued: [IssuedCode] = []
        var rows: [(VoterRoll.Voter, salt: [UInt8], hash: [UInt8])] = []
        for voter in roll.voters {
            let code = try Self.wrap("activation code") { try ActivationCode.generate() }
            let salt = try Self.wrap("salt") { try RandomBytes.generate(16) }
            let hash = try Self.wrap("code hash") { try code.keyedHash(commissionSecret: commissionSecret, salt: salt) }
            rows.append((voter, salt, hash))
            issued.append(IssuedCode(voterID: voter.voterID, district: voter.district, code: code.displayed))
        }
        try privateStore.transaction { db in
            let exists = try db.prepare("SELECT 1 FROM roll WHERE voter_id = ?")
            let insert = try db.prepare("INSERT INTO roll (voter_id, district, salt, code_hash) VALUES (?, ?, ?, ?)")
            for (voter, salt, hash) in rows {
                try exists.bind(1, voter.voterID)
                let duplicate = try exists.step()
                exists.reset()
                guard !duplicate else {
                    throw ServiceError(.invalidRoll, "line \(voter.line): voter '\(voter.voterID)' is already on the roll; nothing was imported")
                }
                try insert.bind(1, voter.voterID)
                try insert.bind(2, voter.district)
                try insert.bind(3, salt)
                try insert.bind(4, hash)
                try insert.run()
            }
            try beforeCommit(db, issued)
        }
        return issued
    }

    static let pendingCodesKey = "pending_codes_file"

    /// Completes a codes file whose roll import committed but whose rename did not happen (an
    /// interrupt right after the commit). Returns a notice for the user, if it did anything.
    @discardableResult
    public func finishCodesDelivery() throws -> String? {
        guard let pending = try privateStore.meta(Self.pendingCodesKey) else { return nil }
        let parts = String(decoding: pending, as: UTF8.self).split(separator: "\n", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw ServiceError(.internalFailure, "\(Self.privateFileName): damaged pending codes record") }
        let (hidden, target) = (parts[0], parts[1])
        let notice: String
        if FileManager.default.fileExists(atPath: hidden) {
            // Never overwrite a file that appeared at the target meanwhile: deliver beside it.
            var destination = target, n = 1
            while FileManager.default.fileExists(atPath: destination) {
                destination = PathParts(target).sibling { "\($0).recovered-\(n)" }
                n += 1
            }
            try SecretFile.publish(from: hidden, to: destination)
            notice = destination == target
                ? "finished an interrupted roll import: the activation codes are in \(target)"
                : "finished an interrupted roll import: \(target) existed, so the activation codes are in \(destination)"
        } else if FileManager.default.fileExists(atPath: target) {
            notice = "finished an interrupted roll import: the activation codes are in \(target)"
        } else {
            // Keep the record: the codes may be on a folder that is not mounted right now.
            return "warning: the activation codes of a committed roll import are neither in \(target) nor in \(hidden); find them before mailing (this warning stays until they are back)"
        }
        try privateStore.transaction { db in
            let delete = try db.prepare("DELETE FROM meta WHERE key = ?")
            try delete.bind(1, Self.pendingCodesKey)
            try delete.run()
        }
        return notice
    }

    /// How many voters are on the roll, per district.
    public func rollCounts() throws -> [String: Int] {
        try privateStore.locked { db in
            let statement = try db.prepare("SELECT district, COUNT(*) FROM roll GROUP BY district")
            var counts: [String: Int] = [:]
            while try statement.step() { counts[statement.text(0)] = Int(statement.int64(1)) }
            return counts
        }
    }
}
