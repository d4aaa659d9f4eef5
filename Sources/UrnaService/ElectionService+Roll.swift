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
        guard !FileManager.default.fileExists(atPath: codesPath) else {
            throw ServiceError(.invalidInput, "\(codesPath) exists; refusing to overwrite activation codes (choose another --codes-out)")
        }
        let folder = (codesPath as NSString).deletingLastPathComponent
        let hidden = (folder.isEmpty ? "" : folder + "/") + ".\((codesPath as NSString).lastPathComponent).uncommitted-\(getpid())"
        removeAbandonedCodes(folder: folder.isEmpty ? "." : folder, name: (codesPath as NSString).lastPathComponent)
        let issued = try importRoll(roll) { db, issued in
            try? FileManager.default.removeItem(atPath: hidden)
            try SecretFile.create(hidden, format(issued))
            try privateStore.setMeta(Self.pendingCodesKey, Array("\(hidden)\n\(codesPath)".utf8), in: db)
        }
        try finishCodesDelivery()
        return issued
    }

    /// Removes the hidden codes files of imports that were interrupted before they committed
    /// (their process is gone): those codes were never valid and must never be mailed. A file
    /// pending delivery after a commit was finished on open, before this runs.
    private func removeAbandonedCodes(folder: String, name: String) {
        let prefix = ".\(name).uncommitted-"
        for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where file.hasPrefix(prefix) {
            guard let pid = Int32(file.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0 else { continue }
            try? FileManager.default.removeItem(atPath: folder + "/" + file)
        }
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
        var notice: String?
        if FileManager.default.fileExists(atPath: parts[0]) {
            try SecretFile.publish(from: parts[0], to: parts[1])
            notice = "finished an interrupted roll import: the activation codes are in \(parts[1])"
        } else if !FileManager.default.fileExists(atPath: parts[1]) {
            notice = "warning: a committed roll import's codes file \(parts[1]) is missing (moved or deleted?)"
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
