import UrnaCrypto

extension Manifest {
    /// Longest id (`election_id`, contest, candidate and district ids), in characters (all ASCII).
    public static let maxIdentifierLength = 64
    /// Longest title or name (`title`, contest titles, candidate and district names), in UTF-8 bytes.
    public static let maxTextBytes = 256

    /// Identifier rule for every id: 1–64 characters from `a–z A–Z 0–9 . _ -`.
    public static func isValidIdentifier(_ id: String) -> Bool {
        guard (1...maxIdentifierLength).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                || byte == 0x2d || byte == 0x2e || byte == 0x5f
        }
    }

    /// Checks every rule of `Specs/election-record.md` §2; the error names the field (also as
    /// `RecordError.field`, so a reader of a manifest file can give its line and column) and the fix.
    public func validate() throws {
        func fail(_ field: String, _ problem: String) -> RecordError {
            RecordError(.invalidManifest, "\(field): \(problem)", field: field)
        }
        func identifier(_ field: String, _ id: String) throws {
            guard Self.isValidIdentifier(id) else {
                // The reason quotes the id as given; whoever prints it escapes it (`TerminalText`).
                let shown = id.count > Self.maxIdentifierLength + 1 ? "\(id.prefix(Self.maxIdentifierLength + 1))…" : id
                throw fail(field, "'\(shown)' is not an id: use 1–\(Self.maxIdentifierLength) characters of a–z, A–Z, 0–9, '.', '_', '-' (no spaces)")
            }
        }
        // Titles and names are printed by every tool: 1–256 bytes, no control, bidi-control or
        // separator character (review finding 10; ids are ASCII by `isValidIdentifier`).
        func text(_ field: String, _ text: String) throws {
            guard !text.isEmpty else { throw fail(field, "is empty; write a title or name of 1–\(Self.maxTextBytes) bytes") }
            guard text.utf8.count <= Self.maxTextBytes else {
                throw fail(field, "is \(text.utf8.count) bytes long; at most \(Self.maxTextBytes) bytes of UTF-8 are allowed, shorten it")
            }
            if let scalar = TerminalText.firstControl(in: text) {
                throw fail(field, "contains the control character \(TerminalText.codePoint(scalar))")
            }
        }
        try identifier("election_id", electionID)
        try text("title", title)
        guard (0...100).contains(spoilLimit) else { throw fail("spoil_limit", "\(spoilLimit) is outside 0...100") }
        guard !contests.isEmpty else { throw fail("contests", "at least one contest is required") }
        guard !districts.isEmpty else { throw fail("districts", "at least one district is required") }

        var contestIDs = Set<String>()
        for (index, contest) in contests.enumerated() {
            let field = "contests[\(index)]"
            try identifier("\(field).id", contest.id)
            guard contestIDs.insert(contest.id).inserted else { throw fail("\(field).id", "duplicate contest id '\(contest.id)'") }
            try text("\(field).title", contest.title)
            guard !contest.candidates.isEmpty, contest.candidates.count <= 64 else {
                throw fail("\(field).candidates", "\(contest.candidates.count) candidates; 1–64 are allowed")
            }
            guard contest.min >= 0 else { throw fail("\(field).min", "\(contest.min) is negative") }
            guard contest.max >= 1 else { throw fail("\(field).max", "\(contest.max) must be at least 1") }
            guard contest.min <= contest.max else { throw fail("\(field).min", "\(contest.min) exceeds max \(contest.max)") }
            guard contest.max <= contest.candidates.count else {
                throw fail("\(field).max", "\(contest.max) exceeds the \(contest.candidates.count) candidates")
            }
            guard contest.max - contest.min + 1 <= RangeProof.maxBranches else {
                throw fail("\(field).max", "max − min + 1 = \(contest.max - contest.min + 1); a contest's sum proof allows at most \(RangeProof.maxBranches)")
            }
            var candidateIDs = Set<String>()
            for (c, candidate) in contest.candidates.enumerated() {
                try identifier("\(field).candidates[\(c)].id", candidate.id)
                guard candidateIDs.insert(candidate.id).inserted else {
                    throw fail("\(field).candidates[\(c)].id", "duplicate candidate id '\(candidate.id)'")
                }
                try text("\(field).candidates[\(c)].name", candidate.name)
            }
        }

        var districtIDs = Set<String>()
        var usedContests = Set<String>()
        for (index, district) in districts.enumerated() {
            let field = "districts[\(index)]"
            try identifier("\(field).id", district.id)
            guard districtIDs.insert(district.id).inserted else { throw fail("\(field).id", "duplicate district id '\(district.id)'") }
            try text("\(field).name", district.name)
            guard !district.contests.isEmpty else { throw fail("\(field).contests", "a district needs at least one contest") }
            guard Set(district.contests).count == district.contests.count else {
                throw fail("\(field).contests", "lists a contest twice")
            }
            for (c, contestID) in district.contests.enumerated() {
                guard contestIDs.contains(contestID) else {
                    throw fail("\(field).contests[\(c)]", "unknown contest '\(contestID)'; list ids from 'contests'")
                }
                usedContests.insert(contestID)
            }
        }
        if let unused = contests.firstIndex(where: { !usedContests.contains($0.id) }) {
            throw fail("contests[\(unused)]", "contest '\(contests[unused].id)' is on no district's ballot; add its id to a district's 'contests'")
        }
    }
}
