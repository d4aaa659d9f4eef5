/// Bounded discrete logarithm `m` of `M = m·G` for `0 ≤ m ≤ bound`, by baby-step giant-step
/// (`Specs/crypto.md` §3.3). The baby-step table is built once and reused for every
/// selection of a tally; `solve` costs at most ⌈√(bound+1)⌉ giant steps.
public final class DiscreteLogTable: Sendable {
    public let bound: Int
    private let stride: Int
    private let babySteps: [[UInt8]: Int]
    /// `−stride·G`, the giant step.
    private let giantStep: Point

    public init(bound: Int) throws {
        guard bound >= 0, bound <= 1 << 40 else {
            throw CryptoError(.invalidParameter, "discrete log bound \(bound) is outside [0, 2^40]")
        }
        var stride = 1
        while stride * stride < bound + 1 { stride += 1 }
        var table: [[UInt8]: Int] = [:]
        table.reserveCapacity(stride)
        let g = try Point.generator()
        var current = try Point.infinity()
        for j in 0..<stride {
            table[current.bytes] = j
            current = try current.adding(g)
        }
        self.bound = bound
        self.stride = stride
        self.babySteps = table
        self.giantStep = try Point.base(Scalar(UInt64(stride))).negated()
    }

    /// The `m` in `[0, bound]` with `M = m·G`, or a `discrete-log-out-of-range` error.
    public func solve(_ point: Point) throws -> Int {
        var gamma = point
        var i = 0
        while i * stride <= bound {
            if let j = babySteps[gamma.bytes] {
                let m = i * stride + j
                guard m <= bound else { break }
                return m
            }
            gamma = try gamma.adding(giantStep)
            i += 1
        }
        throw CryptoError(.discreteLogOutOfRange, "the plaintext is not in [0, \(bound)]")
    }
}

extension CryptoError.Code {
    /// A decrypted value lies outside the bound searched by baby-step giant-step.
    public static let discreteLogOutOfRange = Self(rawValue: "discrete-log-out-of-range")
}
