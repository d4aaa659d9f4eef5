import UrnaCrypto

extension Manifest {
    /// Identifier rule for every id: 1–64 characters from `a–z A–Z 0–9 . _ -`.
    public static func isValidIdentifier(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                || byte == 0x2d || byte == 0x2e || byte == 0x5f
        }
    }

    /// Checks every rule of `Specs/election-record.md` §2; the error names the field.
    public func validate() throws {
        func fail(_ field: String, _ problem: String) -> RecordError {
            RecordError(.invalidManifest, "\(field): \(problem)")
        }
        // Titles and names are printed by every tool: no control, bidi-control or separator
        // character (review finding 10; ids are ASCII by `isValidIdentifier`).
        func printable(_ field: String, _ text: String) throws {
            if let scalar = TerminalText.firstControl(in: text) {
                throw fail(field, "contains the control character \(TerminalText.codePoint(scalar))")
            }
        }
        guard Self.isValidIdentifier(electionID) else {
            throw fail("election_id", "'\(electionID)' is not 1–64 characters of a–z, A–Z, 0–9, '.', '_', '-'")
        }
        guard !title.isEmpty, title.utf8.count <= 256 else { throw fail("title", "must be 1–256 bytes") }
        try printable("title", title)
        guard (0...100).contains(spoilLimit) else { throw fail("spoil_limit", "\(spoilLimit) is outside 0...100") }
        guard !contests.isEmpty else { throw fail("contests", "at least one contest is required") }
        guard !districts.isEmpty else { throw fail("districts", "at least one district is required") }

        var contestIDs = Set<String>()
        for (index, contest) in contests.enumerated() {
            let field = "contests[\(index)]"
            guard Self.isValidIdentifier(contest.id) else { throw fail("\(field).id", "'\(contest.id)' is not a valid identifier") }
            guard contestIDs.insert(contest.id).inserted else { throw fail("\(field).id", "duplicate contest id '\(contest.id)'") }
            guard !contest.title.isEmpty, contest.title.utf8.count <= 256 else { throw fail("\(field).title", "must be 1–256 bytes") }
            try printable("\(field).title", contest.title)
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
                guard Self.isValidIdentifier(candidate.id) else {
                    throw fail("\(field).candidates[\(c)].id", "'\(candidate.id)' is not a valid identifier")
                }
                guard candidateIDs.insert(candidate.id).inserted else {
                    throw fail("\(field).candidates[\(c)].id", "duplicate candidate id '\(candidate.id)'")
                }
                guard !candidate.name.isEmpty else { throw fail("\(field).candidates[\(c)].name", "must not be empty") }
                try printable("\(field).candidates[\(c)].name", candidate.name)
            }
        }

        var districtIDs = Set<String>()
        var usedContests = Set<String>()
        for (index, district) in districts.enumerated() {
            let field = "districts[\(index)]"
            guard Self.isValidIdentifier(district.id) else { throw fail("\(field).id", "'\(district.id)' is not a valid identifier") }
            guard districtIDs.insert(district.id).inserted else { throw fail("\(field).id", "duplicate district id '\(district.id)'") }
            guard !district.name.isEmpty else { throw fail("\(field).name", "must not be empty") }
            try printable("\(field).name", district.name)
            guard !district.contests.isEmpty else { throw fail("\(field).contests", "a district needs at least one contest") }
            guard Set(district.contests).count == district.contests.count else {
                throw fail("\(field).contests", "lists a contest twice")
            }
            for contestID in district.contests {
                guard contestIDs.contains(contestID) else {
                    throw fail("\(field).contests", "unknown contest '\(contestID)'")
                }
                usedContests.insert(contestID)
            }
        }
        if let unused = contests.first(where: { !usedContests.contains($0.id) }) {
            throw fail("contests", "contest '\(unused.id)' is on no district's ballot")
        }
    }
}
