import UrnaCrypto

/// The voter client's side of token issuance (`Specs/election-record.md` §6): a fresh
/// credential, the blinded token message to send with the voter's id and activation code,
/// and the unblinding once the blind signature comes back.
public struct TokenRequest: Sendable {
    public let credential: Ed25519PrivateKey
    public let district: String
    /// `msg_prefix ‖ LP("urna/v1/token", election id, district id, credential)`.
    public let preparedMessage: [UInt8]
    /// What the voter sends to the service.
    public let blindedMessage: [UInt8]
    /// The unblinding factor: secret (it links the token to the blinded message the service saw).
    public let inverse: BlindRSA.Inverse

    /// A request restored from the client's storage, to retry it after a failure: the service
    /// answers the same blinded message with the same blind signature.
    public init(credential: Ed25519PrivateKey, district: String, preparedMessage: [UInt8], blindedMessage: [UInt8],
                inverse: BlindRSA.Inverse) {
        self.credential = credential
        self.district = district
        self.preparedMessage = preparedMessage
        self.blindedMessage = blindedMessage
        self.inverse = inverse
    }

    /// A token request for `credential` (a fresh key pair when nil).
    public static func make(electionID: String, district: String, tokenKey: BlindRSAPublicKey,
                            credential: Ed25519PrivateKey? = nil) throws -> TokenRequest {
        let credential = try credential ?? Ed25519PrivateKey()
        let message = try BlindRSA.tokenMessage(electionID: electionID, districtID: district,
                                                credentialPublicKey: credential.publicKey.rawRepresentation)
        let prepared = try tokenKey.prepare(message, variant: .sha384PSSRandomized)
        let (blinded, inverse) = try tokenKey.blind(prepared, variant: .sha384PSSRandomized)
        return TokenRequest(credential: credential, district: district, preparedMessage: prepared,
                            blindedMessage: blinded, inverse: inverse)
    }

    /// Unblinds and verifies the service's blind signature; the result goes into every ballot.
    public func finalize(blindSignature: [UInt8], tokenKey: BlindRSAPublicKey) throws -> Ballot.Token {
        let signature = try tokenKey.finalize(blindSignature, preparedMessage: preparedMessage, inverse: inverse,
                                              variant: .sha384PSSRandomized)
        return Ballot.Token(prefix: Array(preparedMessage.prefix(BlindRSA.messagePrefixLength)), signature: signature)
    }
}
