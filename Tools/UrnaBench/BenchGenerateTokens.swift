import UrnaCrypto
import UrnaRecord

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
                            signing: BlindRSAPrivateKey) throws -> (Ed25519PrivateKey, Ballot.Token) {
        let credential = try Ed25519PrivateKey()
        let message = try BlindRSA.tokenMessage(electionID: electionID, districtID: district,
                                                credentialPublicKey: credential.publicKey.rawRepresentation)
        let prepared = try key.prepare(message, variant: .sha384PSSRandomized)
        let signature = try signing.signPrepared(prepared, variant: .sha384PSSRandomized)
        return (credential, Ballot.Token(prefix: Array(prepared.prefix(BlindRSA.messagePrefixLength)), signature: signature))
    }
}
