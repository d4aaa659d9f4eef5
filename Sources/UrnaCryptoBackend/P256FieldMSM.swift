/// Pippenger bucket multi-scalar multiplication over P-256, on ``P256FieldElement``.
/// Not constant time: public data only (verification). Tuned and checked in `Tools/MSMLab`.
package enum P256MSM {
    /// Below this many points Jacobian buckets are faster; above, affine buckets with batched
    /// inversions (the crossover measured by msm-lab on this machine).
    package static let batchAffineThreshold = 8192

    /// Σ scalars[i]·points[i], choosing the method by size. Scalars are canonical (< q).
    package static func combination(points: [P256Affine], scalars: [P256Limbs]) throws -> P256Jacobian {
        guard points.count == scalars.count else {
            throw CryptoError(.invalidParameter, "\(points.count) points but \(scalars.count) scalars")
        }
        return points.count >= batchAffineThreshold
            ? sumBatchAffine(points: points, scalars: scalars)
            : sum(points: points, scalars: scalars)
    }

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

    /// Signed window digits, windows × n (window-major), and the top non-zero window.
    static func signedDigits(_ scalars: [P256Limbs], c: Int) -> (digits: [Int32], windows: Int, top: Int) {
        let n = scalars.count
        let windows = (256 + c) / c
        let half = 1 << (c - 1)
        var digits = [Int32](repeating: 0, count: n * windows)
        var top = 0
        for i in 0..<n {
            let k = scalars[i]
            var carry = 0
            for w in 0..<windows {
                var d = Int(k.bits(at: w * c, count: c)) + carry
                if d > half { d -= 1 << c; carry = 1 } else { carry = 0 }
                digits[w * n + i] = Int32(d)
                if d != 0, w > top { top = w }
            }
        }
        return (digits, windows, top)
    }

    /// Pippenger with affine buckets: the additions into buckets are done in batches of independent
    /// (bucket, point) pairs sharing one inversion (Montgomery's trick): about 6M per addition
    /// instead of 11M for a mixed Jacobian addition. Equal x (P = ±bucket) falls back to the
    /// Jacobian formulas with its own inversion (rare; only repeated points cause it).
    package static func sumBatchAffine(points: [P256Affine], scalars: [P256Limbs], window: Int? = nil, batch requested: Int? = nil) -> P256Jacobian {
        precondition(points.count == scalars.count)
        let n = points.count
        if n == 0 { return .infinity }
        let c = window ?? bestWindowBatchAffine(n)
        let half = 1 << (c - 1)
        let (digits, _, top) = signedDigits(scalars, c: c)
        // A batch much smaller than the bucket count, so few additions collide on a bucket.
        let batch = requested ?? max(8, min(512, half / 2))   // measured best at c = 10, 11 (msm-lab sweep)
        var bucketStore = [P256Affine](repeating: P256Affine.generator, count: half + 1)
        var occupiedStore = [Bool](repeating: false, count: half + 1)
        var stampStore = [Int32](repeating: -1, count: half + 1)
        var itemStore = [Int32](repeating: 0, count: 2 * n + 2)
        var pendingBucketStore = [Int32](repeating: 0, count: batch)
        var pendingPointStore = [P256Affine](repeating: .generator, count: batch)
        var denominatorStore = [P256FieldElement](repeating: .one, count: batch), prefixStore = denominatorStore
        var total = P256Jacobian.infinity
        var round: Int32 = 0
        bucketStore.withUnsafeMutableBufferPointer { bucket in
        occupiedStore.withUnsafeMutableBufferPointer { occupied in
        stampStore.withUnsafeMutableBufferPointer { stamp in
        itemStore.withUnsafeMutableBufferPointer { itemBuffer in
        pendingBucketStore.withUnsafeMutableBufferPointer { pendingBucket in
        pendingPointStore.withUnsafeMutableBufferPointer { pendingPoint in
        denominatorStore.withUnsafeMutableBufferPointer { denominators in
        prefixStore.withUnsafeMutableBufferPointer { prefix in
        digits.withUnsafeBufferPointer { digits in
        points.withUnsafeBufferPointer { points in
        // items live in itemBuffer[0..<n] (current) and itemBuffer[n+1...] (deferred).
        for w in stride(from: top, through: 0, by: -1) {
            for _ in 0..<c { total = total.doubled() }
            for k in 0...half { occupied[k] = false }
            var count = 0
            let base = w * n
            for i in 0..<n where digits[base + i] != 0 { itemBuffer[count] = Int32(i); count += 1 }
            var current = 0, other = n + 1
            while count > 0 {
                var deferredCount = 0
                var filled = 0
                @inline(__always) func flush() {
                    guard filled > 0 else { return }
                    var acc = P256FieldElement.one
                    for j in 0..<filled { prefix[j] = acc; acc = acc * denominators[j] }
                    var inv = acc.inverse()
                    for j in stride(from: filled - 1, through: 0, by: -1) {
                        let dInv = inv * prefix[j]
                        inv = inv * denominators[j]
                        let b = Int(pendingBucket[j])
                        let p = pendingPoint[j], q = bucket[b]
                        let lambda = (p.y - q.y) * dInv
                        let x3 = lambda.squared() - q.x - p.x
                        bucket[b] = P256Affine(x: x3, y: lambda * (q.x - x3) - q.y)
                    }
                    filled = 0
                    round += 1
                }
                for slot in current..<(current + count) {
                    let item = itemBuffer[slot]
                    let i = Int(item)
                    let d = Int(digits[base + i])
                    let b = d > 0 ? d : -d
                    let p = d > 0 ? points[i] : points[i].negated
                    if !occupied[b] { bucket[b] = p; occupied[b] = true; continue }
                    if stamp[b] == round { itemBuffer[other + deferredCount] = item; deferredCount += 1; continue }
                    let q = bucket[b]
                    if p.x == q.x {
                        if p.y == q.y, let doubled = P256Jacobian(p).doubled().affine { bucket[b] = doubled } else { occupied[b] = false }
                        continue
                    }
                    stamp[b] = round
                    pendingBucket[filled] = Int32(b); pendingPoint[filled] = p
                    denominators[filled] = p.x - q.x
                    filled += 1
                    if filled == batch { flush() }
                }
                flush()
                count = deferredCount
                swap(&current, &other)
            }
            var running = P256Jacobian.infinity, windowSum = P256Jacobian.infinity
            for k in stride(from: half, through: 1, by: -1) {
                if occupied[k] { running = running.adding(bucket[k]) }
                windowSum = windowSum.adding(running)
            }
            total = total.adding(windowSum)
        }
        }}}}}}}}}}
        return total
    }

    /// As ``bestWindow(_:)`` with a bucket addition of ~0.55 mixed additions.
    package static func bestWindowBatchAffine(_ n: Int) -> Int {
        var best = 2, bestCost = Double.infinity
        for c in 2...18 {
            let windows = Double((256 + c) / c)
            let cost = windows * (Double(n) * 0.55 + Double(1 << (c - 1)) * 2.4) + windows * Double(c) * 0.8
            if cost < bestCost { bestCost = cost; best = c }
        }
        return best
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
