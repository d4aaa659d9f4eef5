import UrnaRecord

extension VerificationReport {
    /// One identity key the `election` entry names (`Specs/verification.md` §4): whose it is and
    /// its fingerprint, which its holder announces out of band. JSON
    /// `{"role": "trustee", "name": "t1", "index": 1, "fingerprint": "3f9a-…"}`.
    public struct IdentityKey: Sendable, Codable, Hashable {
        /// `trustee` (or, for the registrar's key, `registrar`).
        public let role: String
        public let name: String
        /// The trustee's index; nil for a role without one.
        public let index: Int?
        /// ``IdentityKeyFingerprint`` of the key.
        public let fingerprint: String

        public init(role: String, name: String, index: Int?, fingerprint: String) {
            self.role = role
            self.name = name
            self.index = index
            self.fingerprint = fingerprint
        }
    }

    /// Every identity key of the election body: the trustees by index, then the registrar.
    static func identityKeys(of election: ElectionBody) -> [IdentityKey] {
        election.trustees.map {
            IdentityKey(role: "trustee", name: $0.name, index: $0.index, fingerprint: IdentityKeyFingerprint.of($0.identityKey.bytes))
        } + [IdentityKey(role: "registrar", name: election.registrar.name, index: nil, fingerprint: election.registrar.fingerprint)]
    }

    /// `trustee  t1 (1) identity key fingerprint 3f9a-…`, one line per key (escaped with every
    /// other line by ``renderText()``).
    func identityKeyLines() -> [String] {
        (identityKeys ?? []).map { key in
            key.role.padding(toLength: max(8, key.role.count), withPad: " ", startingAt: 0) + " \(key.name)"
                + (key.index.map { " (\($0))" } ?? "") + " identity key fingerprint \(key.fingerprint)"
        }
    }
}
