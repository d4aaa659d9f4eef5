import UrnaCryptoBackend

/// A scalar's limbs (canonical, < q) for the verification MSM, without the byte round trip.
extension Scalar {
    package var fastLimbs: P256Limbs { P256Limbs(l0, l1, l2, l3) }
}
