import UrnaCryptoBackend

/// PROTOTYPE (Tools/MSMLab): a scalar's limbs for the fast batch path, without the byte round trip.
extension Scalar {
    package var fastLimbs: P256Limbs { P256Limbs(l0, l1, l2, l3) }
}
