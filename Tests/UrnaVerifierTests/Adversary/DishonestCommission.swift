import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaRecord
import UrnaRegistrar
import UrnaTrustee

/// A dishonest commission: it holds every key (district token keys, the ledger key, the
/// trustees' key files) EXCEPT the registrar's, builds a record entry by entry as drafts, and can
/// re-chain, re-hash, re-checkpoint and re-sign any list of drafts (``signed(_:)``). It remembers
/// the plaintext of every ballot it builds (``facts``), from which ``ReferenceTally`` counts.
///
/// It plays the honest registrar's part only where a real commission would see the registrar's
/// work: the registrar's signed roll entries (published once, after the `election` entry) and the
/// letters of the voters whose token requests it serves (``issue(_:)`` reveals the codes of
/// letters not used before, as voters present them). It keeps no registrar key (the key file is
/// dropped once the roll is made); a forged issuance (``forgedIssuance(_:district:)``) uses only what the public record
/// and the served letters show.
final class DishonestCommission {
    static let origin = "urna.example/adversary"
    static let districtIDs = ["north", "south", "east", "west"]

    let manifest: Manifest
    let election: ElectionBody
    let electionBytes: [UInt8]
    let signer: CheckpointSigner
    let tokenKeys: [String: BlindRSAPrivateKey]
    private(set) var keyFiles: [TrusteeKeyFile]
    private(set) var jointKey: JointKeyBody?
    private(set) var context: ElectionContext?
    var drafts: [Draft] = []
    /// Tracking code → what the commission knows about that ballot.
    private(set) var facts: [[UInt8]: BallotFact] = [:]
    /// Per district, the letters of the roll's voters who have not asked for a token yet.
    private var unusedLetters: [String: [VoterLetter]] = [:]
    /// Letters whose codes an issuance entry revealed, in order (public from the record).
    private(set) var issuedLetters: [VoterLetter] = []
    /// The published roll: pseudonym → district (public from the roll entries).
    private(set) var roll: [Pseudonym: String] = [:]

    var threshold: Int { election.threshold }
    var trusteeCount: Int { election.trustees.count }

    /// Voters per district on a generated election's roll: enough letters for every token the
    /// generator and the mutations mint (at most one per voter and district).
    static var defaultRollSize: Int { SoundnessConfig.current.maxVoters + 8 }

    /// The `election` entry, the registrar's `roll` entries and the `ceremony` entry of a new
    /// election with `trustees` fresh key files, and a registrar (default: `rollSize` voters per
    /// district, or ``defaultRollSize``).
    init(manifest: Manifest, trustees: Int, threshold: Int, registrar: RegistrarKeyFile? = nil, rollSize: Int? = nil) throws {
        self.manifest = manifest
        let allKeys = try ElectionFixture.tokenKeys.get()
        var keys: [String: BlindRSAPrivateKey] = [:]
        for district in manifest.districts { keys[district.id] = try need(allKeys[district.id], "token key \(district.id)") }
        tokenKeys = keys
        signer = try CheckpointSigner(origin: Self.origin, privateKey: try Ed25519PrivateKey())
        keyFiles = try (1...trustees).map { try TrusteeKeyFile.create(name: "t\($0)") }
        let size = rollSize ?? Self.defaultRollSize
        var registrar = try registrar ?? RegistrarKeyFile.simulated(voters: manifest.districts.map { ($0.id, size) })
        election = try ElectionBody(
            manifest: manifest, ledgerKey: signer.verifierKey,
            tokenKeys: keys.mapValues { Base64.encode($0.publicKey.spkiDER) },
            trustees: keyFiles.enumerated().map { $0.element.publicInfo.trustee(index: $0.offset + 1) },
            threshold: threshold, registrar: try registrar.publicInfo)
        electionBytes = try CanonicalJSON.encode(election)
        // The registrar's part: the signed roll, published once right after the election entry.
        let rollBodies = try registrar.rollEntryBodies(electionBodyBytes: electionBytes)
        add("election", electionBytes)
        for body in rollBodies {
            add("roll", body)
            let decoded = try CanonicalJSON.decode(RollBody.self, from: body)
            for pseudonym in decoded.pseudonyms.keys {
                if let value = Pseudonym(hex: pseudonym) { roll[value] = decoded.district }
            }
        }
        for (_, letter) in try registrar.letters(electionID: manifest.electionID) {
            unusedLetters[letter.district, default: []].append(letter)
        }
        try addPhase("ceremony", .keyCeremony)
    }

    // MARK: - Entries

    func add(_ kind: String, _ body: [UInt8]) { drafts.append(Draft(kind: kind, body: body)) }

    func add<T: Encodable>(_ kind: String, encoding value: T) throws { add(kind, try CanonicalJSON.encode(value)) }

    func addPhase(_ kind: String, _ phase: Phase) throws { try add(kind, encoding: PhaseBody(phase: phase)) }

