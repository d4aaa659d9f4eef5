import Foundation
import UrnaCrypto
import UrnaRecord

/// One re-signed mutation of a valid record: what a dishonest commission changed, the new
/// drafts (chained and signed later), and the known bug class it may hit.
struct MutatedRecord {
    let description: String
    let drafts: [Draft]
    let knownBug: KnownBug?
}

/// Random mutations a commission holding every key can make to a valid record. Each returns
/// nil when it does not apply to the record at hand.
enum RecordMutation: String, CaseIterable {
    case drop, duplicate, move, moveAcrossPhase
    case integerField, stringField, removeField, unknownField
    case swapDistricts
    case resignUnderMintedCredential
    case insertOwnBallot, insertOwnBallotAndRetally
    case retallyOtherTheory
    case singleBallotAggregate
    case forgeResult
    case duplicateTallyShare
    case tallyBallots
    case qualifiedIndex, shareTrusteeIndex, resultTrustees, threshold
    /// A qualified trustee renamed consistently (joint key `qualified` and `public_shares`, its
    /// tally-share, the result's `trustees`) to an index outside `1…n`.
    case indexAlias
    /// A ballot-section mutation, then the tally the verifier itself expects (``VerifierGuidedTally``).
    case ballotSectionThenGuidedTally

    static let integers = ["-1", "0", "1", "2", "2147483648", "4294967296", "4294967297", "9223372036854775807",
                           "-9223372036854775808", "18446744073709551616", "123456789012345678901234567890", "1e3", "1.5", "-0", "null", "\"1\""]

    static func strings(_ commission: DishonestCommission) -> [String] {
        let generator = (try? Point.generator().hex) ?? "02"
        return ["\"\"", "\"x\"", "\"00\"", "\"02" + String(repeating: "ff", count: 32) + "\"", "\"\(generator)\"",
                "\"" + String(repeating: "0", count: 64) + "\"", "\"" + String(repeating: "ab", count: 34) + "\"",
                "\"" + String(repeating: "A", count: 66) + "\"", "\"" + String(repeating: "x", count: 10_000) + "\"", "0", "[]", "{}"]
            + commission.manifest.districts.map { "\"\($0.id)\"" }
    }

    /// Index values outside `UInt32`'s range: finding 2's class.
    static func trapsIndex(_ literal: String) -> Bool {
        guard let value = Decimal(string: literal) else { return false }
        return value < 0 || value >= 4_294_967_296
    }

