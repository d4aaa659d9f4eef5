import Foundation
import Testing
import UrnaCrypto
@testable import UrnaLedger

/// Known-answer vectors for the browser's ledger checks (`Sources/UrnaWeb/Assets/js/urna-ledger.js`,
/// run by `Tools/web-kat/run.py` through `Tools/web-kat/kat-ledger.js`). Every value and every
/// verdict (accepted, or the error code of the refusal) is computed here by the real UrnaLedger
/// code from fixed inputs (Ed25519 keys from fixed seeds; Ed25519 signing is deterministic) and must
/// equal `Resources/web_ledger_kat.json` once both are serialised the same way. To regenerate after
/// a deliberate change:
/// `URNA_WRITE_WEB_LEDGER_KAT=/abs/path/web_ledger_kat.json swift test --filter WebLedgerKATTests`.
///
/// Receipts (`Specs/election-record.md` §7) live in UrnaRecord, which this test target does not
/// link; their field rules are mirrored in ``receiptVerdict(_:ledgerKey:witnesses:)`` (from
/// `Receipt.validate`) and their offline check uses the same UrnaLedger calls as
/// `ReceiptVerifier.verifyOffline`.
@Suite struct WebLedgerKATTests {
    static let origin = "urna.test/e/web-kat"

    static func seed(_ label: String) -> [UInt8] { SHA256.hash(Array("urna web ledger kat \(label)".utf8)) }
    static func privateKey(_ label: String) throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(rawRepresentation: seed(label))
    }

    /// The error code a call throws, or nil if it returns.
    static func code(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as LedgerError {
            return error.code.rawValue
        } catch let error as CryptoError {
            return error.code.rawValue
        } catch {
            return "unexpected: \(error)"
        }
    }

    static func I(_ value: some BinaryInteger) -> Int { Int(value) }
    static func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
    static func line(_ entry: Entry) -> String { text(Array(EntryLine.encode(entry).dropLast())) }

    // MARK: - The ledger

    struct Keys {
        let signer: CheckpointSigner
        let witnesses: [CosignatureSigner]
        let other: CheckpointSigner
    }

    static func keys() throws -> Keys {
        let signer = try CheckpointSigner(origin: origin, privateKey: privateKey("ledger"))
        let witnesses = try (1...3).map { try CosignatureSigner(name: "witness.test/w\($0)", privateKey: privateKey("witness \($0)")) }
        let other = try CheckpointSigner(origin: origin, privateKey: privateKey("other ledger"))
        return Keys(signer: signer, witnesses: witnesses, other: other)
    }

    static func entries(vkey: String) throws -> [Entry] {
        let bodies: [(String, [UInt8])] = [
            ("election", utf8(#"{"election_id":"web-kat","ledger_key":"\#(vkey)","title":"Web KAT — élection / 2026"}"#)),
            ("roll", utf8(#"{"districts":[{"id":"d1","voters":3}],"kind":"roll"}"#)),
            ("open", utf8("{}")),
            // Opaque bytes: a newline, a quote, a backslash and a zero byte, base64 with '+' and '/'.
            ("ballot", [0xfb, 0xef, 0xbe, 0x00, 0x0a, 0x22, 0x5c, 0xff]),
            ("ballot", utf8(#"{"b":"\u00e9\/","n":-1}"#)),
            ("note-1", []),
            ("close", utf8(#"{"phase":"closed"}"#)),
        ]
        var result: [Entry] = []
        var prev = Entry.genesisPrev
        for (index, (kind, body)) in bodies.enumerated() {
            // Two entries share a time (times never decrease, they may repeat).
            let time = Int64(1_764_000_000_000 + (index == 4 ? 3 : index) * 1000)
            let entry = try Entry(seq: UInt64(index), kind: kind, time: time, body: body, prev: prev)
            result.append(entry)
            prev = entry.hash
        }
        return result
    }

    static func tree(_ entries: [Entry]) -> InMemoryMerkleTree {
        var tree = InMemoryMerkleTree()
        for entry in entries { tree.append(leafHash: entry.leafHash) }
        return tree
    }

    // MARK: - Entry lines

    /// A line as Swift's reader takes it at position `position` (after entries 0..<position):
    /// decoded, then appended to a chain verifier. nil if accepted.
    static func lineVerdict(_ line: String, position: Int, entries: [Entry]) -> String? {
        code {
            var chain = try ChainVerifier.verify(entries.prefix(position))
            let entry = try EntryLine.decode(Array(line.utf8)[...])
            try chain.append(entry)
        }
    }

    static func replacing(_ line: String, _ old: String, _ new: String) -> String {
        precondition(line.contains(old), "\(old) not in \(line)")
        return line.replacingOccurrences(of: old, with: new)
    }

    static func lineVectors(_ entries: [Entry]) throws -> (accepts: [[String: Any]], rejects: [[String: Any]], unsupported: [[String: Any]]) {
        var accepts: [[String: Any]] = []
        for (position, entry) in entries.enumerated() {
            let l = line(entry)
            #expect(lineVerdict(l, position: position, entries: entries) == nil)
            accepts.append(["line": l, "position": position, "prev": entry.prev.hex, "seq": I(entry.seq), "kind": entry.kind,
                            "time": I(entry.time), "hash": entry.hash.hex, "body": entry.body.hex, "leaf": entry.leafHash.hex])
        }
        // Edge values Swift accepts, as the first entry of a ledger.
        for (kind, time, body) in [("a", Int64(0), [UInt8]()), (String(repeating: "z-9", count: 21) + "x", Int64(9_007_199_254_740_991), utf8("[]"))] {
            let entry = try Entry(seq: 0, kind: kind, time: time, body: body, prev: Entry.genesisPrev)
            let l = line(entry)
            #expect(lineVerdict(l, position: 0, entries: []) == nil)
            accepts.append(["line": l, "position": 0, "prev": entry.prev.hex, "seq": 0, "kind": kind, "time": I(time),
                            "hash": entry.hash.hex, "body": body.hex, "leaf": entry.leafHash.hex])
        }

        let e3 = entries[3], l3 = line(e3)
        let e2 = entries[2], l2 = line(e2)
        let hash3 = e3.hash.hex
        var flippedHash = Array(hash3)
        flippedHash[10] = flippedHash[10] == "0" ? "1" : "0"
        let recomputedWrongPrev = try Entry(seq: 3, kind: e3.kind, time: e3.time, body: e3.body, prev: entries[1].hash)
        let gap = try Entry(seq: 4, kind: e3.kind, time: e3.time, body: e3.body, prev: e2.hash)
        let changedBody = try Entry(seq: 3, kind: e3.kind, time: e3.time, body: e3.body.dropLast() + [0xfe], prev: e2.hash)
        let rejects: [(String, String, Int)] = [
            ("upper-case hex in hash", replacing(l3, hash3, hash3.uppercased()), 3),
            ("members reordered", replacing(l3, #"{"seq":3,"kind":"ballot","#, #"{"kind":"ballot","seq":3,"#), 3),
            ("white space after a colon", replacing(l3, #""seq":3"#, #""seq": 3"#), 3),
            ("white space before the end", replacing(l3, #""}"#, #"" }"#), 3),
            ("line with its newline", l3 + "\n", 3),
            ("trailing space", l3 + " ", 3),
            ("carriage return at the end", l3 + "\r", 3),
            // (Not at the start of the line: Foundation's JSON reader drops a string's leading U+FEFF.)
            ("byte order mark after the brace", replacing(l3, #"{"seq""#, "{\u{FEFF}\"seq\""), 3),
            ("seq with a leading zero", replacing(l3, #""seq":3"#, #""seq":03"#), 3),
            ("seq 2^63", replacing(l3, #""seq":3"#, #""seq":9223372036854775808"#), 3),
            ("negative time", replacing(l3, #""time":\#(e3.time)"#, #""time":-1"#), 3),
            ("time as a string", replacing(l3, #""time":\#(e3.time)"#, #""time":"\#(e3.time)""#), 3),
            ("time with an exponent", replacing(l3, #""time":\#(e3.time)"#, #""time":1.764e12"#), 3),
            ("extra member", replacing(l3, #""}"#, #"","x":1}"#), 3),
            ("missing body", replacing(l3, #","body":"\#(LedgerBase64.encode(e3.body))""#, ""), 3),
            ("body base64 without padding", replacing(l2, #""body":"e30=""#, #""body":"e30""#), 2),
            ("body base64 with non-zero unused bits", replacing(l2, #""body":"e30=""#, #""body":"e31=""#), 2),
            ("body base64url", replacing(l3, LedgerBase64.encode(e3.body), LedgerBase64.encode(e3.body).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")), 3),
            ("escape in the body", replacing(l2, #""body":"e30=""#, #""body":"e3\u0030=""#), 2),
            ("unterminated body", replacing(l2, #""body":"e30="}"#, #""body":"e30=}"#), 2),
            ("prev of 63 hex digits", replacing(l3, e2.hash.hex, String(e2.hash.hex.dropLast())), 3),
            ("upper-case kind", replacing(l3, #""kind":"ballot""#, #""kind":"Ballot""#), 3),
            ("empty kind", replacing(l3, #""kind":"ballot""#, #""kind":"""#), 3),
            ("kind of 65 characters", replacing(l3, #""kind":"ballot""#, #""kind":"\#(String(repeating: "k", count: 65))""#), 3),
            ("non-ASCII kind", replacing(l3, #""kind":"ballot""#, #""kind":"ballöt""#), 3),
            ("empty line", "", 3),
            ("a JSON null", "null", 3),
            ("changed hash digit", replacing(l3, hash3, String(flippedHash)), 3),
            ("changed body byte, old hash", replacing(l3, LedgerBase64.encode(e3.body), LedgerBase64.encode(changedBody.body)), 3),
            ("changed time, old hash", replacing(l3, #""time":\#(e3.time)"#, #""time":\#(e3.time + 1)"#), 3),
            ("changed kind, old hash", replacing(l3, #""kind":"ballot""#, #""kind":"ballots""#), 3),
            ("prev of another entry, hash recomputed", line(recomputedWrongPrev), 3),
            ("seq gap, hash recomputed", line(gap), 3),
            ("entry 2 where entry 3 is due", l2, 3),
            ("entry 3 as the first entry", l3, 0),
        ]
        var rejectVectors: [[String: Any]] = []
        for (why, l, position) in rejects {
            let verdict = lineVerdict(l, position: position, entries: entries)
            #expect(verdict != nil, "\(why) must be refused")
            let prev = position == 0 ? Entry.genesisPrev : entries[position - 1].hash
            rejectVectors.append(["why": why, "line": l, "position": position, "prev": prev.hex, "code": verdict ?? "accepted"])
        }
        // Entry 3 altered and rehashed: it is a valid line, and entry 4 no longer links to it.
        let tampered = Array(entries.prefix(3)) + [changedBody]
        let verdict = lineVerdict(line(entries[4]), position: 4, entries: tampered)
        #expect(verdict == "chain-broken")
        rejectVectors.append(["why": "entry 4 after entry 3 was altered and rehashed", "line": line(entries[4]), "position": 4,
                              "prev": changedBody.hash.hex, "code": verdict ?? "accepted"])
        // Lines Swift accepts whose numbers the browser cannot hold as Numbers: it refuses them
        // with `unsupported` (documented in urna-ledger.js).
        var unsupported: [[String: Any]] = []
        for (seq, time) in [(UInt64(0), Int64.max), (UInt64(0), Int64(9_007_199_254_740_992))] {
            let entry = try Entry(seq: seq, kind: "big", time: time, body: utf8("{}"), prev: Entry.genesisPrev)
            #expect(lineVerdict(line(entry), position: 0, entries: []) == nil)
            unsupported.append(["why": "time \(time)", "line": line(entry)])
        }
        return (accepts, rejectVectors, unsupported)
    }

    /// Whole JSONL texts through Swift's streaming reader and chain verifier.
    static func jsonlVectors(_ entries: [Entry]) throws -> [[String: Any]] {
        let good = entries.map { line($0) + "\n" }.joined()
        let cases: [(String, String)] = [
            ("the whole ledger", good),
            ("no final newline", String(good.dropLast())),
            ("an empty line", entries.prefix(2).map { line($0) + "\n" }.joined() + "\n" + entries.dropFirst(2).map { line($0) + "\n" }.joined()),
            ("entries 0 and 2", line(entries[0]) + "\n" + line(entries[2]) + "\n"),
            ("CRLF line ends", entries.map { line($0) + "\r\n" }.joined()),
            ("empty text", ""),
        ]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("web-ledger-kat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try cases.enumerated().map { index, item in
            let url = directory.appendingPathComponent("\(index).jsonl")
            try Data(item.1.utf8).write(to: url)
            var chain = ChainVerifier()
            let verdict = code {
                let reader = try EntryLineReader(url: url)
                while let entry = try reader.next() { try chain.append(entry) }
            }
            var vector: [String: Any] = ["why": item.0, "text": item.1]
            if let verdict {
                vector["code"] = verdict
            } else {
                vector["size"] = I(chain.size)
                vector["root"] = chain.root.hex
                vector["head"] = chain.head.hex
            }
            return vector
        }
    }

    // MARK: - Merkle

    static func hexes(_ list: [[UInt8]]) -> [String] { list.map(\.hex) }

    static func merkleVectors(_ tree: InMemoryMerkleTree) throws -> [String: Any] {
        let prover = tree.prover
        let n = tree.size
        var roots: [String] = []
        for size in 0...n { roots.append(try prover.root(treeSize: size).hex) }
        var inclusion: [[String: Any]] = []
        var consistency: [[String: Any]] = []
        for size in 1...n {
            for index in 0..<size {
                let proof = try prover.inclusionProof(leafIndex: index, treeSize: size)
                let leaf = try tree.subtreeHash(level: 0, index: index)
                try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: index, treeSize: size, proof: proof,
                                                   root: try prover.root(treeSize: size))
                inclusion.append(["index": I(index), "size": I(size), "leaf": leaf.hex, "proof": hexes(proof), "root": roots[Int(size)]])
            }
            for old in 1...size {
                let proof = try prover.consistencyProof(oldSize: old, newSize: size)
                try MerkleVerifier.verifyConsistency(oldSize: old, newSize: size, oldRoot: try prover.root(treeSize: old),
                                                     newRoot: try prover.root(treeSize: size), proof: proof)
                consistency.append(["old": I(old), "new": I(size), "old_root": roots[Int(old)], "new_root": roots[Int(size)],
                                    "proof": hexes(proof)])
            }
        }

        // Refusals, each from a valid proof with one change; the code is what Swift throws.
        func flip(_ hash: [UInt8]) -> [UInt8] { var h = hash; h[31] ^= 1; return h }
        var rejects: [[String: Any]] = []
        func inc(_ why: String, _ index: UInt64, _ size: UInt64, _ leaf: [UInt8], _ proof: [[UInt8]], _ root: [UInt8]) {
            let verdict = code { try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: index, treeSize: size, proof: proof, root: root) }
            #expect(verdict != nil, "\(why) must be refused")
            rejects.append(["type": "inclusion", "why": why, "index": I(index), "size": I(size), "leaf": leaf.hex,
                            "proof": hexes(proof), "root": root.hex, "code": verdict ?? "accepted"])
        }
        func cons(_ why: String, _ old: UInt64, _ new: UInt64, _ oldRoot: [UInt8], _ newRoot: [UInt8], _ proof: [[UInt8]]) {
            let verdict = code { try MerkleVerifier.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof) }
            #expect(verdict != nil, "\(why) must be refused")
            rejects.append(["type": "consistency", "why": why, "old": I(old), "new": I(new), "old_root": oldRoot.hex,
                            "new_root": newRoot.hex, "proof": hexes(proof), "code": verdict ?? "accepted"])
        }
        let root7 = try prover.root(treeSize: 7), root4 = try prover.root(treeSize: 4), root3 = try prover.root(treeSize: 3)
        let leaf3 = try tree.subtreeHash(level: 0, index: 3)
        let p37 = try prover.inclusionProof(leafIndex: 3, treeSize: 7)
        inc("element changed", 3, 7, leaf3, [p37[0], flip(p37[1]), p37[2]], root7)
        inc("leaf changed", 3, 7, flip(leaf3), p37, root7)
        inc("root changed", 3, 7, leaf3, p37, flip(root7))
        inc("other index", 2, 7, leaf3, p37, root7)
        inc("index equal to the size", 7, 7, leaf3, p37, root7)
        inc("index beyond the size", 9, 7, leaf3, p37, root7)
        inc("size 0", 0, 0, leaf3, [], MerkleHash.emptyRoot)
        inc("one element too many", 3, 7, leaf3, p37 + [p37[0]], root7)
        inc("one element missing", 3, 7, leaf3, Array(p37.dropLast()), root7)
        inc("empty proof", 3, 7, leaf3, [], root7)
        inc("elements reversed", 3, 7, leaf3, p37.reversed(), root7)
        inc("element of 31 bytes", 3, 7, leaf3, [p37[0], Array(p37[1].dropLast()), p37[2]], root7)
        inc("leaf of 33 bytes", 3, 7, leaf3 + [0], p37, root7)
        inc("root of 31 bytes", 3, 7, leaf3, p37, Array(root7.dropLast()))
        inc("proof for another size", 3, 6, leaf3, p37, try prover.root(treeSize: 6))
        let c47 = try prover.consistencyProof(oldSize: 4, newSize: 7)
        let c37 = try prover.consistencyProof(oldSize: 3, newSize: 7)
        cons("element changed", 3, 7, root3, root7, [c37[0], flip(c37[1])] + c37.dropFirst(2))
        cons("old root changed", 3, 7, flip(root3), root7, c37)
        cons("new root changed", 3, 7, root3, flip(root7), c37)
        cons("old root changed, old size a power of two", 4, 7, flip(root4), root7, c47)
        cons("one element too many", 3, 7, root3, root7, c37 + [c37[0]])
        cons("one element missing", 3, 7, root3, root7, Array(c37.dropLast()))
        cons("empty proof", 3, 7, root3, root7, [])
        cons("old size 0", 0, 7, MerkleHash.emptyRoot, root7, [])
        cons("old size 0, equal sizes", 0, 0, MerkleHash.emptyRoot, MerkleHash.emptyRoot, [])
        cons("old size beyond the new", 7, 3, root7, root3, c37)
        cons("equal sizes, non-empty proof", 4, 4, root4, root4, [root4])
        cons("equal sizes, different roots", 4, 4, root4, flip(root4), [])
        cons("proof for other sizes", 4, 7, root4, root7, c37)
        cons("element of 33 bytes", 3, 7, root3, root7, [c37[0] + [0]] + c37.dropFirst())
        cons("new root of 31 bytes", 3, 7, root3, Array(root7.dropLast()), c37)
        return ["size": I(n), "leaves": hexes(tree.levels[0]), "roots": roots, "inclusion": inclusion, "consistency": consistency, "rejects": rejects]
    }

    /// The transparency-dev/merkle verifier probes, with Swift's verdict on each.
    static func probeVectors() throws -> [[String: Any]] {
        let url = try #require(Bundle.module.url(forResource: "ct_merkle_verifier_probes", withExtension: "json", subdirectory: "Resources"))
        let file = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        func bytes(_ any: Any?) throws -> [UInt8] { try Hex.decode(try #require(any as? String)) }
        func list(_ any: Any?) throws -> [[UInt8]] { try #require(any as? [String]).map { try Hex.decode($0) } }
        // One probe has leafIdx 2^64 − 1: numbers go to the vectors as decimal strings.
        func number(_ any: Any?) throws -> UInt64 {
            let value = try #require(any as? NSNumber)
            return try #require(UInt64(String(describing: value)))
        }
        var out: [[String: Any]] = []
        for probe in try #require(file["inclusion"] as? [[String: Any]]) {
            let index = try number(probe["leafIdx"]), size = try number(probe["treeSize"])
            let leaf = try bytes(probe["leafHash"]), root = try bytes(probe["root"]), proof = try list(probe["proof"])
            let verdict = code { try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: index, treeSize: size, proof: proof, root: root) }
            #expect((verdict != nil) == (probe["wantErr"] as? Bool), "probe \(probe["file"] ?? "")")
            var v: [String: Any] = ["type": "inclusion", "why": probe["file"] ?? "", "index": String(index), "size": String(size),
                                    "leaf": leaf.hex, "root": root.hex, "proof": hexes(proof)]
            v["code"] = verdict ?? "accepted"
            out.append(v)
        }
        for probe in try #require(file["consistency"] as? [[String: Any]]) {
            let old = try number(probe["size1"]), new = try number(probe["size2"])
            let oldRoot = try bytes(probe["root1"]), newRoot = try bytes(probe["root2"]), proof = try list(probe["proof"])
            let verdict = code { try MerkleVerifier.verifyConsistency(oldSize: old, newSize: new, oldRoot: oldRoot, newRoot: newRoot, proof: proof) }
            #expect((verdict != nil) == (probe["wantErr"] as? Bool), "probe \(probe["file"] ?? "")")
            var v: [String: Any] = ["type": "consistency", "why": probe["file"] ?? "", "old": String(old), "new": String(new),
                                    "old_root": oldRoot.hex, "new_root": newRoot.hex, "proof": hexes(proof)]
            v["code"] = verdict ?? "accepted"
            out.append(v)
        }
        return out
    }

    // MARK: - Verifier keys

    static func keyVectors(_ keys: Keys) throws -> [String: Any] {
        var accepts: [[String: Any]] = []
        func accept(_ verifier: NoteVerifier) {
            let vkey = verifier.verifierKeyString
            #expect(code { _ = try NoteVerifier(verifierKey: vkey) } == nil)
            accepts.append(["vkey": vkey, "name": verifier.name, "key_id": DomainHash.uint32(verifier.keyID).hex,
                            "type": Int(verifier.type.rawValue), "public_key": verifier.publicKey.rawRepresentation.hex,
                            "fingerprint": LedgerKeyFingerprint.of(vkey)])
        }
        accept(keys.signer.noteSigner.verifier)
        accept(keys.other.noteSigner.verifier)
        for witness in keys.witnesses { accept(witness.verifier) }
        // A key whose base64 holds '+' (the field splitter must stop at the second '+'), and a
        // Unicode key name.
        var label = 0
        while true {
            let verifier = try NoteSigner(name: "plus.test", privateKey: privateKey("plus \(label)")).verifier
            if verifier.verifierKeyString.split(separator: "+").count > 3 { accept(verifier); break }
            label += 1
        }
        accept(try NoteSigner(name: "wïtness-é", privateKey: privateKey("unicode")).verifier)

        let good = keys.signer.noteSigner.verifier
        let pub = good.publicKey.rawRepresentation
        func vkey(name: String, type: UInt8, key: [UInt8], keyID: [UInt8]? = nil) -> String {
            let id = keyID ?? Array(SHA256.hash(Array(name.utf8) + [0x0A, type] + key).prefix(4))
            return name + "+" + id.hex + "+" + Data([type] + key).base64EncodedString()
        }
        let goodString = good.verifierKeyString
        let parts = goodString.split(separator: "+", maxSplits: 2).map(String.init)
        // An encoding that is not a curve point (found by trying y = 2, 3, …).
        var offCurve: [UInt8] = []
        for y in UInt8(2)...UInt8(200) {
            let candidate = [y] + [UInt8](repeating: 0, count: 31)
            if code({ _ = try Ed25519PublicKey(rawRepresentation: candidate) }) != nil { offCurve = candidate; break }
        }
        #expect(!offCurve.isEmpty)
        let identity = [UInt8(1)] + [UInt8](repeating: 0, count: 31)
        let order8 = try Hex.decode("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
        let nonCanonical = [UInt8(0xed)] + [UInt8](repeating: 0xff, count: 30) + [0x7f]
        let rejects: [(String, String)] = [
            ("key ID of another key", parts[0] + "+" + DomainHash.uint32(keys.other.noteSigner.keyID).hex + "+" + parts[2]),
            ("upper-case key ID", parts[0] + "+" + parts[1].uppercased() + "+" + parts[2]),
            ("key ID of 7 digits", parts[0] + "+" + String(parts[1].dropLast()) + "+" + parts[2]),
            ("two fields", parts[0] + "+" + parts[1]),
            ("empty name", vkey(name: "", type: 1, key: pub)),
            ("name with a space", vkey(name: "a b", type: 1, key: pub)),
            ("name with U+0085", vkey(name: "a\u{85}b", type: 1, key: pub)),
            ("name with U+3000", vkey(name: "a\u{3000}b", type: 1, key: pub)),
            ("name with a tab", vkey(name: "a\tb", type: 1, key: pub)),
            ("name with DEL", vkey(name: "a\u{7f}b", type: 1, key: pub)),
            ("name of 257 bytes", vkey(name: String(repeating: "n", count: 257), type: 1, key: pub)),
            ("signature type 0x02", vkey(name: good.name, type: 2, key: pub)),
            ("key of 31 bytes", vkey(name: good.name, type: 1, key: Array(pub.dropLast()))),
            ("key of 33 bytes", vkey(name: good.name, type: 1, key: pub + [0])),
            ("base64 without padding", String(goodString.dropLast())),
            ("base64 with a line break", parts[0] + "+" + parts[1] + "+" + String(parts[2].prefix(20)) + "\n" + String(parts[2].dropFirst(20))),
            ("trailing newline", goodString + "\n"),
            ("leading space", " " + goodString),
            ("identity point as the key", vkey(name: good.name, type: 1, key: identity)),
            ("point of order 8 as the key", vkey(name: good.name, type: 1, key: order8)),
            ("non-canonical y (y = p)", vkey(name: good.name, type: 1, key: nonCanonical)),
            ("not a curve point", vkey(name: good.name, type: 1, key: offCurve)),
        ]
        var rejectVectors: [[String: Any]] = []
        for (why, string) in rejects {
            let verdict = code { _ = try NoteVerifier(verifierKey: string) }
            #expect(verdict != nil, "\(why) must be refused")
            rejectVectors.append(["why": why, "vkey": string, "code": verdict ?? "accepted"])
        }
        // ledger.vkey files (`Specs/ledger.md` §6.3), read as LedgerExport does.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("web-ledger-kat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [[String: Any]] = []
        for (why, text) in [("one line", goodString + "\n"), ("no newline", goodString), ("two lines", goodString + "\n" + goodString + "\n"),
                            ("CRLF", goodString + "\r\n"), ("just a newline", "\n"), ("empty", "")] {
            try Data(text.utf8).write(to: directory.appendingPathComponent("ledger.vkey"))
            var read = ""
            let verdict = code { read = try LedgerExport.readVerifierKey(directory: directory) }
            var v: [String: Any] = ["why": why, "text": text]
            if let verdict { v["code"] = verdict } else { v["vkey"] = read }
            files.append(v)
        }
        return ["accepts": accepts, "rejects": rejectVectors, "files": files]
    }

    // MARK: - Checkpoints

    static func noteSigner(_ keys: Keys) throws -> NoteSigner { keys.signer.noteSigner }

    /// Swift's verdict on a note: `CheckpointVerifier.verifyCosigned` with these keys and quorum.
    static func checkpointVector(_ why: String, note: String, ledgerKey: String, witnesses: [String], quorum: Int = 0) -> [String: Any] {
        var vector: [String: Any] = ["why": why, "note": note, "ledger_vkey": ledgerKey, "witness_vkeys": witnesses, "quorum": quorum]
        var result: (checkpoint: Checkpoint, cosignatures: [VerifiedNoteSignature])?
        let verdict = code {
            let verifier = try CheckpointVerifier(verifierKey: ledgerKey)
            let keys = try witnesses.map { try NoteVerifier(verifierKey: $0) }
            result = try verifier.verifyCosigned(note, cosigners: keys, quorum: quorum)
        }
        if let verdict {
            vector["code"] = verdict
            return vector
        }
        guard let result else { return vector }
        // Lines whose key name and key ID match neither the ledger key nor a listed witness.
        var known = Set<String>()
        for key in [ledgerKey] + witnesses {
            if let v = try? NoteVerifier(verifierKey: key) { known.insert(v.name + "+" + String(v.keyID)) }
        }
        let signatures = (try? SignedNote(parsing: note).signatures) ?? []
        let unverified = signatures.filter { !known.contains($0.name + "+" + String($0.keyID)) }.count
        vector["result"] = [
            "origin": result.checkpoint.origin, "size": I(result.checkpoint.size), "root": result.checkpoint.root.hex,
            "chain_head": result.checkpoint.chainHead.hex,
            "cosigners": result.cosignatures.map { ["name": $0.verifier.name, "time": I($0.timestamp ?? 0)] },
            "unverified": unverified,
        ] as [String: Any]
        return vector
    }

    static func checkpointVectors(_ keys: Keys, entries: [Entry]) throws -> (cases: [[String: Any]], unsupported: [[String: Any]], main: String) {
        let chain = try ChainVerifier.verify(entries)
        let checkpoint = try Checkpoint(origin: origin, size: chain.size, root: chain.root, chainHead: chain.head)
        let signed = try keys.signer.sign(checkpoint)
        let w = keys.witnesses, wkeys = w.map(\.verifier.verifierKeyString)
        let vkey = keys.signer.verifierKey
        let note = try signed.cosigned(by: w[0], time: 1_764_000_100).cosigned(by: w[1], time: 1_764_000_200)
            .cosigned(by: w[2], time: 1_764_000_300).serialized
        let plain = signed.serialized
        let small = try ChainVerifier.verify(entries.prefix(4))
        let smallCheckpoint = try Checkpoint(origin: origin, size: 4, root: small.root, chainHead: small.head)
        let smallNote = try keys.signer.sign(smallCheckpoint)
        let otherCosigned = try smallNote.cosigned(by: w[0], time: 1_764_000_100).serialized
        let emptyNote = try keys.signer.signedNote(for: Checkpoint(origin: origin, size: 0, root: MerkleHash.emptyRoot, chainHead: Entry.genesisPrev))

        var cases: [[String: Any]] = [
            checkpointVector("cosigned by w1, w2 and w3; w1 and w2 listed", note: note, ledgerKey: vkey, witnesses: [wkeys[0], wkeys[1]]),
            checkpointVector("cosigned; no witness listed", note: note, ledgerKey: vkey, witnesses: []),
            checkpointVector("cosigned; w2 listed, quorum 1", note: note, ledgerKey: vkey, witnesses: [wkeys[1]], quorum: 1),
            checkpointVector("cosigned; all listed, quorum 3", note: note, ledgerKey: vkey, witnesses: wkeys, quorum: 3),
            checkpointVector("ledger signature only", note: plain, ledgerKey: vkey, witnesses: wkeys),
            checkpointVector("size 4", note: smallNote.serialized, ledgerKey: vkey, witnesses: []),
            checkpointVector("empty ledger", note: emptyNote, ledgerKey: vkey, witnesses: []),
            checkpointVector("spec example §4.5", note: SpecExampleTests.note + SpecExampleTests.cosignatureLine,
                             ledgerKey: SpecExampleTests.verifierKey, witnesses: [SpecExampleTests.observerKey], quorum: 1),
        ]
        // Lines from other keys before the ledger's own line.
        let foreign = try NoteSigner(name: "someone.else", privateKey: privateKey("foreign")).sign(text: checkpoint.text)
        cases.append(checkpointVector("a foreign line first", note: try SignedNote(text: checkpoint.text, signatures: [foreign] + signed.signatures).serialized,
                                      ledgerKey: vkey, witnesses: []))
        // The ledger line twice.
        cases.append(checkpointVector("the ledger line twice", note: plain + signed.signatures[0].line, ledgerKey: vkey, witnesses: []))

        // Refusals.
        let noteBytes = Array(note.utf8)
        func withLine(_ index: Int, _ transform: (NoteSignature) throws -> NoteSignature) throws -> String {
            let parsed = try SignedNote(parsing: note)
            var sigs = parsed.signatures
            sigs[index] = try transform(sigs[index])
            return try SignedNote(text: parsed.text, signatures: sigs).serialized
        }
        func flipped(_ s: NoteSignature, at offset: Int) throws -> NoteSignature {
            var bytes = s.signature
            bytes[offset] ^= 0x01
            return try NoteSignature(name: s.name, keyID: s.keyID, signature: bytes)
        }
        // S + L: the same signature with a non-canonical S.
        func plusL(_ s: NoteSignature, offset: Int) throws -> NoteSignature {
            let l: [UInt8] = try Hex.decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")  // L, little-endian
            var bytes = s.signature
            var carry = 0
            for i in 0..<32 {
                let sum = Int(bytes[offset + 32 + i]) + Int(l[i]) + carry
                bytes[offset + 32 + i] = UInt8(sum & 0xff)
                carry = sum >> 8
            }
            return try NoteSignature(name: s.name, keyID: s.keyID, signature: bytes)
        }
        let identityRBytes = IdentityRSignature.sign(seed: seed("ledger"), publicKey: keys.signer.noteSigner.verifier.publicKey.rawRepresentation,
                                                     message: Array(checkpoint.text.utf8))
        let identityR = try SignedNote(text: checkpoint.text, signatures: [
            NoteSignature(name: origin, keyID: keys.signer.noteSigner.keyID, signature: identityRBytes)]).serialized
        let otherSigned = try keys.other.signedNote(for: checkpoint)
        let textChanged = replacingNote(plain, "\n7\n", "\n6\n")
        let transplanted = plain + (try SignedNote(parsing: otherCosigned)).signatures[1].line
        func signedText(_ text: String) throws -> String { try SignedNote.sign(text: text, signers: [noteSigner(keys)]).serialized }
        let root = LedgerBase64.encode(chain.root), head = chain.head.hex
        let refusals: [(String, String, String, [String], Int)] = [
            ("signed by another ledger key", otherSigned, vkey, [], 0),
            ("checked against another ledger key", plain, keys.other.verifierKey, [], 0),
            ("ledger signature byte changed", try withLine(0) { try flipped($0, at: 10) }, vkey, [], 0),
            ("ledger signature with S + L", try withLine(0) { try plusL($0, offset: 0) }, vkey, [], 0),
            ("ledger signature with R = identity, S = k·a (RFC 8032-valid, strictly refused)", identityR, vkey, [], 0),
            ("ledger signature cut to 63 bytes", try withLine(0) { try NoteSignature(name: $0.name, keyID: $0.keyID, signature: Array($0.signature.dropLast())) }, vkey, [], 0),
            ("size changed after signing", textChanged, vkey, [], 0),
            ("no signature line", checkpoint.text, vkey, [], 0),
            ("ledger line under another name", replacingNote(plain, "— \(origin) ", "— urna.test/e/other "), vkey, [], 0),
            ("cosignature over another checkpoint, w1 listed", transplanted, vkey, [wkeys[0]], 0),
            ("cosignature time changed, w2 listed", try withLine(2) { s in
                var bytes = s.signature; bytes[7] ^= 1
                return try NoteSignature(name: s.name, keyID: s.keyID, signature: bytes) }, vkey, [wkeys[1]], 0),
            ("cosignature byte changed, w1 listed", try withLine(1) { try flipped($0, at: 40) }, vkey, [wkeys[0]], 0),
            ("cosignature with S + L, w1 listed", try withLine(1) { try plusL($0, offset: 8) }, vkey, [wkeys[0]], 0),
            ("cosignature without its timestamp, w1 listed", try withLine(1) { try NoteSignature(name: $0.name, keyID: $0.keyID, signature: Array($0.signature.dropFirst(8))) }, vkey, [wkeys[0]], 0),
            ("quorum 3 with two listed", note, vkey, [wkeys[0], wkeys[1]], 3),
            ("quorum 1, only a witness that did not sign", plain, vkey, [wkeys[0]], 1),
            ("a witness key of type 0x01", note, vkey, [keys.other.verifierKey], 0),
            ("a ledger key of type 0x04", note, wkeys[0], [], 0),
            ("a malformed ledger key", note, String(vkey.dropLast()), [], 0),
            ("a ledger key whose name is not an origin", note, try NoteSigner(name: "wïtness-é", privateKey: privateKey("unicode")).verifier.verifierKeyString, [], 0),
            ("no blank line", replacingNote(plain, "\n\n", "\n"), vkey, [], 0),
            ("no final newline", String(plain.dropLast()), vkey, [], 0),
            ("carriage return before the blank line", replacingNote(plain, "\n\n", "\r\n\n"), vkey, [], 0),
            ("CRLF signature line", String(plain.dropLast()) + "\r\n", vkey, [], 0),
            ("tab in the note", replacingNote(plain, origin + "\n", origin + "\t\n"), vkey, [], 0),
            ("hyphen instead of an em dash", replacingNote(plain, "— ", "- "), vkey, [], 0),
            ("em dash without a space", replacingNote(plain, "— ", "—"), vkey, [], 0),
            ("signature base64 without padding", String(plain.dropLast(2)) + "\n", vkey, [], 0),
            ("empty line among the signatures", plain + "\n" + signed.signatures[0].line, vkey, [], 0),
            ("key name with a space", plain + "— a b " + String(signed.signatures[0].line.split(separator: " ").last!), vkey, [], 0),
            ("signature of 4 bytes", plain + "— x AAAAAA==\n", vkey, [], 0),
            ("trailing blank line", plain + "\n", vkey, [], 0),
            ("three lines, signed", try signedText("\(origin)\n7\n\(root)\n"), vkey, [], 0),
            ("five lines, signed", try signedText(checkpoint.text + "extra\n"), vkey, [], 0),
            ("size with a leading zero, signed", try signedText("\(origin)\n07\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
            ("negative size, signed", try signedText("\(origin)\n-7\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
            ("size 2^63, signed", try signedText("\(origin)\n9223372036854775808\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
            ("root without padding, signed", try signedText("\(origin)\n7\n\(root.dropLast())\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
            ("root of 31 bytes, signed", try signedText("\(origin)\n7\n\(LedgerBase64.encode(Array(chain.root.dropLast())))\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
            ("root in hex, signed", try signedText("\(origin)\n7\n\(chain.root.hex)\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
            ("upper-case chain head, signed", try signedText("\(origin)\n7\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head.uppercased())\n"), vkey, [], 0),
            ("chain head of 31 bytes, signed", try signedText("\(origin)\n7\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head.dropLast(2))\n"), vkey, [], 0),
            ("other extension line, signed", try signedText("\(origin)\n7\n\(root)\nurna/v1/chain-tail \(head)\n"), vkey, [], 0),
            ("chain head prefix without its space, signed", try signedText("\(origin)\n7\n\(root)\nurna/v1/chain-head\(head)\n"), vkey, [], 0),
            ("origin line differs from the key name, signed", try signedText("urna.test/e/other\n7\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
            ("empty line in the text, signed", try signedText("\(origin)\n7\n\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head)\n"), vkey, [], 0),
        ]
        _ = noteBytes
        for (why, text, key, witnesses, quorum) in refusals {
            let vector = checkpointVector(why, note: text, ledgerKey: key, witnesses: witnesses, quorum: quorum)
            #expect(vector["code"] != nil, "\(why) must be refused")
            cases.append(vector)
        }
        // Accepted with the witness not listed: its bad line is not checked.
        cases.append(checkpointVector("cosignature over another checkpoint, w1 not listed", note: transplanted, ledgerKey: vkey, witnesses: []))

        // A size Swift accepts but the browser cannot hold as a Number.
        let big = try signedText("\(origin)\n9007199254740992\n\(root)\n\(Checkpoint.chainHeadPrefix)\(head)\n")
        #expect(checkpointVector("big", note: big, ledgerKey: vkey, witnesses: [])["code"] == nil)
        return (cases, [["why": "size 2^53", "note": big, "ledger_vkey": vkey]], note)
    }

    static func replacingNote(_ note: String, _ old: String, _ new: String) -> String {
        precondition(note.contains(old))
        return note.replacingOccurrences(of: old, with: new)
    }

    // MARK: - Receipts

    static func receiptJSON(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }

    /// `Receipt.decode` (field rules of `Receipt.validate`, unknown or missing fields refused) and
    /// `ReceiptVerifier.verifyOffline`, with the checkpoint's cosignatures checked as
    /// `verifyCosigned` does. Returns the code of the first refusal, or the result.
    /// The fields of `Receipt` as its `Codable` conformance decodes them.
    struct ReceiptFields: Decodable {
        let version: Int
        let election_id: String
        let tracking_code: String
        let seq: UInt64
        let entry_hash: String
        let checkpoint: String
        let inclusion_proof: [String]
    }

    static func receiptVerdict(_ text: String, ledgerKey: String, witnesses: [String]) -> (code: String?, result: [String: Any]?) {
        let malformed: (String?, [String: Any]?) = ("malformed", nil)
        let data = Data(text.utf8)
        let fields: Set<String> = ["checkpoint", "election_id", "entry_hash", "inclusion_proof", "seq", "tracking_code", "version"]
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], Set(object.keys) == fields,
              let r = try? JSONDecoder().decode(ReceiptFields.self, from: data) else { return malformed }
        func hex32(_ s: String) -> [UInt8]? {
            guard let b = try? Hex.decode(s), b.count == 32 else { return nil }
            return b
        }
        // Receipt.validate, in its order.
        let id = r.election_id
        guard r.version == 1,
              (1...64).contains(id.utf8.count),
              id.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0)
                                   || $0 == 0x2d || $0 == 0x2e || $0 == 0x5f }),
              let tracking = hex32(r.tracking_code), let entryHash = hex32(r.entry_hash),
              r.seq <= (1 << 53) - 1,
              r.inclusion_proof.count <= 64,
              !r.checkpoint.isEmpty, r.checkpoint.utf8.count <= 1 << 20
        else { return malformed }
        let proof = r.inclusion_proof.compactMap(hex32)
        guard proof.count == r.inclusion_proof.count else { return malformed }
        var result: [String: Any] = [:]
        let verdict = code {
            let verifier = try CheckpointVerifier(verifierKey: ledgerKey)
            let keys = try witnesses.map { try NoteVerifier(verifierKey: $0) }
            let (checkpoint, cosignatures) = try verifier.verifyCosigned(r.checkpoint, cosigners: keys, quorum: 0)
            #expect(try verifier.verifiedCheckpoint(r.checkpoint) == checkpoint)
            try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(entryHash), leafIndex: r.seq, treeSize: checkpoint.size,
                                               proof: proof, root: checkpoint.root)
            result = ["seq": I(r.seq), "size": I(checkpoint.size), "root": checkpoint.root.hex, "tracking_code": tracking.hex,
                      "entry_hash": entryHash.hex, "election_id": id,
                      "cosigners": cosignatures.map { ["name": $0.verifier.name, "time": I($0.timestamp ?? 0)] }]
        }
        return verdict.map { ($0, nil) } ?? (nil, result)
    }

    static func receiptVectors(_ keys: Keys, entries: [Entry], note: String) throws -> [[String: Any]] {
        let tree = tree(entries)
        let wkeys = keys.witnesses.map(\.verifier.verifierKeyString)
        let vkey = keys.signer.verifierKey
        func receipt(_ seq: Int, size: UInt64 = 7) throws -> [String: Any] {
            [
                "version": 1, "election_id": "web-kat", "seq": seq, "entry_hash": entries[seq].hash.hex,
                "tracking_code": SHA256.hash(Array("tracking \(seq)".utf8)).hex, "checkpoint": note,
                "inclusion_proof": try tree.prover.inclusionProof(leafIndex: UInt64(seq), treeSize: size).map(\.hex),
            ]
        }
        var vectors: [[String: Any]] = []
        func add(_ why: String, _ object: [String: Any], witnesses: [String] = [], ledgerKey: String? = nil, raw: String? = nil) throws {
            let text = try raw ?? receiptJSON(object)
            let key = ledgerKey ?? vkey
            let (code, result) = receiptVerdict(text, ledgerKey: key, witnesses: witnesses)
            var v: [String: Any] = ["why": why, "receipt": text, "ledger_vkey": key, "witness_vkeys": witnesses]
            if let code { v["code"] = code } else { v["result"] = result ?? [:] }
            vectors.append(v)
        }
        func changed(_ seq: Int, _ key: String, _ value: Any?) throws -> [String: Any] {
            var r = try receipt(seq)
            r[key] = value
            return r
        }
        try add("entry 3, witnesses w1 and w2", receipt(3), witnesses: [wkeys[0], wkeys[1]])
        try add("entry 0", receipt(0))
        try add("entry 6, the last", receipt(6))
        try add("pretty-printed with white space", [:], raw: String(decoding: try JSONSerialization.data(withJSONObject: receipt(5), options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
        var proof3 = try tree.prover.inclusionProof(leafIndex: 3, treeSize: 7).map(\.hex)
        proof3[1] = String(proof3[1].dropLast()) + (proof3[1].hasSuffix("0") ? "1" : "0")
        try add("proof element changed", changed(3, "inclusion_proof", proof3))
        try add("seq changed", changed(3, "seq", 2))
        try add("seq beyond the checkpoint", changed(3, "seq", 7))
        try add("entry hash of another entry", changed(3, "entry_hash", entries[2].hash.hex))
        try add("proof one element short", changed(3, "inclusion_proof", Array(try tree.prover.inclusionProof(leafIndex: 3, treeSize: 7).map(\.hex).dropLast())))
        try add("proof for size 4 under the size-7 checkpoint", changed(3, "inclusion_proof", try tree.prover.inclusionProof(leafIndex: 3, treeSize: 4).map(\.hex)))
        try add("checkpoint signed by another ledger key", changed(3, "checkpoint", try keys.other.signedNote(for: Checkpoint(signedNote: note))))
        try add("checked against another ledger key", receipt(3), ledgerKey: keys.other.verifierKey)
        let foreignCosignature = try keys.witnesses[0].cosign(checkpointBody: "another checkpoint\n", time: 5).line
        try add("a listed witness's line over another text", changed(3, "checkpoint", note + foreignCosignature), witnesses: [wkeys[0]])
        try add("the same, the witness not listed", changed(3, "checkpoint", note + foreignCosignature))
        try add("version 2", changed(3, "version", 2))
        try add("version as a string", changed(3, "version", "1"))
        try add("election id with a space", changed(3, "election_id", "web kat"))
        try add("empty election id", changed(3, "election_id", ""))
        try add("tracking code of 31 bytes", changed(3, "tracking_code", String(repeating: "ab", count: 31)))
        try add("upper-case entry hash", changed(3, "entry_hash", entries[3].hash.hex.uppercased()))
        try add("seq 2^53", changed(3, "seq", 9_007_199_254_740_992))
        try add("negative seq", changed(3, "seq", -1))
        try add("seq 3.5", changed(3, "seq", 3.5))
        try add("seq as a string", changed(3, "seq", "3"))
        try add("seq true", changed(3, "seq", true))
        try add("proof of 65 hashes", changed(3, "inclusion_proof", Array(repeating: entries[0].hash.hex, count: 65)))
        try add("proof element of 31 bytes", changed(3, "inclusion_proof", [String(repeating: "00", count: 31)]))
        try add("empty checkpoint", changed(3, "checkpoint", ""))
        try add("unknown field", changed(3, "comment", "hello"))
        try add("missing field", changed(3, "tracking_code", nil))
        try add("not an object", [:], raw: "[1]")
        try add("not JSON", [:], raw: "{\"version\":1,")
        for v in vectors.dropFirst(4) where v["why"] as? String != "the same, the witness not listed" {
            #expect(v["code"] != nil, "\(v["why"] ?? "") must be refused")
        }
        for v in vectors.prefix(4) { #expect(v["result"] != nil, "\(v["why"] ?? "") must be accepted") }
        return vectors
    }

    // MARK: - The file

    static func specExample() throws -> [String: Any] {
        let entries = try SpecExample.entries()
        let chain = try ChainVerifier.verify(entries)
        #expect(entries.map(\.hash.hex) == [SpecExample.hash0, SpecExample.hash1])
        #expect(chain.root.hex == SpecExample.root2)
        return [
            "lines": entries.map { line($0) }, "hashes": entries.map(\.hash.hex), "hash_input0": SpecExample.hashInput0,
            "leaves": entries.map(\.leafHash.hex), "root": chain.root.hex, "root_base64": LedgerBase64.encode(chain.root),
            "vkey": SpecExampleTests.verifierKey, "fingerprint": LedgerKeyFingerprint.of(SpecExampleTests.verifierKey),
            "observer_vkey": SpecExampleTests.observerKey, "note": SpecExampleTests.note + SpecExampleTests.cosignatureLine,
            "observer_time": 1_700_000_000,
        ]
    }

    static func vectors() throws -> [String: Any] {
        let keys = try keys()
        let entries = try entries(vkey: keys.signer.verifierKey)
        let lines = try lineVectors(entries)
        let checkpoints = try checkpointVectors(keys, entries: entries)
        return [
            "title": "Urna web ledger known-answer vectors (generated and checked by WebLedgerKATTests.swift)",
            "origin": origin, "ledger_vkey": keys.signer.verifierKey,
            "witness_vkeys": keys.witnesses.map(\.verifier.verifierKeyString),
            "spec_example": try specExample(),
            "lines": ["accepts": lines.accepts, "rejects": lines.rejects, "unsupported": lines.unsupported],
            "jsonl": try jsonlVectors(entries),
            "merkle": try merkleVectors(tree(entries)),
            "merkle_probes": try probeVectors(),
            "verifier_keys": try keyVectors(keys),
            "checkpoints": ["cases": checkpoints.cases, "unsupported": checkpoints.unsupported],
            "receipts": try receiptVectors(keys, entries: entries, note: checkpoints.main),
        ]
    }

    static func canonical(_ object: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    @Test func testSHA512KnownAnswer() {
        #expect(IdentityRSignature.sha512(Array("abc".utf8)).hex == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")
        #expect(IdentityRSignature.sha512(Array(repeating: 0x61, count: 200)).count == 64)
    }

    @Test func vectorsMatchTheResourceFile() throws {
        let computed = try Self.canonical(Self.vectors())
        if let path = ProcessInfo.processInfo.environment["URNA_WRITE_WEB_LEDGER_KAT"] {
            try computed.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        let url = try #require(Bundle.module.url(forResource: "web_ledger_kat", withExtension: "json", subdirectory: "Resources"))
        let stored = try Self.canonical(try JSONSerialization.jsonObject(with: Data(contentsOf: url)))
        let same = computed == stored
        #expect(same, "web_ledger_kat.json differs from what the Swift code computes; regenerate it (see the suite comment)")
    }
}

/// SHA-512 (FIPS 180-4) and arithmetic mod L, for tests only (UrnaCrypto has no SHA-512): enough to
/// build an RFC 8032 signature whose `R` is the identity, `S = k·a mod L`, which satisfies the
/// cofactorless equation `[S]B = R + [k]A` and which the strict rules (`Specs/signatures.md` §1.1) refuse.
enum IdentityRSignature {
    static let k: [UInt64] = [
        0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
        0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
        0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
        0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
        0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
        0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
        0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
        0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
        0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
        0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
        0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
        0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
        0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
        0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
    ]

    static func sha512(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt64] = [0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
                           0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179]
        var data = message + [0x80]
        while data.count % 128 != 112 { data.append(0) }
        data += [UInt8](repeating: 0, count: 8) + DomainHash.uint64(UInt64(message.count) * 8)
        func rotr(_ x: UInt64, _ n: UInt64) -> UInt64 { (x >> n) | (x << (64 - n)) }
        for chunk in stride(from: 0, to: data.count, by: 128) {
            var w = [UInt64](repeating: 0, count: 80)
            for t in 0..<16 {
                w[t] = data[(chunk + 8 * t)..<(chunk + 8 * t + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
            for t in 16..<80 {
                let s0 = rotr(w[t - 15], 1) ^ rotr(w[t - 15], 8) ^ (w[t - 15] >> 7)
                let s1 = rotr(w[t - 2], 19) ^ rotr(w[t - 2], 61) ^ (w[t - 2] >> 6)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for t in 0..<80 {
                let t1 = hh &+ (rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
                let t2 = (rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39)) &+ ((a & b) ^ (a & c) ^ (b & c))
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, v) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ v }
        }
        return h.flatMap { DomainHash.uint64($0) }
    }

    /// L as four little-endian 64-bit limbs.
    static let order: [UInt64] = [0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0, 0x1000000000000000]

    static func limbs(_ littleEndian: [UInt8]) -> [UInt64] {
        (0..<4).map { i in (0..<8).reduce(UInt64(0)) { $0 | UInt64(littleEndian[8 * i + $1]) << (8 * UInt64($1)) } }
    }
    static func atLeastOrder(_ x: [UInt64]) -> Bool {
        for i in stride(from: 3, through: 0, by: -1) where x[i] != order[i] { return x[i] > order[i] }
        return true
    }
    static func minusOrder(_ x: [UInt64]) -> [UInt64] {
        var out = x, borrow: UInt64 = 0
        for i in 0..<4 {
            let (d1, o1) = x[i].subtractingReportingOverflow(order[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            out[i] = d2
            borrow = (o1 || o2) ? 1 : 0
        }
        return out
    }
    /// (x + y) mod L for x, y < L.
    static func addMod(_ x: [UInt64], _ y: [UInt64]) -> [UInt64] {
        var out = x, carry: UInt64 = 0
        for i in 0..<4 {
            let (s1, o1) = x[i].addingReportingOverflow(y[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            out[i] = s2
            carry = (o1 || o2) ? 1 : 0
        }
        return atLeastOrder(out) ? minusOrder(out) : out
    }

    /// The 64-byte signature `R ‖ S` with `R` the identity, by the key of `seed`.
    static func sign(seed: [UInt8], publicKey: [UInt8], message: [UInt8]) -> [UInt8] {
        var scalar = Array(sha512(seed).prefix(32))
        scalar[0] &= 248
        scalar[31] &= 127
        scalar[31] |= 64
        var a = limbs(scalar)
        while atLeastOrder(a) { a = minusOrder(a) }
        let r = [UInt8(1)] + [UInt8](repeating: 0, count: 31)
        let k = sha512(r + publicKey + message)  // little-endian, 512 bits
        var s: [UInt64] = [0, 0, 0, 0]
        for bit in stride(from: 511, through: 0, by: -1) {
            s = addMod(s, s)
            if (k[bit / 8] >> UInt8(bit % 8)) & 1 == 1 { s = addMod(s, a) }
        }
        return r + s.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> (8 * UInt64($0))) } }
    }
}