    /// The drafts chained, checkpointed and signed with the ledger key.
    func signed(_ drafts: [Draft]? = nil) throws -> SignedRecord {
        try SignedRecord(drafts: drafts ?? self.drafts, signer: signer, origin: Self.origin)
    }

    // MARK: - Key ceremony

    /// Pledges, then commitments (trustee `i` sends trustee `j` a bad share when `faults[i][j]` is
    /// set; trustee indices from 1), each trustee's complaints and signed check, the joint key and `open`.
    func runCeremony(faults: [Int: [Int: TrusteeKeyFile.ShareFault]] = [:]) throws {
        var pledges: [TrusteePledgeBody] = []
        for index in keyFiles.indices {
            pledges.append(try keyFiles[index].pledge(electionBodyBytes: electionBytes, faults: faults[index + 1] ?? [:]))
            try add("trustee-pledge", encoding: pledges[index])
        }
        var commitments: [Int: TrusteeCommitmentBody] = [:]
        for index in keyFiles.indices {
            let body = try keyFiles[index].commit(electionBodyBytes: electionBytes, pledges: pledges)
            commitments[index + 1] = body
            try add("trustee-commitment", encoding: body)
        }
        var disqualified = Set<Int>()
        let digest = ElectionBody.setupDigest(bodyBytes: electionBytes)
        for index in keyFiles.indices {
            let message = try keyFiles[index].check(electionBodyBytes: electionBytes, commitments: Array(commitments.values))
            for complaint in message.complaints {
                try add("complaint", encoding: complaint)
                if let accused = commitments[complaint.accused],
                   try CeremonyCheck.judge(complaint, accusedCommitment: accused, election: election, setupDigest: digest) {
                    disqualified.insert(complaint.accused)
                }
            }
            try add("trustee-check", encoding: message.check)
        }
        let key = try CeremonyCheck.jointKey(election: election, commitments: commitments, disqualified: disqualified)
        try add("joint-key", encoding: key)
        jointKey = key
        context = try ElectionContext(electionBodyBytes: electionBytes, jointKey: key.jointKey)
        try addPhase("open", .open)
    }

    // MARK: - Issuance and tokens

    /// The letter of the next voter of `district` who asks for a token (served honestly: it is
    /// revealed by ``issue(_:)`` or ``issuance(for:)``, never twice).
    func nextLetter(_ district: String) throws -> VoterLetter {
        guard let letter = unusedLetters[district]?.first else {
            throw FixtureError(description: "district \(district): every voter on the roll was issued a token")
        }
        unusedLetters[district]?.removeFirst()
        return letter
    }

    /// An issuance entry revealing `letters` (as the voters presented them).
    func issuance(for letters: [VoterLetter]) throws -> Draft {
        issuedLetters += letters
        return Draft(kind: "issuance", body: try CanonicalJSON.encode(IssuanceBody(letters: letters)))
    }

    /// An issuance entry for `counts[district]` voters who asked for a token: the next letters of
    /// the roll (none when every count is 0).
    func issue(_ counts: [String: Int]) throws {
        var letters: [VoterLetter] = []
        for (district, count) in counts.sorted(by: { $0.key < $1.key }) where count > 0 {
            for _ in 0..<count { letters.append(try nextLetter(district)) }
        }
        guard !letters.isEmpty else { return }
        drafts.append(try issuance(for: letters))
    }

    /// Ways a commission without the registrar's key (and without the letter) can try to account
    /// for a token it minted itself.
    enum ForgedIssue: String, CaseIterable {
        /// A pseudonym on no roll, with a code of its own (`issuance.roll`).
        case invented
        /// A pseudonym of another district's roll, with its revealed code when one was issued
        /// there, else a made-up one (`issuance.roll`).
        case otherDistrict
        /// A pseudonym of the district's roll that asked for nothing, with a made-up code (`issuance.code`).
        case wrongCode
        /// A pseudonym already issued a token, with its revealed code (`issuance.pseudonym-unique`).
        case reissued
    }

    /// The (pseudonym hex, code) a forged issuance names in `district`, from the public record
    /// only; nil when the record offers no pseudonym of the kind (e.g. nothing issued yet).
    func forgedIssuance(_ kind: ForgedIssue, district: String) throws -> (pseudonym: String, code: String)? {
        let issued = Set(issuedLetters.map(\.pseudonym))
        switch kind {
        case .invented:
            return (try Pseudonym.generate().hex, try ActivationCode.generate().canonical)
        case .otherDistrict:
            if let letter = issuedLetters.first(where: { $0.district != district }) {
                return (letter.pseudonym.hex, letter.code.canonical)
            }
            guard let pseudonym = roll.filter({ $0.value != district }).keys.sorted().first else { return nil }
            return (pseudonym.hex, try ActivationCode.generate().canonical)
        case .wrongCode:
            guard let pseudonym = roll.filter({ $0.value == district && !issued.contains($0.key) }).keys.sorted().last else { return nil }
            return (pseudonym.hex, try ActivationCode.generate().canonical)
        case .reissued:
            guard let letter = issuedLetters.first(where: { $0.district == district }) else { return nil }
            return (letter.pseudonym.hex, letter.code.canonical)
        }
    }

