import UrnaCrypto

/// Trustees' checks (`Specs/election-record.md` §4.4a), shared by the service, the trustee tool
/// and the verifier.
extension CeremonyCheck {
    /// Checks a `trustee-check` body against the record before it: the trustee index is in
    /// `1...n`; the complaint list is strictly ascending, of other trustees' indices; every trustee
    /// has a valid commitment already (`commitmentBodies`: index → stored body bytes; a check covers
    /// all of them); the list equals the accused of the `complaint` entries this trustee filed before
    /// it (`complaintsFiled`); and the signature verifies under the trustee's `encryption_key`.
    /// Throws `bad-check`.
    public static func verifyCheck(_ body: TrusteeCheckBody, election: ElectionBody, setupDigest: [UInt8],
                                   commitmentBodies: [Int: [UInt8]], complaintsFiled: Set<Int>) throws {
        let j = body.trustee, n = election.trustees.count
        guard (1...n).contains(j) else {
            throw RecordError(.badCheck, "check of trustee \(j): the index is outside 1...\(n)")
        }
        for (position, accused) in body.complaints.enumerated() {
            guard (1...n).contains(accused), accused != j else {
                throw RecordError(.badCheck, "check of trustee \(j): complaints lists \(accused), which is not another trustee's index")
            }
            guard position == 0 || body.complaints[position - 1] < accused else {
                throw RecordError(.badCheck, "check of trustee \(j): complaints \(body.complaints) is not strictly ascending")
            }
        }
        let uncommitted = (1...n).filter { commitmentBodies[$0] == nil }
        guard uncommitted.isEmpty else {
            throw RecordError(.badCheck,
                              "check of trustee \(j) comes before a valid commitment of trustee(s) \(list(uncommitted)); a check covers every trustee's commitment")
        }
        let filed = complaintsFiled.sorted()
        guard filed == body.complaints else {
            throw RecordError(.badCheck,
                              "check of trustee \(j) lists complaints against [\(list(body.complaints))] but the record holds its complaint entries against [\(list(filed))] before it")
        }
        let checked = TrusteeCheckBody.checkedDigest(commitmentBodies: (1...n).compactMap { commitmentBodies[$0] })
        let context = TrusteeCheckBody.signatureContext(setupDigest: setupDigest, trustee: j, checked: checked,
                                                        complaints: body.complaints)
        do {
            try body.signature.verify(publicKey: election.trustees[j - 1].encryptionKey, context: context)
        } catch let error as CryptoError {
            throw RecordError(.badCheck,
                              "check of trustee \(j): the signature does not verify under trustee \(j)'s encryption_key over these commitments and complaints (\(error.reason))")
        }
    }

    /// Refuses a joint key while a trustee of the election has no valid check: every trustee must
    /// say whether the shares it received are valid before anyone is counted as qualified.
    /// Throws `missing-check` naming the trustees.
    public static func requireChecks(election: ElectionBody, checked: Set<Int>) throws {
        let missing = election.trustees.filter { !checked.contains($0.index) }
        guard missing.isEmpty else {
            let names = missing.map { "\($0.index) ('\(TerminalText.escaped($0.name))')" }.joined(separator: ", ")
            throw RecordError(.missingCheck, "no valid trustee-check entry from trustee(s) \(names)")
        }
    }

    static func list(_ indices: [Int]) -> String { indices.map(String.init).joined(separator: ", ") }
}

extension RecordError.Code {
    /// A `trustee-check` body that breaks a rule of §4.4a.
    public static let badCheck = Self(rawValue: "bad-check")
    /// The joint key is computed before every trustee's check is in.
    public static let missingCheck = Self(rawValue: "missing-check")
}