    func apply(to drafts: [Draft], commission: DishonestCommission, rng: inout SeededGenerator,
               config: SoundnessConfig) -> MutatedRecord? {
        var drafts = drafts
        let count = drafts.count
        func indices(_ kinds: Set<String>) -> [Int] { drafts.indices.filter { kinds.contains(drafts[$0].kind) } }
        func done(_ text: String, _ bug: KnownBug? = nil) -> MutatedRecord { MutatedRecord(description: text, drafts: drafts, knownBug: bug) }
        switch self {
        case .drop:
            let i = Int.random(in: 1..<count, using: &rng)
            let removed = drafts.remove(at: i)
            return done("drop seq \(i) (\(removed.kind))")
        case .duplicate:
            let i = Int.random(in: 1..<count, using: &rng)
            let j = Int.random(in: (i + 1)...count, using: &rng)
            drafts.insert(drafts[i], at: j)
            return done("duplicate seq \(i) (\(drafts[i].kind)) at \(j)")
        case .move:
            let i = Int.random(in: 1..<count, using: &rng)
            let entry = drafts.remove(at: i)
            let j = Int.random(in: 1...drafts.count, using: &rng)
            drafts.insert(entry, at: j)
            return i == j ? nil : done("move seq \(i) (\(entry.kind)) to \(j)")
        case .moveAcrossPhase:
            guard let i = rng.pick(indices(["ballot", "spoiled", "issuance"])) else { return nil }
            let entry = drafts.remove(at: i)
            let anchors = indices(["close", "open", "joint-key", "tally", "result"])
            guard let anchor = rng.pick(anchors) else { return nil }
            let j = min(drafts.count, anchor + (rng.chance(0.5) ? 1 : 0))
            drafts.insert(entry, at: j)
            let retallied = rng.chance(0.5) ? commission.retallied(drafts, using: &rng) : nil
            if let retallied { drafts = retallied }
            return done("move seq \(i) (\(entry.kind)) to \(j) next to \(drafts[min(anchor, drafts.count - 1)].kind)"
                        + (retallied != nil ? ", re-tallied" : ""))
        case .integerField, .stringField, .removeField:
            let i = Int.random(in: 0..<count, using: &rng)
            guard let editor = JSONFieldEditor(body: drafts[i].body) else { return nil }
            let path: [JSONFieldEditor.Step]
            let literal: String?
            switch self {
            case .integerField:
                guard let leaf = rng.pick(editor.leaves.filter(\.isNumber)), let value = rng.pick(Self.integers) else { return nil }
                (path, literal) = (leaf.path, value)
            case .stringField:
                guard let leaf = rng.pick(editor.leaves.filter { $0.string != nil }), let value = rng.pick(Self.strings(commission))
                else { return nil }
                (path, literal) = (leaf.path, value)
            default:
                guard let key = rng.pick(editor.keyPaths) else { return nil }
                (path, literal) = (key, nil)
            }
            guard let body = editor.replacing(path, with: literal), body != drafts[i].body else { return nil }
            drafts[i].body = body
            let field = path.map(\.description).joined(separator: ".")
            let indexField = ["trustee", "qualified", "accuser", "accused", "trustees"].contains { field.hasPrefix($0) }
            var bug: KnownBug? = indexField && literal.map(Self.trapsIndex) == true ? .indexTrap : nil
            if field.hasSuffix("ballots"), drafts[i].kind == "tally", let literal, let value = Decimal(string: literal),
               value > Decimal(1 << 20) {
                bug = .hugeBallots
            }
            let shown = literal.map { $0.count > 40 ? String($0.prefix(20)) + "…(\($0.count) chars)" : $0 } ?? "(removed)"
            return done("seq \(i) (\(drafts[i].kind)): \(field) := \(shown)", bug)
        case .unknownField:
            let i = Int.random(in: 0..<count, using: &rng)
            guard drafts[i].body.last == UInt8(ascii: "}"), drafts[i].body.count > 2 else { return nil }
            drafts[i].body.removeLast()
            drafts[i].body += Array(",\"zzz\":1}".utf8)
            return done("seq \(i) (\(drafts[i].kind)): unknown field added")
        case .swapDistricts:
            let ids = commission.manifest.districts.map(\.id)
            guard ids.count >= 2, let i = rng.pick(indices(["ballot", "spoiled", "issuance", "tally", "tally-share", "result"])) else {
                return nil
            }
            let pair = Array(ids.shuffled(using: &rng).prefix(2))
            let text = String(decoding: drafts[i].body, as: UTF8.self)
                .replacingOccurrences(of: "\"\(pair[0])\"", with: "\"__swap__\"")
                .replacingOccurrences(of: "\"\(pair[1])\"", with: "\"\(pair[0])\"")
                .replacingOccurrences(of: "\"__swap__\"", with: "\"\(pair[1])\"")
            guard Array(text.utf8) != drafts[i].body else { return nil }
            drafts[i].body = Array(text.utf8)
            return done("seq \(i) (\(drafts[i].kind)): districts \(pair[0]) and \(pair[1]) swapped")
        case .resignUnderMintedCredential:
            guard let i = rng.pick(indices(["ballot"])),
                  let ballot = try? CanonicalJSON.decode(Ballot.self, from: drafts[i].body),
                  let key = try? Ed25519PrivateKey(),
                  let token = try? commission.mintToken(for: key, district: ballot.district) else { return nil }
            let unsigned = ballot.replacing(credential: key.publicKey.rawRepresentation, token: token)
            guard let signature = try? key.signature(for: unsigned.canonicalBytes),
                  let body = try? CanonicalJSON.encode(unsigned.replacing(signature: signature)) else { return nil }
            drafts[i].body = body
            let retallied = rng.chance(0.5) ? commission.retallied(drafts, theory: .everyEntry, using: &rng) : nil
            if let retallied { drafts = retallied }
            return done("seq \(i): ballot re-signed under a commission-minted credential" + (retallied != nil ? ", re-tallied" : ""))
        case .insertOwnBallot, .insertOwnBallotAndRetally:
            // An earlier mutation of the same record may have moved `close` before `open`.
            guard let open = indices(["open"]).first, let close = indices(["close"]).first, open < close,
                  let district = rng.pick(commission.manifest.districts.map(\.id)),
                  let ballot = try? commission.stuffedBallot(district: district, using: &rng),
                  let body = try? CanonicalJSON.encode(ballot) else { return nil }
            let at = Int.random(in: (open + 1)...close, using: &rng)
            drafts.insert(Draft(kind: "ballot", body: body), at: at)
            var text = "commission ballot in \(district) inserted at \(at)"
            // The commission holds no registrar key and no unused letter: it can only account for
            // its token with a forged issuance (invented, another district's, a wrong code, reissued).
            if rng.chance(0.7), let kind = rng.pick(DishonestCommission.ForgedIssue.allCases),
               let forged = try? commission.forgedIssuance(kind, district: district),
               let issuance = try? CanonicalJSON.encode(IssuanceBody(districts: [district: [forged.pseudonym: forged.code]])) {
                drafts.insert(Draft(kind: "issuance", body: issuance), at: at)
                text += " with a forged issuance (\(kind.rawValue))"
            }
            if self == .insertOwnBallotAndRetally {
                let theory = rng.pick(DishonestCommission.Theory.allCases) ?? .rules
                guard let retallied = commission.retallied(drafts, theory: theory, using: &rng) else { return nil }
                drafts = retallied
                text += ", re-tallied (\(theory.rawValue))"
            }
            return done(text)
        case .retallyOtherTheory:
            let theory = rng.pick([DishonestCommission.Theory.lastPerCredential, .everyEntry]) ?? .everyEntry
            guard let retallied = commission.retallied(drafts, theory: theory, using: &rng) else { return nil }
            drafts = retallied
            return done("re-tallied counting \(theory.rawValue)")
        case .singleBallotAggregate:
            guard let t = indices(["tally"]).first,
                  let tally = try? CanonicalJSON.decode(TallyBody.self, from: drafts[t].body),
                  let cast = rng.pick(commission.castBallots(in: drafts)),
                  var contests = tally.districts[cast.ballot.district] else { return nil }
            for contest in cast.ballot.contests {
                guard let aggregate = contests[contest.id] else { return nil }
                contests[contest.id] = .init(ballots: aggregate.ballots,
                                             selections: Dictionary(uniqueKeysWithValues: contest.selections.map { ($0.id, $0.ciphertext) }))
            }
            var districts = tally.districts
            districts[cast.ballot.district] = contests
            guard let retallied = commission.retallied(drafts, tally: TallyBody(districts: districts), using: &rng) else { return nil }
            drafts = retallied
            return done("tally of \(cast.ballot.district) replaced by the ciphertexts of the ballot at seq \(cast.index), decrypted")
        case .forgeResult:
            guard let r = indices(["result"]).last, let editor = JSONFieldEditor(body: drafts[r].body),
                  let leaf = rng.pick(editor.leaves.filter { $0.isNumber && $0.path.first != .key("trustees") }),
                  let value = (leaf.value as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }) else { return nil }
            let forged = value &+ (value > 0 && rng.chance(0.5) ? -1 : 1)
            guard let body = editor.replacing(leaf.path, with: String(forged)) else { return nil }
            drafts[r].body = body
            return done("result \(leaf.pathText): \(value) → \(forged)")
        case .duplicateTallyShare:
            guard let s = rng.pick(indices(["tally-share"])) else { return nil }
            drafts.insert(drafts[s], at: s + 1)
            return done("tally-share at seq \(s) duplicated")
        case .tallyBallots:
            guard let t = indices(["tally"]).first,
                  let tally = try? CanonicalJSON.decode(TallyBody.self, from: drafts[t].body),
                  let district = rng.pick(tally.districts.keys.sorted()), let contests = tally.districts[district],
                  let current = contests.values.first?.ballots else { return nil }
            let values = [-1, 0, current &+ 1, current &- 1, 1 << 20, 1 << 31, 1 << 32, 1 << 36, 1 << 40, (1 << 40) + 1, 1 << 62, Int.max]
            guard let value = rng.pick(values) else { return nil }
            var districts = tally.districts
            districts[district] = contests.mapValues { .init(ballots: value, selections: $0.selections) }
            guard let body = try? CanonicalJSON.encode(TallyBody(districts: districts)) else { return nil }
            drafts[t].body = body
            return done("tally \(district) ballots \(current) → \(value) (shares and result kept)", value > 1 << 20 ? .hugeBallots : nil)
        case .ballotSectionThenGuidedTally:
            let section: [RecordMutation] = [.drop, .duplicate, .move, .moveAcrossPhase, .swapDistricts, .resignUnderMintedCredential,
                                             .insertOwnBallot, .integerField, .removeField]
            guard let first = rng.pick(section),
                  let mutated = first.apply(to: drafts, commission: commission, rng: &rng, config: config),
                  let retallied = commission.verifierGuidedRetally(mutated.drafts, using: &rng) else { return nil }
            drafts = retallied
            return done("\(first.rawValue): \(mutated.description), then the verifier's own expected tally", mutated.knownBug)
        case .indexAlias:
            guard let k = indices(["joint-key"]).first,
                  var key = (try? JSONSerialization.jsonObject(with: Data(drafts[k].body))) as? [String: Any],
                  let qualified = key["qualified"] as? [Int], let shares = key["public_shares"] as? [String: Any],
                  let j = rng.pick(qualified),
                  let alias = rng.pick([-1, 0, 1 << 32, (1 << 32) &+ j, Int(Int64.max), commission.trusteeCount + 1, 256]) else { return nil }
            key["qualified"] = qualified.map { $0 == j ? alias : $0 }.sorted()
            var renamed = shares
            renamed[String(j)] = nil
            renamed[String(alias)] = shares[String(j)]
            key["public_shares"] = renamed
            guard let body = try? JSONSerialization.data(withJSONObject: key, options: [.sortedKeys, .withoutEscapingSlashes])
            else { return nil }
            drafts[k].body = Array(body)
            for i in indices(["tally-share", "result"]) {
                guard var object = (try? JSONSerialization.jsonObject(with: Data(drafts[i].body))) as? [String: Any] else { continue }
                if drafts[i].kind == "tally-share", object["trustee"] as? Int == j { object["trustee"] = alias }
                if drafts[i].kind == "result", let listed = object["trustees"] as? [Int] {
                    object["trustees"] = listed.map { $0 == j ? alias : $0 }.sorted()
                }
                guard let edited = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                else { continue }
                drafts[i].body = Array(edited)
            }
            return done("trustee \(j) renamed \(alias) in joint-key, its tally-share and the result",
                        Self.trapsIndex(String(alias)) ? .indexTrap : nil)
        case .qualifiedIndex, .shareTrusteeIndex, .resultTrustees, .threshold:
            let (kind, key): (String, String) = switch self {
            case .qualifiedIndex: ("joint-key", "qualified")
            case .shareTrusteeIndex: ("tally-share", "trustee")
            case .resultTrustees: ("result", "trustees")
            default: ("election", "threshold")
            }
            guard let i = rng.pick(indices([kind])), let editor = JSONFieldEditor(body: drafts[i].body),
                  let leaf = rng.pick(editor.leaves.filter { $0.path.first == .key(key) }) else { return nil }
            let n = commission.trusteeCount
            let choices = ["0", "1", String(n), String(n + 1), "-1", "4294967296", "4294967297", "255", "256"]
            guard let literal = rng.pick(choices), let body = editor.replacing(leaf.path, with: literal), body != drafts[i].body
            else { return nil }
            drafts[i].body = body
            let retallied = self == .qualifiedIndex && rng.chance(0.3) ? commission.retallied(drafts, using: &rng) : nil
            if let retallied { drafts = retallied }
            return done("seq \(i) (\(kind)): \(leaf.pathText) := \(literal)", Self.trapsIndex(literal) ? .indexTrap : nil)
        }
    }
}