    /// A token for `credential` in `district`, blind-signed with the district key the commission holds.
    func mintToken(for credential: Ed25519PrivateKey, district: String) throws -> Ballot.Token {
        let key = try need(tokenKeys[district], "token key \(district)")
        let message = try BlindRSA.tokenMessage(electionID: manifest.electionID, districtID: district,
                                                credentialPublicKey: credential.publicKey.rawRepresentation)
        let prepared = try key.publicKey.prepare(message, variant: .sha384PSSRandomized)
        let (blinded, inverse) = try key.publicKey.blind(prepared, variant: .sha384PSSRandomized)
        let request = TokenRequest(credential: credential, district: district, preparedMessage: prepared,
                                   blindedMessage: blinded, inverse: inverse)
        return try request.finalize(blindSignature: try key.blindSign(blinded), tokenKey: key.publicKey)
    }

    // MARK: - Ballots

    /// Encrypts and signs a ballot (with a chosen defect, or valid) and records what it holds.
    /// Returns the ballot and its secrets (to spoil it).
    func makeBallot(credential: Ed25519PrivateKey, district: String, choices: [String: Set<String>],
                    token: Ballot.Token? = nil, defect: BallotDefect? = nil) throws -> (Ballot, BallotBuilder.Secrets) {
        let context = try need(context, "election context (run the ceremony first)")
        var tokenDistrict = district
        if defect == .wrongDistrictToken {
            tokenDistrict = manifest.districts.map(\.id).first { $0 != district } ?? district
        }
        let token = try token ?? mintToken(for: credential, district: tokenDistrict)
        var ranges: [String: ClosedRange<Int>] = [:]
        var choices = choices
        var defective = defect != nil && !(defect == .wrongDistrictToken && tokenDistrict == district)
        if defect == .sumOutOfRange {
            // Some contest with a count outside [min, max] that exists; none (min 0, max all): no defect.
            defective = false
            for contest in manifest.contests(inDistrict: district) {
                let ids = contest.candidates.map(\.id)
                let count = contest.max < ids.count ? contest.max + 1 : (contest.min > 0 ? contest.min - 1 : nil)
                guard let count else { continue }
                choices[contest.id] = Set(ids.prefix(count))
                ranges[contest.id] = 0...ids.count
                defective = true
                break
            }
        }
        var (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                          credential: credential, token: token, sumRanges: ranges)
        switch defect {
        case .badSignature:
            var signature = ballot.signature.bytes
            signature[7] ^= 0x01
            ballot = ballot.replacing(signature: signature)
        case .wrongElection:
            let unsigned = ballot.replacing(electionHash: SHA256.hash(Array("another election".utf8)))
            ballot = unsigned.replacing(signature: try credential.signature(for: unsigned.canonicalBytes))
        case .sumOutOfRange, .wrongDistrictToken, nil:
            break
        }
        facts[ballot.trackingCode] = BallotFact(
            credential: credential.publicKey.rawRepresentation, district: district,
            choices: choices.filter { !$0.value.isEmpty }, valid: !defective)
        return (ballot, secrets)
    }

    /// Appends a `ballot` entry.
    func cast(_ ballot: Ballot) throws { try add("ballot", encoding: ballot) }

    /// Appends a `spoiled` entry.
    func spoil(_ ballot: Ballot, secrets: BallotBuilder.Secrets) throws {
        try add("spoiled", encoding: SpoiledBody(ballot: ballot, secrets: secrets))
    }

    // MARK: - Tally and result

    /// Partial decryptions of `tally` by the trustees `indices` (from 1), with their key files.
    /// The key file refuses a non-`(O, O)` aggregate in a district with `ballots` 0; the commission
    /// holding the key file side-steps that by decrypting a copy claiming one ballot there (the
    /// share proofs do not cover `ballots`).
    func decrypt(_ tally: TallyBody, by indices: [Int]) throws -> [TallyShareBody] {
        let key = try need(jointKey, "joint key")
        let padded = TallyBody(districts: tally.districts.mapValues { contests in
            contests.mapValues { $0.ballots > 0 ? $0 : .init(ballots: 1, selections: $0.selections) }
        })
        return try indices.map { try keyFiles[$0 - 1].decrypt(tally: padded, jointKey: key, electionBodyBytes: electionBytes) }
    }

    /// Qualified trustees (from the joint key).
    var qualified: [Int] { jointKey?.qualified ?? [] }
}

extension Ballot {
    func replacing(electionHash: [UInt8]? = nil, district: String? = nil, credential: [UInt8]? = nil, token: Token? = nil,
                   contests: [Contest]? = nil, signature: [UInt8]? = nil) -> Ballot {
        Ballot(electionHash: electionHash ?? self.electionHash.bytes, district: district ?? self.district,
               credential: credential ?? self.credential.bytes, token: token ?? self.token,
               contests: contests ?? self.contests, signature: signature ?? self.signature.bytes)
    }
}
