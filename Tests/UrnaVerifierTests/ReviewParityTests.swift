import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaRegistrar
import UrnaTrustee
@testable import UrnaVerifier

/// Hostile records for the Swift/Python agreement (run verify.py on $URNA_ATTACK_OUT/review-parity-*,
/// compare with swift-verdict.txt).
@Suite("Review parity records")
struct ReviewParityTests {
    static func base() throws -> (DishonestCommission, [Draft]) {
        let manifest = try Manifest(
            electionID: "parity-2026", title: "Parity",
            contests: [.init(id: "mayor", title: "Mayor", min: 0, max: 1,
                             candidates: [.init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob")])],
            districts: [.init(id: "north", name: "North", contests: ["mayor"]), .init(id: "south", name: "South", contests: ["mayor"]),
                        .init(id: "east", name: "East", contests: ["mayor"])],
            revoting: false, spoilLimit: 1)
        let registrar = try RegistrarKeyFile.simulated(voters: [("north", 3), ("south", 2), ("east", 0)])
        let commission = try DishonestCommission(manifest: manifest, trustees: 3, threshold: 2, registrar: registrar)
        try commission.runCeremony(faults: [1: [2: .wrongValue]])
        var drafts = commission.drafts
        drafts.append(try commission.issuance(for: [try commission.nextLetter("north"), try commission.nextLetter("south")]))
        drafts.append(try EligibilityAttack.ballot(commission, district: "north", choice: "alice"))
        drafts.append(try EligibilityAttack.ballot(commission, district: "south", choice: "bob"))
        return (commission, drafts)
    }

    @Test func writeParityRecords() throws {
        var records: [(String, [Draft], DishonestCommission)] = []
        do {
            let (c, d) = try Self.base()
            let full = try EligibilityAttack.finished(c, d)
            records.append(("control", full, c))
            for kind in ["trustee-pledge", "trustee-commitment", "complaint", "trustee-check", "tally-share", "roll"] {
                guard let i = full.firstIndex(where: { $0.kind == kind }) else { Issue.record("no \(kind)"); continue }
                var r = full; r.insert(full[i], at: i + 1)
                records.append(("replay-\(kind)", r, c))
            }
            // The empty district's (registrar-signed, empty) roll entry replayed.
            if let i = full.firstIndex(where: { $0.kind == "roll" && (try? CanonicalJSON.decode(RollBody.self, from: $0.body))?.district == "east" }) {
                var r = full; r.insert(full[i], at: i + 1)
                records.append(("replay-empty-roll", r, c))
                // moved after the joint key (still key-ceremony)
                var m = full; let e = m.remove(at: i)
                let open = try need(m.firstIndex { $0.kind == "open" }, "open")
                m.insert(e, at: open)
                records.append(("roll-after-joint-key", m, c))
            }
            // Record ending in open with a stuffed ballot beyond issuance.
            let open = Array(d) + [try EligibilityAttack.ballot(c, district: "north", choice: "bob"),
                                   try EligibilityAttack.ballot(c, district: "east", choice: "bob")]
            records.append(("ends-open-counted-gt-issued", open, c))
            // Empty issuance bodies.
            records.append(("issuance-empty", try EligibilityAttack.finished(c, d + [try EligibilityAttack.issuance([:])]), c))
            records.append(("issuance-empty-district", try EligibilityAttack.finished(c, d + [try EligibilityAttack.issuance(["east": [:]])]), c))
        }
        do {
            // JSON-level tricks in the issuance map.
            let (c, d) = try Self.base()
            let letter = try c.nextLetter("north")
            let hex = letter.pseudonym.hex, code = letter.code.canonical
            func raw(_ s: String) -> Draft { Draft(kind: "issuance", body: Array(s.utf8)) }
            let variants: [(String, Draft)] = [
                ("iss-upper-hex", raw("{\"districts\":{\"north\":{\"\(hex.uppercased())\":\"\(code)\"}}}")),
                ("iss-lower-code", raw("{\"districts\":{\"north\":{\"\(hex)\":\"\(code.lowercased())\"}}}")),
                ("iss-dashed-code", raw("{\"districts\":{\"north\":{\"\(hex)\":\"\(letter.code.displayed)\"}}}")),
                ("iss-dup-key", raw("{\"districts\":{\"north\":{\"\(hex)\":\"\(code)\",\"\(hex)\":\"\(code)\"}}}")),
                ("iss-escaped-key", raw("{\"districts\":{\"north\":{\"\\u00\(hex.prefix(2))\(hex.dropFirst(2))\":\"\(code)\"}}}")),
                ("iss-other-district", raw("{\"districts\":{\"south\":{\"\(hex)\":\"\(code)\"}}}")),
                ("iss-both-districts", raw("{\"districts\":{\"north\":{\"\(hex)\":\"\(code)\"},\"south\":{\"\(hex)\":\"\(code)\"}}}")),
                ("iss-extra-field", raw("{\"districts\":{\"north\":{\"\(hex)\":\"\(code)\"}},\"x\":1}")),
                ("iss-number-code", raw("{\"districts\":{\"north\":{\"\(hex)\":1}}}")),
            ]
            for (name, draft) in variants {
                records.append((name, try EligibilityAttack.finished(c, d + [draft, try EligibilityAttack.ballot(c, district: "north", choice: "bob")]), c))
            }
            // Issuance in key-ceremony (before open).
            let openIndex = try need(d.firstIndex { $0.kind == "open" }, "open")
            var early = d
            early.insert(Draft(kind: "issuance", body: try CanonicalJSON.encode(IssuanceBody(letters: [letter]))), at: openIndex)
            records.append(("iss-before-open", try EligibilityAttack.finished(c, early + [try EligibilityAttack.ballot(c, district: "north", choice: "bob")]), c))
        }
        var verdicts = ""
        for (name, drafts, c) in records {
            let path = try AttackRecords.write("review-parity-" + name, drafts, signer: c.signer, origin: DishonestCommission.origin)
            let report = try Scrutineer.verify(path: path, options: ElectionFixture.options())
            let first = report.failures.first.map { "\($0.check.rawValue)@\($0.seq.map(String.init) ?? "-")" } ?? "-"
            verdicts += "\(path) \(report.isValid ? "VALID" : "INVALID") \(first)\n"
        }
        try verdicts.write(toFile: AttackRecords.root.appendingPathComponent("swift-verdict.txt").path, atomically: true, encoding: .utf8)
    }
}
