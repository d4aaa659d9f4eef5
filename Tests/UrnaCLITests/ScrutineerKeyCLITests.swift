import Foundation
import Testing
import UrnaCrypto

/// `scrutineer verify --ledger-key`: a key string or a ledger.vkey file; the report's key
/// fingerprint and its source; the warning when the record vouches for its own key.
@Suite("scrutineer --ledger-key and the key fingerprint")
struct ScrutineerKeyCLITests {
    /// The fingerprint as `Specs/verification.md` §4 defines it, computed here independently:
    /// the first 16 bytes of SHA-256 of the key string, hex, in groups of four digits joined by '-'.
    static func fingerprint(_ key: String) -> String {
        let hex = Array(SHA256.hash(Array(key.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined())
        return stride(from: 0, to: 32, by: 4).map { String(hex[$0..<$0 + 4]) }.joined(separator: "-")
    }

    static func vkey() throws -> (path: String, key: String) {
        let path = try PublishedDemo.directory().appendingPathComponent("ledger.vkey").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return (path, text.trimmingCharacters(in: .newlines))
    }

    /// The export without its ledger.vkey (entries and checkpoint only).
    static func exportWithoutKey() throws -> URL {
        let directory = try CLI.temporaryDirectory("nokey")
        for file in ["ledger.jsonl", "checkpoint"] {
            try FileManager.default.copyItem(at: PublishedDemo.directory().appendingPathComponent(file),
                                            to: directory.appendingPathComponent(file))
        }
        return directory
    }

    func verify(_ arguments: String...) throws -> CLI.Outcome {
        try CLI.run("scrutineer", ["verify"] + arguments + ["--quiet"])
    }

    @Test("a ledger.vkey file is accepted (a valid record stays VALID) and reported as the source, with the fingerprint")
    func keyFile() throws {
        let (path, key) = try Self.vkey()
        let record = try PublishedDemo.directory().appendingPathComponent("ledger.jsonl").path
        let outcome = try verify(record, "--ledger-key", path)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.out.contains("VERDICT: VALID"))
        #expect(outcome.out.contains("ledger   key fingerprint \(Self.fingerprint(key)), from --ledger-key file \(path)\n"), "\(outcome.out)")
        #expect(outcome.err.isEmpty, "\(outcome.err)")
        let json = try verify(record, "--ledger-key", path, "--json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == true)
        #expect(report["ledger_key"] as? String == key)
        #expect(report["ledger_key_fingerprint"] as? String == Self.fingerprint(key))
        #expect(report["ledger_key_source"] as? String == "ledger-key-file")
        #expect(report["ledger_key_file"] as? String == path)
        #expect(report["ledger_key_warning"] == nil)
    }

    @Test("the key string is accepted and reported as given with --ledger-key")
    func keyString() throws {
        let (_, key) = try Self.vkey()
        let outcome = try verify(try PublishedDemo.directory().path, "--ledger-key", key)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.out.contains("ledger   key fingerprint \(Self.fingerprint(key)), from --ledger-key\n"), "\(outcome.out)")
    }

    @Test("a valid key of another election makes the record INVALID (exit 1)")
    func wrongKey() throws {
        let other = try UnpublishedElection.make().ledgerKey
        let (_, key) = try Self.vkey()
        #expect(other != key)
        let outcome = try verify(try PublishedDemo.directory().path, "--ledger-key", other)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.out.contains("is not the trusted key"), "\(outcome.out)")
        #expect(outcome.out.contains("VERDICT: INVALID"))
        #expect(outcome.out.contains("key fingerprint \(Self.fingerprint(other)), from --ledger-key"))
    }

