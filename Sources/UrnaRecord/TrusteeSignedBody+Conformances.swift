/// The trustee bodies signed with an identity key (`Specs/crypto.md` §6) and who signs each.
extension TrusteePledgeBody: TrusteeSignedBody {
    public static var entryKind: EntryKind { .trusteePledge }
    public var signer: Int { trustee }
    public func withIdentitySignature(_ signature: HexBytes?) -> Self {
        Self(trustee: trustee, commitmentsHash: commitmentsHash, identitySignature: signature)
    }
}

extension TrusteeCommitmentBody: TrusteeSignedBody {
    public static var entryKind: EntryKind { .trusteeCommitment }
    public var signer: Int { trustee }
    public func withIdentitySignature(_ signature: HexBytes?) -> Self {
        Self(trustee: trustee, commitments: commitments, proof: proof, shares: shares, identitySignature: signature)
    }
}

extension ComplaintBody: TrusteeSignedBody {
    public static var entryKind: EntryKind { .complaint }
    /// A complaint is signed by its accuser.
    public var signer: Int { accuser }
    public func withIdentitySignature(_ signature: HexBytes?) -> Self {
        Self(accuser: accuser, accused: accused, sharedPoint: sharedPoint, proof: proof, identitySignature: signature)
    }
}

extension TrusteeCheckBody: TrusteeSignedBody {
    public static var entryKind: EntryKind { .trusteeCheck }
    public var signer: Int { trustee }
    public func withIdentitySignature(_ signature: HexBytes?) -> Self {
        Self(trustee: trustee, complaints: complaints, signature: self.signature, identitySignature: signature)
    }
}

extension TallyShareBody: TrusteeSignedBody {
    public static var entryKind: EntryKind { .tallyShare }
    public var signer: Int { trustee }
    public func withIdentitySignature(_ signature: HexBytes?) -> Self {
        Self(trustee: trustee, shares: shares, identitySignature: signature)
    }
}
