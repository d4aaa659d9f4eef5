/// Fixed-base multiplication `k·P` for one point P known in advance (G, an election's joint key),
/// by a precomputed table of `w`-bit windows: entry `(i, j)` is `j·2^(w·i)·P` for `j` in `1..<2^w`.
/// Then `k·P = Σᵢ table(i, digitᵢ(k))`: one mixed addition per nonzero window and no doubling
/// (64 additions for w = 4, 32 for w = 8, the default: 8,160 points, 522 KB), against about 256
/// doublings and 50 additions for a variable-base multiplication.
///
/// NOT constant time, like the rest of our field code: the table index is the scalar's digit and
/// the additions branch on their inputs, so the timing and the memory accesses depend on `k`.
/// Use it only where no adversary can observe the timing of a secret scalar's use (the benchmark
/// and load generators, the demo's simulated voters); a real voter's client encrypts through
/// libcrypto's constant-time `EC_POINTs_mul`.
package struct P256Comb: Sendable {
    /// Bits per window.
    package let windowBits: Int
    private let windows: Int
    private let perWindow: Int
    /// Window i's entries at `i·perWindow + j − 1`.
    private let entries: [P256Affine]

    /// The table of `point` (never infinity: its multiples `j·2^(w·i)` are all below the order q,
    /// so no entry is infinity either). `windowBits` in 2...8.
    package init(_ point: P256Affine, windowBits: Int = 8) {
        let bits = Swift.min(Swift.max(windowBits, 2), 8)
        self.windowBits = bits
        windows = (256 + bits - 1) / bits
        perWindow = (1 << bits) - 1
        var jacobians: [P256Jacobian] = []
        jacobians.reserveCapacity(windows * perWindow)
        var base = P256Jacobian(point)
        for _ in 0..<windows {
            var multiple = base
            for _ in 0..<perWindow {
                jacobians.append(multiple)
                multiple = multiple.adding(base)
            }
            base = multiple   // 2^w · base
        }
        // Every entry is finite (see above); compactMap only drops what cannot occur.
        entries = P256Jacobian.batchAffine(jacobians).compactMap { $0 }
    }

    /// Whether the table is whole (it always is for a finite point; a defensive check for callers).
    package var isComplete: Bool { entries.count == windows * perWindow }

    /// `k·P` for any 256-bit `k` (reduced or not: the windows cover all 256 bits).
    @inline(__always)
    package func multiplied(by k: P256Limbs) -> P256Jacobian {
        var acc = P256Jacobian.infinity
        let mask = UInt64(perWindow)
        for window in 0..<windows {
            let start = window * windowBits
            let digit = Int(k.bits(at: start, count: Swift.min(windowBits, 256 - start)) & mask)
            if digit != 0 { acc = acc.adding(entries[window * perWindow + digit - 1]) }
        }
        return acc
    }
}