    @Test("neither a key nor a file: exit 2 saying so; a file without a key: exit 2 naming it")
    func garbage() throws {
        let record = try PublishedDemo.directory().path
        let missing = try verify(record, "--ledger-key", "no-such-ledger.vkey")
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.err.contains("--ledger-key 'no-such-ledger.vkey' is neither a ledger verifier key"), "\(missing.err)")
        #expect(missing.err.contains("nor an existing file"))
        #expect(missing.out.isEmpty)
        let scratch = try CLI.temporaryDirectory("garbage")
        let file = scratch.appendingPathComponent("ledger.vkey")
        try Data("this is not a key\n".utf8).write(to: file)
        let bad = try verify(record, "--ledger-key", file.path)
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.err.contains("--ledger-key \(file.path): the file does not hold a ledger verifier key"), "\(bad.err)")
        let folder = try verify(record, "--ledger-key", scratch.path)
        #expect(folder.status == 2 && folder.err.contains("is a directory"), "\(folder)")
    }

    @Test("with ledger.vkey beside the record: no warning, the source and fingerprint are printed")
    func publishedCopy() throws {
        let (_, key) = try Self.vkey()
        let outcome = try verify(try PublishedDemo.directory().path)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.err.isEmpty, "\(outcome.err)")
        #expect(outcome.out.contains("ledger   key fingerprint \(Self.fingerprint(key)), from ledger.vkey beside the record (compare it with the fingerprint the commission published)"), "\(outcome.out)")
        #expect(!outcome.out.contains("WARNING"))
        let database = try verify(try PublishedDemo.directory().appendingPathComponent("election.db").path)
        #expect(database.status == 0, "\(database)")
        #expect(database.out.contains("key fingerprint \(Self.fingerprint(key)), from the database's meta.verifier_key"), "\(database.out)")
    }

    @Test("a JSON Lines export without ledger.vkey: a warning on stderr and in the report that the key came from the record")
    func missingKeyWarning() throws {
        let (path, key) = try Self.vkey()
        let record = try Self.exportWithoutKey().path
        let outcome = try verify(record)
        #expect(outcome.status == 1, "no published key and none trusted: \(outcome)")
        #expect(outcome.err.hasPrefix("scrutineer: warning: the ledger key was taken from the record itself"), "\(outcome.err)")
        #expect(outcome.err.contains(Self.fingerprint(key)) && outcome.err.contains("published out of band"))
        #expect(outcome.out.contains("key fingerprint \(Self.fingerprint(key)), from the election entry (the record itself)"), "\(outcome.out)")
        #expect(outcome.out.contains("\nWARNING  the ledger key was taken from the record itself"), "\(outcome.out)")
        let json = try verify(record, "--json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(report["ledger_key_source"] as? String == "election-entry")
        #expect((report["ledger_key_warning"] as? String)?.contains("taken from the record itself") == true)
        #expect(json.err.contains("warning"), "the warning is on stderr with --json too")
        // The observer's own key: valid, no warning.
        let trusted = try verify(record, "--ledger-key", path)
        #expect(trusted.status == 0, "\(trusted)")
        #expect(trusted.err.isEmpty && !trusted.out.contains("WARNING"), "\(trusted)")
    }

    @Test("a ledger.vkey beside the record that holds another key: the key is the election entry's, with the warning")
    func mismatchedCopy() throws {
        let record = try Self.exportWithoutKey()
        try Data((try UnpublishedElection.make().ledgerKey + "\n").utf8).write(to: record.appendingPathComponent("ledger.vkey"))
        let (_, key) = try Self.vkey()
        let outcome = try verify(record.path)
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.out.contains("key fingerprint \(Self.fingerprint(key)), from the election entry (the record itself)"), "\(outcome.out)")
        #expect(outcome.out.contains("the record publishes ledger key"), "\(outcome.out)")
        #expect(outcome.err.hasPrefix("scrutineer: warning: the ledger key was taken from the record itself"), "\(outcome.err)")
    }

    @Test("the report names candidates as well as ids in its results")
    func candidateNames() throws {
        let outcome = try verify(try PublishedDemo.directory().path)
        let expected = try PublishedDemo.expected()
        let ada = expected["district-a"]?["mayor"]?["ada"] ?? -1
        #expect(outcome.out.contains("  Mayor (mayor): Ada Lovelace (ada) \(ada), Grace Hopper (grace) "), "\(outcome.out)")
        #expect(outcome.out.contains("Build the new library? (referendum): Yes (yes) "))
        let json = try verify(try PublishedDemo.directory().path, "--json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let contests = try #require(report["contests"] as? [[String: Any]])
        #expect(contests.first?["title"] as? String == "Mayor")
        #expect((contests.first?["candidates"] as? [[String: Any]])?.first?["name"] as? String == "Ada Lovelace")
    }
}
