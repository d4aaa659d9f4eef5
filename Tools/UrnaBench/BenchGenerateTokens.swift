import UrnaCrypto
import UrnaRecord

/// Who signs a generated voter's token: the baseline generator's two-prime key, blindly as the
/// service does, or the fast generator's many-prime key, directly.
protocol BenchTokenSigner: Sendable {
    var publicKey: BlindRSAPublicKey { get }
    func token(electionID: String, district: String) throws -> (Ed25519PrivateKey, Ballot.Token)
}

extension BlindRSAPrivateKey: BenchTokenSigner {
    func token(electionID: String, district: String) throws -> (Ed25519PrivateKey, Ballot.Token) {
        try BenchRecord.blindToken(electionID: electionID, district: district, key: publicKey, signing: self)
    }
}

extension RSAManyPrimeSigner: BenchTokenSigner {
    func token(electionID: String, district: String) throws -> (Ed25519PrivateKey, Ballot.Token) {
        try BenchRecord.directToken(electionID: electionID, district: district, key: publicKey,
                                    sign: { try self.signPrepared($0, variant: .sha384PSSRandomized) })
    }
}

/// A generated voter's credential and token.
extension BenchRecord {
    /// As a voter and the service do it: the voter blinds (RFC 9474 Blind: two inverses mod n,
    /// about 2 ms at 3,072 bits), the service signs blindly, the voter unblinds and checks.
    static func blindToken(electionID: String, district: String, key: BlindRSAPublicKey,
                           signing: BlindRSAPrivateKey) throws -> (Ed25519PrivateKey, Ballot.Token) {
        let request = try TokenRequest.make(electionID: electionID, district: district, tokenKey: key)
        let token = try request.finalize(blindSignature: signing.blindSign(request.blindedMessage), tokenKey: key)
        return (request.credential, token)
    }

    /// The same token signed directly: the generator plays voter and service at once, so there
    /// is nothing to blind. The result is the value Finalize would give (a randomized
    /// RSASSA-PSS signature of the prepared message), with one RSA private operation and no inverse.
    static func directToken(electionID: String, district: String, key: BlindRSAPublicKey,
                            sign: ([UInt8]) throws -> [UInt8]) throws -> (Ed25519PrivateKey, Ballot.Token) {
        let credential = try Ed25519PrivateKey()
        let message = try BlindRSA.tokenMessage(electionID: electionID, districtID: district,
                                                credentialPublicKey: credential.publicKey.rawRepresentation)
        let prepared = try key.prepare(message, variant: .sha384PSSRandomized)
        let signature = try sign(prepared)
        return (credential, Ballot.Token(prefix: Array(prepared.prefix(BlindRSA.messagePrefixLength)), signature: signature))
    }
}
