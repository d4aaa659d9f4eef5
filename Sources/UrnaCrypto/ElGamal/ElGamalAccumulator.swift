/// A running homomorphic sum of public ciphertexts (the tally's aggregates): both halves kept
/// as ``PointAccumulator``s, so adding a ballot costs no field inversion.
public struct ElGamalAccumulator: Sendable {
    private var a = PointAccumulator()
    private var b = PointAccumulator()

    /// The empty sum `(O, O)`.
    public init() {}

    public init(_ ciphertext: ElGamalCiphertext) { add(ciphertext) }

    public mutating func add(_ ciphertext: ElGamalCiphertext) {
        a.add(ciphertext.a)
        b.add(ciphertext.b)
    }

    public mutating func subtract(_ ciphertext: ElGamalCiphertext) {
        a.subtract(ciphertext.a)
        b.subtract(ciphertext.b)
    }

    /// The sum so far.
    public var ciphertext: ElGamalCiphertext { ElGamalCiphertext(a: a.point, b: b.point) }

    /// Many sums at once, sharing one field inversion.
    public static func ciphertexts(_ sums: [ElGamalAccumulator]) -> [ElGamalCiphertext] {
        let points = PointAccumulator.points(sums.flatMap { [$0.a, $0.b] })
        return stride(from: 0, to: points.count, by: 2).map { ElGamalCiphertext(a: points[$0], b: points[$0 + 1]) }
    }
}
