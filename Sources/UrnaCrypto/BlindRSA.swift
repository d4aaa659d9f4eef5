/// RSA blind signatures, RFC 9474 (RSABSSA), `Specs/tokens.md`.
///
/// Urna's eligibility tokens use ``Variant/sha384PSSRandomized`` with 3072-bit keys.
/// The protocol (RFC 9474 §4):
///
///     client:  input_msg = Prepare(msg)                      BlindRSAPublicKey.prepare
///              blinded_msg, inv = Blind(pk, input_msg)        BlindRSAPublicKey.blind
///     server:  blind_sig = BlindSign(sk, blinded_msg)         BlindRSAPrivateKey.blindSign
///     client:  sig = Finalize(pk, input_msg, blind_sig, inv)  BlindRSAPublicKey.finalize
///     anyone:  RSASSA-PSS-VERIFY(pk, input_msg, sig)          BlindRSAPublicKey.verify
public enum BlindRSA {
    /// The named RSABSSA variants of RFC 9474 §5. All use SHA-384 and MGF1-SHA-384.
    public enum Variant: String, Sendable, Hashable, CaseIterable {
        /// RSABSSA-SHA384-PSS-Randomized: 48-byte salt, PrepareRandomize. Urna's token variant.
        case sha384PSSRandomized = "RSABSSA-SHA384-PSS-Randomized"
        /// RSABSSA-SHA384-PSSZERO-Randomized: empty salt, PrepareRandomize.
        case sha384PSSZeroRandomized = "RSABSSA-SHA384-PSSZERO-Randomized"
        /// RSABSSA-SHA384-PSS-Deterministic: 48-byte salt, PrepareIdentity.
        case sha384PSSDeterministic = "RSABSSA-SHA384-PSS-Deterministic"
        /// RSABSSA-SHA384-PSSZERO-Deterministic: empty salt, PrepareIdentity.
        case sha384PSSZeroDeterministic = "RSABSSA-SHA384-PSSZERO-Deterministic"

        /// The RFC 9474 name, e.g. `RSABSSA-SHA384-PSS-Randomized`.
        public var name: String { rawValue }

        /// PSS salt length in bytes (`sLen`): 48 or 0.
        public var saltLength: Int {
            switch self {
            case .sha384PSSRandomized, .sha384PSSDeterministic: 48
            case .sha384PSSZeroRandomized, .sha384PSSZeroDeterministic: 0
            }
        }

        /// True for PrepareRandomize (32-byte random prefix), false for PrepareIdentity.
        public var isRandomized: Bool {
            switch self {
            case .sha384PSSRandomized, .sha384PSSZeroRandomized: true
            case .sha384PSSDeterministic, .sha384PSSZeroDeterministic: false
            }
        }
    }

    /// The client's secret unblinding value `inv = r^-1 mod n` (RFC 9474 §4.2), kept between
    /// ``BlindRSAPublicKey/blind(_:variant:)`` and ``BlindRSAPublicKey/finalize(_:preparedMessage:inverse:variant:)``.
    /// Anyone holding it and the blinded message can link the token to the issuance: keep it private.
    public struct Inverse: Sendable, Hashable {
        /// Big-endian bytes, left-padded to the modulus length.
        public let bytes: [UInt8]
        public init(bytes: [UInt8]) { self.bytes = bytes }
    }

    /// Length of the PrepareRandomize prefix `msg_prefix` (RFC 9474 §4.1).
    public static let messagePrefixLength = 32
    /// Urna's modulus size for token keys.
    public static let defaultModulusBits = 3072
    /// Smallest modulus accepted for generation or import.
    public static let minimumModulusBits = 2048
    /// Largest modulus accepted for import (bounds the cost of a verification).
    public static let maximumModulusBits = 8192
    /// The only public exponent generated or accepted: 65537.
    public static let publicExponent: [UInt8] = [0x01, 0x00, 0x01]

    /// Domain tag of the token message.
    public static let tokenTag = "urna/v1/token"

    /// The Urna token message (before Prepare), `Specs/tokens.md` §5:
    /// `DomainHash.encode(tag: "urna/v1/token", [electionID, districtID, credentialPublicKey])`,
    /// i.e. `len ‖ "urna/v1/token" ‖ len ‖ electionID ‖ len ‖ districtID ‖ len ‖ credentialPublicKey`
    /// with 4-byte big-endian lengths, identifiers as UTF-8.
    public static func tokenMessage(electionID: String, districtID: String, credentialPublicKey: [UInt8]) throws -> [UInt8] {
        guard credentialPublicKey.count == 32 else {
            throw CryptoError(.invalidParameter, "credential public key is \(credentialPublicKey.count) bytes, expected 32 (Ed25519)")
        }
        return DomainHash.encode(tag: tokenTag, [Array(electionID.utf8), Array(districtID.utf8), credentialPublicKey])
    }
}

extension CryptoError.Code {
    /// An RSA modulus below ``BlindRSA/minimumModulusBits`` (generation or import).
    public static let keyTooSmall = Self(rawValue: "key-too-small")
    /// EMSA-PSS-ENCODE cannot encode: the modulus is too short for hash and salt ("encoding error").
    public static let messageTooLong = Self(rawValue: "message-too-long")
    /// The blinding failed or its inverse is unusable (RFC 9474 "blinding error" / "invalid input").
    public static let invalidBlinding = Self(rawValue: "invalid-blinding")
    /// An integer input that is not in `[0, n)` ("message representative out of range").
    public static let messageOutOfRange = Self(rawValue: "message-out-of-range")
    /// A byte string whose length is not the modulus length ("unexpected input size").
    public static let unexpectedLength = Self(rawValue: "unexpected-length")
    /// The private-key operation gave a result that does not verify ("signing failure").
    public static let signingFailure = Self(rawValue: "signing-failure")
}
