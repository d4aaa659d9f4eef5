import UrnaCrypto
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
    /// naming the line. Returns each new voter's activation code; only a keyed hash is stored.
    /// - Parameter deliver: receives the codes before the import commits (e.g. writes them to a
    ///   file); if it throws, nothing is imported, so codes are never lost after the commit.
    public func importRoll(_ roll: VoterRoll, deliver: ([IssuedCode]) throws -> Void = { _ in }) throws -> [IssuedCode] {
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
            try deliver(issued)
        }
        return issued
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
