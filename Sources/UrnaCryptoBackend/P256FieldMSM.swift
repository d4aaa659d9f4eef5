/// PROTOTYPE (Tools/MSMLab): Pippenger bucket multi-scalar multiplication over P-256, on
/// ``P256FieldElement``. Not constant time: public data only (verification).
package enum P256MSM {
    /// Σ scalars[i]·points[i]. Scalars are canonical integers (< q, or any 256-bit value).
    /// `window` nil picks the window width from the point count.
    package static func sum(points: [P256Affine], scalars: [P256Limbs], window: Int? = nil) -> P256Jacobian {
        precondition(points.count == scalars.count)
        let n = points.count
        if n == 0 { return .infinity }
        let c = window ?? bestWindow(n)
        // Signed digits in [−2^(c−1), 2^(c−1)]: w windows cover 256 bits plus the final carry.
        let windows = (256 + c) / c
        let half = 1 << (c - 1)
        var digits = [Int32](repeating: 0, count: n * windows)
        // Top window holding a non-zero digit, per point (short scalars skip empty windows cheaply).
        var top = 0
        for i in 0..<n {
            let k = scalars[i]
            var carry = 0
            for w in 0..<windows {
                var d = Int(k.bits(at: w * c, count: c)) + carry
                if d > half { d -= 1 << c; carry = 1 } else { carry = 0 }
                digits[i * windows + w] = Int32(d)
                if d != 0, w > top { top = w }
            }
        }
        var buckets = [P256Jacobian](repeating: .infinity, count: half + 1)
        var total = P256Jacobian.infinity
        for w in stride(from: top, through: 0, by: -1) {
            for _ in 0..<c { total = total.doubled() }
            for k in 1...half { buckets[k] = .infinity }
            for i in 0..<n {
                let d = Int(digits[i * windows + w])
                if d > 0 {
                    buckets[d] = buckets[d].adding(points[i])
                } else if d < 0 {
                    buckets[-d] = buckets[-d].adding(points[i].negated)
                }
            }
            // Σ k·bucket[k] by running sums.
            var running = P256Jacobian.infinity, windowSum = P256Jacobian.infinity
            for k in stride(from: half, through: 1, by: -1) {
                running = running.adding(buckets[k])
                windowSum = windowSum.adding(running)
            }
            total = total.adding(windowSum)
        }
        return total
    }

    /// The window width minimizing (windows)·(n mixed additions + 2^(c−1)·2 full additions ≈ 1.6 mixed).
    package static func bestWindow(_ n: Int) -> Int {
        var best = 2, bestCost = Double.infinity
        for c in 2...16 {
            let windows = Double((256 + c) / c)
            let cost = windows * (Double(n) + Double(1 << (c - 1)) * 2 * 1.6) + windows * Double(c) * 0.8
            if cost < bestCost { bestCost = cost; best = c }
        }
        return best
    }

    /// Σ scalars[i]·points[i] the slow way (double-and-add per point): the test oracle.
    package static func naiveSum(points: [P256Affine], scalars: [P256Limbs]) -> P256Jacobian {
        var total = P256Jacobian.infinity
        for (point, k) in zip(points, scalars) { total = total.adding(P256Jacobian(point).multiplied(by: k)) }
        return total
    }
}
