import UrnaCrypto

/// The letter the registrar mails each voter (`Specs/election-record.md` §8.3): the election,
/// the district, the voter's pseudonym and one-time activation code. As text, one `key: value`
/// per line; a reader takes the four lines it knows (each exactly once) and ignores the others,
/// so a printed letter may also carry a name and an address.
public struct VoterLetter: Sendable, Hashable {
    public let electionID: String
    public let district: String
    public let pseudonym: Pseudonym
    public let code: ActivationCode

    /// The most bytes a letter file may have.
    public static let maxBytes = 64 * 1024

    public init(electionID: String, district: String, pseudonym: Pseudonym, code: ActivationCode) {
        self.electionID = electionID
        self.district = district
        self.pseudonym = pseudonym
        self.code = code
    }

    /// The letter as the registrar prints it.
    public var text: String {
        """
        Urna voting letter
        election: \(electionID)
        district: \(district)
        pseudonym: \(pseudonym.hex)
        activation code: \(code.displayed)
        Keep this letter private until you vote. Anyone holding it can vote in your place.

        """
    }

    /// Reads a letter, naming the line and the fix for every problem.
    public init(text: String) throws {
        var fields: [String: (value: String, line: Int)] = [:]
        let known = ["election", "district", "pseudonym", "activation code"]
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard known.contains(key) else { continue }
            guard fields[key] == nil else {
                throw RecordError(.malformed, "letter line \(offset + 1): a second '\(key):' line; a letter has one")
            }
            fields[key] = (line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces), offset + 1)
        }
        func field(_ key: String) throws -> (value: String, line: Int) {
            guard let value = fields[key], !value.value.isEmpty else {
                throw RecordError(.malformed, "the letter has no '\(key):' line; it needs the lines election:, district:, pseudonym: and activation code: as the registrar printed them")
            }
            return value
        }
        let election = try field("election"), district = try field("district")
        let pseudonym = try field("pseudonym"), code = try field("activation code")
        guard Manifest.isValidIdentifier(election.value) else {
            throw RecordError(.malformed, "letter line \(election.line): '\(TerminalText.escaped(election.value))' is not an election id")
        }
        guard Manifest.isValidIdentifier(district.value) else {
            throw RecordError(.malformed, "letter line \(district.line): '\(TerminalText.escaped(district.value))' is not a district id")
        }
        guard let parsedPseudonym = Pseudonym(typed: pseudonym.value) else {
            throw RecordError(.malformed, "letter line \(pseudonym.line): the pseudonym must be 32 hex digits; check it against the printed letter")
        }
        let parsedCode: ActivationCode
        do {
            parsedCode = try ActivationCode.parse(code.value)
        } catch {
            throw RecordError(.malformed, "letter line \(code.line): \(error); check the activation code against the printed letter")
        }
        self.init(electionID: election.value, district: district.value, pseudonym: parsedPseudonym, code: parsedCode)
    }
}
