import UrnaRecord
import UrnaTrustee

/// Signing hostile trustee bodies as their trustee would (`Specs/crypto.md` §6): a test that
/// alters a trustee body to reach a check behind the identity signature re-signs it with the
/// trustee's own key file, so that the check it targets, not `identity.signature`, is what fails.
extension ElectionFixture {
    /// `body` signed with the identity key of trustee ``TrusteeSignedBody/signer`` (1-based).
    func signed<Body: TrusteeSignedBody>(_ body: Body) throws -> Body {
        try keyFiles[body.signer - 1].sign(body, setupDigest: ElectionBody.setupDigest(bodyBytes: electionBytes))
    }

    /// The stored bytes of a trustee entry re-signed by its trustee after an edit; other kinds,
    /// and bodies that no longer decode (or name no trustee of the election), are returned as is.
    func resigned(kind: String, body: [UInt8]) -> [UInt8] {
        func again<Body: TrusteeSignedBody>(_ type: Body.Type) -> [UInt8] {
            guard let decoded = try? CanonicalJSON.decode(type, from: body), keyFiles.indices.contains(decoded.signer - 1),
                  let bytes = try? CanonicalJSON.encode(try signed(decoded)) else { return body }
            return bytes
        }
        switch EntryKind(rawValue: kind) {
        case .trusteePledge: return again(TrusteePledgeBody.self)
        case .trusteeCommitment: return again(TrusteeCommitmentBody.self)
        case .complaint: return again(ComplaintBody.self)
        case .trusteeCheck: return again(TrusteeCheckBody.self)
        case .tallyShare: return again(TallyShareBody.self)
        default: return body
        }
    }
}
