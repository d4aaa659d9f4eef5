import Foundation
import UrnaCrypto
import UrnaCryptoBackend

// msm-lab: measures the ways to verify ballots (issue 13) on this machine, in one run.
// Every fast routine is first checked against libcrypto on random inputs; the lab stops on a failure.
// Usage: msm-lab [ballots-per-chunk, default 128]

func report(_ name: String, _ value: Double, _ unit: String) {
    print("bench \(name) \(String(format: value >= 100 ? "%.0f" : "%.2f", value)) \(unit)")
    fflush(nil)
}

nonisolated(unsafe) var failedChecks = 0
func check(_ name: String, _ passed: Bool, _ detail: String = "") {
    print("check \(name) \(passed ? "PASS" : "FAIL") \(detail)")
    fflush(nil)
    if !passed { failedChecks += 1 }
}

func now() -> UInt64 { threadCPUNanoseconds() }   // thread CPU time: the machine is shared
/// Mean µs of `body` over `iterations` after one warm-up.
func micros(_ iterations: Int, _ body: () throws -> Void) rethrows -> Double {
    try body()
    let start = now()
    for _ in 0..<iterations { try body() }
    return Double(now() - start) / 1e3 / Double(iterations)
}

func randomBytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255) } }
func limbs(_ s: Scalar) -> P256Limbs { s.fastLimbs }
func fieldRandom() -> [UInt8] {
    while true {
        let b = randomBytes(32)
        if P256FieldElement(bytes: b[...]) != nil { return b }
    }
}

let chunkBallots = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 128 : 128
print("msm-lab: P-256 verification lab (times are this thread's CPU time), \(ProcessInfo.processInfo.activeProcessorCount) cores, one thread, chunk \(chunkBallots) ballots")

// MARK: 1. Correctness of the Swift field against libcrypto

do {
    var ok = true
    for _ in 0..<500 {
        let a = fieldRandom(), b = fieldRandom()
        let mine = (P256FieldElement(bytes: a[...])! * P256FieldElement(bytes: b[...])!).bytes
        if try mine != P256FieldLab.libcryptoModMul(a, b) { ok = false }
        let sum = (P256FieldElement(bytes: a[...])! + P256FieldElement(bytes: b[...])!).bytes
        let diff = (P256FieldElement(bytes: a[...])! - P256FieldElement(bytes: b[...])!).bytes
        let one = [UInt8](repeating: 0, count: 31) + [1]
        // a + b and a − b checked through mul by 1 is not an oracle; check (a+b)·1 − b = a instead.
        if (P256FieldElement(bytes: sum[...])! - P256FieldElement(bytes: b[...])!).bytes != a { ok = false }
        if (P256FieldElement(bytes: diff[...])! + P256FieldElement(bytes: b[...])!).bytes != a { ok = false }
        _ = one
    }
    check("field_mul_add_sub_vs_BN_mod_mul", ok, "500 random pairs")

    ok = true
    for _ in 0..<200 {
        let a = fieldRandom()
        if try P256FieldElement(bytes: a[...])!.inverse().bytes != P256FieldLab.libcryptoModInverse(a) { ok = false }
    }
    check("field_inverse_vs_BN_mod_inverse", ok, "200 random")

    ok = true
    var residues = 0
    for _ in 0..<400 {
        let a = fieldRandom()
        let mine = P256FieldElement(bytes: a[...])!.squareRoot()
        let theirs = try P256FieldLab.libcryptoModSqrt(a)
        switch (mine, theirs) {
        case (nil, nil): break
        case let (m?, t?):
            residues += 1
            let tEl = P256FieldElement(bytes: t[...])!
            if !(m == tEl || m == -tEl) { ok = false }
        default: ok = false
        }
    }
    check("field_sqrt_vs_BN_mod_sqrt", ok && residues > 100 && residues < 300, "400 random, \(residues) residues, non-residues refused by both")
}

// MARK: 2. Points: decompression, add, double vs libcrypto

var libPoints: [ECPointRef] = []      // random points, libcrypto form
var encodings: [[UInt8]] = []         // their SEC1 compressed bytes
var affinePoints: [P256Affine] = []   // ours
do {
    for _ in 0..<4096 {
        let point = try Point.base(Scalar.random())
        encodings.append(point.bytes)
    }
    var ok = true
    for bytes in encodings {
        let ref = try P256Backend.decode(bytes)
        libPoints.append(ref)
        guard let mine = P256Affine(compressed: bytes), let theirs = try P256FieldLab.affine(ref) else { ok = false; continue }
        if mine != theirs || mine.compressed != bytes { ok = false }
        affinePoints.append(mine)
    }
    check("decompress_vs_EC_POINT_oct2point", ok, "4096 random points, coordinates and re-encoding equal")

    // Rejections: x not on the curve, x ≥ p, bad prefix, bad length; libcrypto agrees on each.
    var agree = true, rejected = 0
    for trial in 0..<300 {
        var bytes: [UInt8]
        switch trial % 4 {
        case 0: bytes = [2 + UInt8(trial & 1)] + randomBytes(32)                         // ~half are off the curve
        case 1: bytes = [3] + [UInt8](repeating: 0xff, count: 32)                        // x ≥ p
        case 2: bytes = [4] + Array(encodings[trial].dropFirst())                        // wrong prefix
        default: bytes = Array(encodings[trial].dropLast())                               // wrong length
        }
        let mine = P256Affine(compressed: bytes)
        let theirs = try? P256Backend.decode(bytes)
        if mine == nil { rejected += 1 }
        if bytes.count == 33, bytes[0] == 2 || bytes[0] == 3 {
            if (mine == nil) != (theirs == nil) { agree = false }
            if let mine, let theirs, try P256FieldLab.affine(theirs) != mine { agree = false }
        } else if mine != nil { agree = false }
    }
    check("decompress_rejections_vs_libcrypto", agree, "300 malformed or off-curve inputs, \(rejected) rejected")

    ok = true
    for i in 0..<200 {
        let sum = try P256Backend.add(libPoints[i], libPoints[i + 1])
        let mine = P256Jacobian(affinePoints[i]).adding(affinePoints[i + 1]).affine
        let mineFull = P256Jacobian(affinePoints[i]).doubled().adding(P256Jacobian(affinePoints[i + 1]).doubled()).affine
        let twice = try P256Backend.add(sum, sum)
        if try mine != P256FieldLab.affine(sum) || mineFull != P256FieldLab.affine(twice) { ok = false }
        // P + P through the mixed and full additions (the doubling branch), P + (−P) = O.
        let d1 = P256Jacobian(affinePoints[i]).adding(affinePoints[i]).affine
        let d2 = P256Jacobian(affinePoints[i]).adding(P256Jacobian(affinePoints[i])).affine
        let d = try P256FieldLab.affine(P256Backend.add(libPoints[i], libPoints[i]))
        if d1 != d || d2 != d { ok = false }
        if !P256Jacobian(affinePoints[i]).adding(affinePoints[i].negated).isInfinity { ok = false }
    }
    let projective = (0..<300).map { P256Jacobian(affinePoints[$0]).doubled().adding(affinePoints[$0 + 1]) }
    let batch = P256Jacobian.batchAffine(projective)
    if zip(batch, projective).contains(where: { $0.0 != $0.1.affine }) { ok = false }
    check("point_add_double_vs_EC_POINT_add", ok, "200 random pairs: mixed, full, doubling, P−P, batch affine")
}

// MARK: 3. MSM vs naive sum and vs EC_POINTs_mul

func randomScalarLimbs(_ n: Int) throws -> [P256Limbs] { try (0..<n).map { _ in limbs(try Scalar.random()) } }
do {
    var ok = true
    for n in [1, 2, 3, 17, 64] {
        let scalars = try randomScalarLimbs(n)
        let pts = Array(affinePoints.prefix(n))
        let fast = P256MSM.sum(points: pts, scalars: scalars).affine
        if fast != P256MSM.naiveSum(points: pts, scalars: scalars).affine { ok = false }
        let lib = try P256FieldLab.libcryptoPointsMulPublic(generatorScalar: nil, points: Array(libPoints.prefix(n)),
                                                             scalars: scalars.map(\.bigEndianBytes))
        if try fast != P256FieldLab.affine(lib) { ok = false }
        for c in [2, 5, 9] where P256MSM.sum(points: pts, scalars: scalars, window: c).affine != fast { ok = false }
    }
    // Edge scalars: 0, 1, q − 1 (the digit carry past the top), repeated and opposite points.
    let q1 = P256Limbs(P256OrderElement.q.l0 - 1, P256OrderElement.q.l1, P256OrderElement.q.l2, P256OrderElement.q.l3)
    let edge: [P256Limbs] = [.zero, P256Limbs(1, 0, 0, 0), q1, q1, P256Limbs(5, 0, 0, 0), P256Limbs(5, 0, 0, 0)]
    let edgePoints = [affinePoints[0], affinePoints[1], affinePoints[2], affinePoints[2], affinePoints[3], affinePoints[3].negated]
    if P256MSM.sum(points: edgePoints, scalars: edge).affine != P256MSM.naiveSum(points: edgePoints, scalars: edge).affine { ok = false }
    let q1lib = try P256FieldLab.libcryptoPointsMulPublic(generatorScalar: nil, points: [libPoints[0]], scalars: [q1.bigEndianBytes])
    if try P256MSM.sum(points: [affinePoints[0]], scalars: [q1]).affine != P256FieldLab.affine(q1lib) { ok = false }
    // Batch-affine buckets: random, repeated and opposite points (the equal-x fallback), small batches.
    for n in [1, 5, 64, 300] {
        let scalars = try randomScalarLimbs(n)
        var pts = Array(affinePoints.prefix(n))
        if n > 4 { pts[1] = pts[0]; pts[2] = pts[0].negated; pts[3] = pts[0] }
        let reference = P256MSM.sum(points: pts, scalars: scalars).affine
        if reference != P256MSM.naiveSum(points: pts, scalars: scalars).affine { ok = false }
        for (c, b) in [(nil, nil), (3, 4), (8, 7), (6, 512)] as [(Int?, Int?)] where P256MSM.sumBatchAffine(points: pts, scalars: scalars, window: c, batch: b).affine != reference { ok = false }
    }
    if P256MSM.sumBatchAffine(points: edgePoints, scalars: edge).affine != P256MSM.naiveSum(points: edgePoints, scalars: edge).affine { ok = false }
    check("msm_vs_naive_and_EC_POINTs_mul", ok, "n = 1, 2, 3, 17, 64 random, windows 2/5/9/auto; edge scalars 0, 1, q−1, P and −P; batch-affine buckets n = 1, 5, 64, 300 with P, −P, P repeated")
}

// MARK: 4. Microbenchmarks: libcrypto baselines

let twoTerm: Double
do {
    let a = try Scalar.random(), b = try Scalar.random()
    let p = try Point.base(Scalar.random())
    twoTerm = try micros(2000) { _ = try Point.linearCombination(generatorScalar: a, [(b, p)]) }
    report("lib_two_term_aG_bP", twoTerm, "us")
    let pubTwo = try micros(2000) {
        _ = try P256FieldLab.libcryptoPointsMulPublic(generatorScalar: a.bytes, points: [libPoints[0]], scalars: [b.bytes])
    }
    report("lib_two_term_aG_bP_public_bn", pubTwo, "us")
    var i = 0
    report("lib_decompress", try micros(4000) { _ = try P256Backend.decode(encodings[i % 4096]); i += 1 }, "us")
    report("lib_decompress_Point_init", try micros(4000) { _ = try Point(bytes: encodings[i % 4096]); i += 1 }, "us")
    let residues = encodings.map { Array($0.dropFirst()) }.map { x -> [UInt8] in
        let xe = P256FieldElement(bytes: x[...])!
        return (xe * xe * xe - xe - xe - xe + P256FieldElement.b).bytes
    }
    report("lib_BN_mod_sqrt", try P256FieldLab.timeLibcryptoModSqrt(residues, iterations: 4000) / 1e3, "us")
    report("lib_BN_mod_mul", try P256FieldLab.timeLibcryptoModMul(iterations: 200_000), "ns")
    report("lib_point_add", try micros(20_000) { _ = try P256Backend.add(libPoints[i % 4095], libPoints[i % 4095 + 1]); i += 1 }, "us")
    report("lib_make_affine_batch256", try P256FieldLab.timeLibcryptoMakeAffine(Array(libPoints.prefix(256)), rounds: 20) / 1e3, "us/point")
    for n in [2, 16, 64, 256] {
        let scalars = try (0..<n).map { _ in try Scalar.random().bytes }
        let pts = Array(libPoints.prefix(n))
        let reps = max(3, 2000 / n)
        let t = try micros(reps) { _ = try P256Backend.linearCombination(generatorScalar: nil, points: pts, scalars: scalars) }
        report("lib_EC_POINTs_mul_n\(n)", t / Double(n), "us/point")
        let tp = try micros(reps) { _ = try P256FieldLab.libcryptoPointsMulPublic(generatorScalar: nil, points: pts, scalars: scalars) }
        report("lib_EC_POINTs_mul_public_bn_n\(n)", tp / Double(n), "us/point")
        let halfScalars = scalars.map { [UInt8](repeating: 0, count: 16) + $0.suffix(16) }
        let th = try micros(reps) { _ = try P256FieldLab.libcryptoPointsMulPublic(generatorScalar: nil, points: pts, scalars: halfScalars) }
        report("lib_EC_POINTs_mul_public_bn_n\(n)_128bit_scalars", th / Double(n), "us/point")
    }
}

// MARK: 5. Microbenchmarks: the Swift field and points

// 16384 distinct points for the large MSMs: P_i + G for the 4096 random ones, three times.
var manyPoints = affinePoints
for round in 1...3 {
    let shifted = P256Jacobian.batchAffine(affinePoints.map { P256Jacobian($0).adding(P256Jacobian(P256Affine.generator).multiplied(by: P256Limbs(UInt64(round), 0, 0, 0))) })
    manyPoints += shifted.map { $0! }
}
do {
    report("fast_field_mul", P256FieldLab.timeFieldMul(iterations: 2_000_000).ns, "ns")
    report("fast_field_square", P256FieldLab.timeFieldSquare(iterations: 2_000_000).ns, "ns")
    report("fast_field_add", P256FieldLab.timeFieldAdd(iterations: 5_000_000).ns, "ns")
    report("fast_field_inverse", P256FieldLab.timeFieldInverse(iterations: 20_000).ns / 1e3, "us")
    let rhs = affinePoints.map { P256Affine.rightHandSide($0.x) }
    report("fast_field_sqrt", P256FieldLab.timeFieldSqrt(rhs, iterations: 20_000).ns / 1e3, "us")
    report("fast_decompress", P256FieldLab.timeDecompress(encodings, iterations: 20_000).ns / 1e3, "us")
    let uncompressed = affinePoints.map { ($0.x.bytes, $0.y.bytes) }
    report("fast_parse_uncompressed_oncurve", P256FieldLab.timeUncompressed(uncompressed, iterations: 200_000).ns / 1e3, "us")
    report("fast_point_madd", P256FieldLab.timeMixedAdd(affinePoints, iterations: 500_000).ns, "ns")
    report("fast_point_add", P256FieldLab.timeJacobianAdd(affinePoints.prefix(512).map { P256Jacobian($0).doubled() }, iterations: 500_000).ns, "ns")
    report("fast_point_double", P256FieldLab.timeDouble(iterations: 500_000).ns, "ns")
    report("fast_order_mul", P256FieldLab.timeOrderMul(iterations: 2_000_000).ns, "ns")
    for n in [64, 256, 1024, 4096, 16384] {
        let scalars = try randomScalarLimbs(n)
        let pts = Array(manyPoints.prefix(n))
        var sink = false
        let t = micros(max(3, 4000 / n)) { sink = sink != P256MSM.sum(points: pts, scalars: scalars).isInfinity }
        report("fast_msm_n\(n)_c\(P256MSM.bestWindow(n))", t / Double(n), "us/point")
        let half = scalars.map { P256Limbs($0.l0, $0.l1, 0, 0) }
        let th = micros(max(3, 4000 / n)) { sink = sink != P256MSM.sum(points: pts, scalars: half).isInfinity }
        report("fast_msm_n\(n)_128bit_scalars", th / Double(n), "us/point")
        let tb = micros(max(3, 4000 / n)) { sink = sink != P256MSM.sumBatchAffine(points: pts, scalars: scalars).isInfinity }
        report("fast_msm_batchaffine_n\(n)_c\(P256MSM.bestWindowBatchAffine(n))", tb / Double(n), "us/point")
        let tbh = micros(max(3, 4000 / n)) { sink = sink != P256MSM.sumBatchAffine(points: pts, scalars: half).isInfinity }
        report("fast_msm_batchaffine_n\(n)_128bit_scalars", tbh / Double(n), "us/point")
        if sink { print("(sink)") }
    }
}

// Window sweep for the batch-affine MSM at the chunk's size (the cost model's choice is a guess).
do {
    let n = 16384
    let scalars = try randomScalarLimbs(n)
    let mixed = scalars.enumerated().map { $0.offset % 16 < 5 ? $0.element : P256Limbs($0.element.l0, $0.element.l1, 0, 0) }  // 20 full : 44 half, as a ballot
    let pts = Array(manyPoints.prefix(n))
    var sink = false
    for (c, b) in [(9, 64), (9, 128), (10, 64), (10, 128), (10, 256), (11, 256), (11, 512), (12, 512), (12, 1024)] {
        let t = micros(2) { sink = sink != P256MSM.sumBatchAffine(points: pts, scalars: mixed, window: c, batch: b).isInfinity }
        report("fast_msm_batchaffine_ballot_mix_n\(n)_c\(c)_batch\(b)", t * 64 / Double(n), "us/64 points")
    }
    let tj = micros(2) { sink = sink != P256MSM.sum(points: pts, scalars: mixed).isInfinity }
    report("fast_msm_jacobian_ballot_mix_n\(n)_c\(P256MSM.bestWindow(n))", tj * 64 / Double(n), "us/64 points")
    if sink { print("(sink)") }
}

// MARK: 6. Ballot-shaped batch: one contest, 10 candidates, vote for at most 1

struct LabBallot {
    var ciphertexts: [ElGamalCiphertext]
    var proofs: [RangeProof]
    var sumProof: RangeProof
    var contexts: [ProofContext]   // 10 selections then the sum
    /// y of every point (ciphertexts, then commitments), as a record storing y would carry them.
    var ys: [[UInt8]] = []
}

let secret = try Scalar.random()
let jointKey = try Point.base(secret)
func makeBallot(_ voter: Int) throws -> LabBallot {
    let choice = voter % 11   // 10 = blank
    var cts: [ElGamalCiphertext] = [], proofs: [RangeProof] = [], contexts: [ProofContext] = []
    var nonceSum = Scalar.zero
    let credential = randomBytes(32)
    for s in 0..<10 {
        let m = s == choice ? 1 : 0
        let (ct, r) = try ElGamalCiphertext.encrypt(m, publicKey: jointKey)
        let context = ProofContext([Array("election".utf8), Array("north".utf8), Array("mayor".utf8), Array("cand-\(s)".utf8), credential])
        proofs.append(try RangeProof.prove(ciphertext: ct, value: m, nonce: r, range: 0...1, publicKey: jointKey, context: context))
        cts.append(ct); contexts.append(context); nonceSum += r
    }
    let sum = try ElGamalCiphertext.sum(cts)
    let context = ProofContext([Array("election".utf8), Array("north".utf8), Array("mayor".utf8), [], credential])
    contexts.append(context)
    let sumProof = try RangeProof.prove(ciphertext: sum, value: choice < 10 ? 1 : 0, nonce: nonceSum, range: 0...1,
                                        publicKey: jointKey, context: context)
    var ballot = LabBallot(ciphertexts: cts, proofs: proofs, sumProof: sumProof, contexts: contexts)
    let all = cts.flatMap { [$0.a, $0.b] } + (proofs + [sumProof]).flatMap { $0.branches.flatMap { [$0.a, $0.b] } }
    ballot.ys = try all.map { try $0.affineCoordinates().y }
    return ballot
}

/// The fast path, from bytes: decode every point with our square root, sum the ciphertexts and
/// encode the sums (one batch inversion for the chunk), recompute every challenge from bytes,
/// assemble the randomly weighted coefficients, one Pippenger MSM. Returns whether it holds and
/// the time spent in each stage (ns).
struct FastTimes { var decode = 0.0, sums = 0.0, challenges = 0.0, coefficients = 0.0, msm = 0.0 }
/// With `storedY`, the points are read from x ‖ y (64 bytes, as a record carrying y would hold them)
/// and checked on the curve and against the compressed prefix's parity (the hashes keep the 33 bytes).
@inline(__always) func decodePoint(_ bytes: [UInt8], _ y: [UInt8]?) -> P256Affine? {
    guard let y else { return P256Affine(compressed: bytes) }
    guard bytes.count == 33, let point = P256Affine(uncompressedX: bytes[1...], y: y[...]), point.y.isOdd == (bytes[0] == 3) else { return nil }
    return point
}
func fastVerify(_ ballots: [LabBallot], key: [UInt8], storedY: Bool = false, times: inout FastTimes) throws -> Bool {
    var t = now()
    guard let K = P256Affine(compressed: key) else { return false }
    // Decode: per ballot 20 ciphertext points + 40 selection commitments + 4 sum commitments.
    var cts: [[(a: P256Affine, b: P256Affine)]] = []
    var commits: [[(a: P256Affine, b: P256Affine)]] = []   // 11 proofs × 2 branches, flattened per ballot
    for ballot in ballots {
        var c1: [(a: P256Affine, b: P256Affine)] = [], c2: [(a: P256Affine, b: P256Affine)] = []
        var yi = 0
        func y() -> [UInt8]? { defer { yi += 1 }; return storedY ? ballot.ys[yi] : nil }
        for ct in ballot.ciphertexts {
            guard let a = decodePoint(ct.a.bytes, y()), let b = decodePoint(ct.b.bytes, y()) else { return false }
            c1.append((a, b))
        }
        for proof in ballot.proofs + [ballot.sumProof] {
            for branch in proof.branches {
                guard let a = decodePoint(branch.a.bytes, y()), let b = decodePoint(branch.b.bytes, y()) else { return false }
                c2.append((a, b))
            }
        }
        cts.append(c1); commits.append(c2)
    }
    var t2 = now(); times.decode += Double(t2 - t); t = t2
    // Sums of the ciphertexts (for the sum proof's challenge), to affine in one inversion.
    var jac: [P256Jacobian] = []
    for c in cts {
        var sa = P256Jacobian(c[0].a), sb = P256Jacobian(c[0].b)
        for i in 1..<10 { sa = sa.adding(c[i].a); sb = sb.adding(c[i].b) }
        jac.append(sa); jac.append(sb)
    }
    let sums = P256Jacobian.batchAffine(jac)
    var sumBytes: [(a: [UInt8], b: [UInt8])] = []
    for i in 0..<ballots.count {
        guard let a = sums[2 * i], let b = sums[2 * i + 1] else { return false }
        sumBytes.append((a.compressed, b.compressed))
    }
    t2 = now(); times.sums += Double(t2 - t); t = t2
    // Challenges from bytes (the sum proof over the recomputed sum).
    let range = [DomainHash.uint32(0), DomainHash.uint32(1)]
    for (index, ballot) in ballots.enumerated() {
        for (s, proof) in (ballot.proofs + [ballot.sumProof]).enumerated() {
            let (aBytes, bBytes) = s < 10 ? (ballot.ciphertexts[s].a.bytes, ballot.ciphertexts[s].b.bytes) : sumBytes[index]
            var parts: [[UInt8]] = [key, aBytes, bBytes] + range
            for branch in proof.branches { parts.append(branch.a.bytes); parts.append(branch.b.bytes) }
            let c = Challenge.derive(tag: RangeProof.tag, context: ballot.contexts[s], parts)
            guard proof.branches[0].challenge + proof.branches[1].challenge == c else { return false }
        }
    }
    t2 = now(); times.challenges += Double(t2 - t); t = t2
    // Coefficients: weights w in [1, 2^128); commitments enter negated with the weight itself (128-bit).
    var points: [P256Affine] = [P256Affine.generator, K]
    var scalars: [P256Limbs] = [.zero, .zero]
    var gCoef = P256Limbs.zero, kCoef = P256Limbs.zero
    points.reserveCapacity(2 + 64 * ballots.count)
    scalars.reserveCapacity(2 + 64 * ballots.count)
    let weightBytes = try RandomBytes.generate(32 * 22 * ballots.count)
    var wi = 0
    func nextWeight() -> P256Limbs {
        var w = P256Limbs.zero
        for k in 0..<8 { w.l0 = w.l0 << 8 | UInt64(weightBytes[wi + k]); w.l1 = w.l1 << 8 | UInt64(weightBytes[wi + 8 + k]) }
        wi += 16
        if w.isZero { w.l0 = 1 }
        return w
    }
    for (index, ballot) in ballots.enumerated() {
        var aCoef = [P256Limbs](repeating: .zero, count: 11), bCoef = [P256Limbs](repeating: .zero, count: 11)
        for (s, proof) in (ballot.proofs + [ballot.sumProof]).enumerated() {
            for (ell, branch) in proof.branches.enumerated() {
                let c = P256OrderElement(integer: limbs(branch.challenge)), v = P256OrderElement(integer: limbs(branch.response))
                let w1 = nextWeight(), w2 = nextWeight()
                // w1·(v·G − c·A − a) + w2·(c·ℓ·G + v·K − c·B − b)
                let w2c = c.timesInteger(w2)
                gCoef = P256OrderElement.addMod(gCoef, v.timesInteger(w1))
                if ell == 1 { gCoef = P256OrderElement.addMod(gCoef, w2c) }
                kCoef = P256OrderElement.addMod(kCoef, v.timesInteger(w2))
                aCoef[s] = P256OrderElement.addMod(aCoef[s], P256OrderElement.negMod(c.timesInteger(w1)))
                bCoef[s] = P256OrderElement.addMod(bCoef[s], P256OrderElement.negMod(w2c))
                let commit = commits[index][2 * s + ell]
                points.append(commit.a.negated); scalars.append(w1)
                points.append(commit.b.negated); scalars.append(w2)
            }
        }
        // The sum proof's A and B are Σ A_i, Σ B_i: spread their coefficients onto the selections.
        for s in 0..<10 {
            points.append(cts[index][s].a); scalars.append(P256OrderElement.addMod(aCoef[s], aCoef[10]))
            points.append(cts[index][s].b); scalars.append(P256OrderElement.addMod(bCoef[s], bCoef[10]))
        }
    }
    scalars[0] = gCoef; scalars[1] = kCoef
    t2 = now(); times.coefficients += Double(t2 - t); t = t2
    // Jacobian buckets below ~8k points, affine buckets with batched inversions above (measured crossover).
    let result = points.count < 8192 ? P256MSM.sum(points: points, scalars: scalars) : P256MSM.sumBatchAffine(points: points, scalars: scalars)
    t2 = now(); times.msm += Double(t2 - t)
    return result.isInfinity
}

do {
    let n = chunkBallots
    let generation = now()
    let ballots = try (0..<n).map(makeBallot)
    print("msm-lab: made \(n) ballots in \(String(format: "%.1f", Double(now() - generation) / 1e9)) s")

    // Correctness of the fast batch: the honest chunk holds; a chunk with one altered response fails;
    // the sums equal libcrypto's.
    var times = FastTimes()
    check("fast_batch_accepts_valid_chunk", try fastVerify(ballots, key: jointKey.bytes, times: &times), "\(n) ballots, 64 points each")
    var bad = ballots
    let victim = bad[n / 2].proofs[3]
    let tampered = RangeProof(min: 0, branches: [victim.branches[0], RangeProof.Branch(
        a: victim.branches[1].a, b: victim.branches[1].b, challenge: victim.branches[1].challenge,
        response: victim.branches[1].response + Scalar.one)])
    bad[n / 2].proofs[3] = tampered
    var scratch = FastTimes()
    check("fast_batch_rejects_one_bad_response", try !fastVerify(bad, key: jointKey.bytes, times: &scratch), "ballot \(n / 2) selection 3 response + 1")
    var bad2 = ballots
    bad2[1].ciphertexts[0] = ElGamalCiphertext(a: bad2[1].ciphertexts[0].a, b: try bad2[1].ciphertexts[0].b.adding(Point.generator()))
    check("fast_batch_rejects_altered_ciphertext", try !fastVerify(bad2, key: jointKey.bytes, times: &scratch), "ballot 1 selection 0 B + G")
    // The same chunk through today's path agrees.
    var batch = BatchVerifier<Int>()
    for (index, ballot) in ballots.enumerated() {
        batch.add(label: index, proof: "ballot") {
            var eqs: [VerificationEquation] = []
            for s in 0..<10 {
                eqs += try ballot.proofs[s].equations(ciphertext: ballot.ciphertexts[s], range: 0...1, publicKey: jointKey, context: ballot.contexts[s])
            }
            eqs += try ballot.sumProof.equations(ciphertext: try ElGamalCiphertext.sum(ballot.ciphertexts), range: 0...1,
                                                 publicKey: jointKey, context: ballot.contexts[10])
            return eqs
        }
    }
    check("libcrypto_batch_agrees", try batch.verify().isEmpty, "BatchVerifier over the same \(n) ballots")

    // Timing: the fast path per ballot, by stage.
    times = FastTimes()
    let rounds = 3
    for _ in 0..<rounds { _ = try fastVerify(ballots, key: jointKey.bytes, times: &times) }
    let per = Double(rounds * n) * 1e3
    report("fast_ballot_decode_64_points", times.decode / per, "us/ballot")
    report("fast_ballot_ciphertext_sums", times.sums / per, "us/ballot")
    report("fast_ballot_challenges_11", times.challenges / per, "us/ballot")
    report("fast_ballot_coefficients", times.coefficients / per, "us/ballot")
    report("fast_ballot_msm", times.msm / per, "us/ballot")
    let fastProofs = (times.decode + times.sums + times.challenges + times.coefficients + times.msm) / per
    report("fast_ballot_proofs_total", fastProofs, "us/ballot")

    // The same with y stored beside x (each ballot carries the 32 bytes of y per point, from libcrypto).
    check("fast_batch_stored_y_accepts_valid_chunk", try fastVerify(ballots, key: jointKey.bytes, storedY: true, times: &scratch), "\(n) ballots")
    var timesY = FastTimes()
    for _ in 0..<rounds { _ = try fastVerify(ballots, key: jointKey.bytes, storedY: true, times: &timesY) }
    report("fast_stored_y_ballot_decode_64_points", timesY.decode / per, "us/ballot")
    let fastProofsY = (timesY.decode + timesY.sums + timesY.challenges + timesY.coefficients + timesY.msm) / per
    report("fast_stored_y_ballot_proofs_total", fastProofsY, "us/ballot")
    // Where the challenge stage goes: the domain hash alone, and the reduction mod q (library code as it is).
    let sampleParts: [[UInt8]] = [jointKey.bytes, ballots[0].ciphertexts[0].a.bytes, ballots[0].ciphertexts[0].b.bytes, DomainHash.uint32(0), DomainHash.uint32(1)]
        + ballots[0].proofs[0].branches.flatMap { [$0.a.bytes, $0.b.bytes] }
    let digest = DomainHash.hash(tag: RangeProof.tag, [ballots[0].contexts[0].digest] + sampleParts)
    report("lib_domain_hash_range_challenge", micros(20_000) { _ = DomainHash.hash(tag: RangeProof.tag, [ballots[0].contexts[0].digest] + sampleParts) }, "us")
    report("lib_scalar_reducing_digest", micros(20_000) { _ = Scalar(reducing: digest) }, "us")
    report("lib_scalar_mul", micros(200_000) { _ = ballots[0].proofs[0].branches[0].challenge * ballots[0].proofs[0].branches[0].response }, "us")

    // Today's path on the same chunk: libcrypto decode (Point(bytes:)) + equations + BatchVerifier.
    let encoded = ballots.map { b in (b.ciphertexts.flatMap { [$0.a.bytes, $0.b.bytes] } + (b.proofs + [b.sumProof]).flatMap { $0.branches.flatMap { [$0.a.bytes, $0.b.bytes] } }) }
    let libDecode = try micros(1) { for e in encoded { for bytes in e { _ = try Point(bytes: bytes) } } } / Double(n)
    report("lib_ballot_decode_64_points", libDecode, "us/ballot")
    let libBatch = try micros(1) {
        var batch = BatchVerifier<Int>()
        for (index, ballot) in ballots.enumerated() {
            batch.add(label: index, proof: "ballot") {
                var eqs: [VerificationEquation] = []
                for s in 0..<10 {
                    eqs += try ballot.proofs[s].equations(ciphertext: ballot.ciphertexts[s], range: 0...1, publicKey: jointKey, context: ballot.contexts[s])
                }
                eqs += try ballot.sumProof.equations(ciphertext: try ElGamalCiphertext.sum(ballot.ciphertexts), range: 0...1,
                                                     publicKey: jointKey, context: ballot.contexts[10])
                return eqs
            }
        }
        guard try batch.verify().isEmpty else { throw CryptoError(.proofInvalid, "lab batch failed") }
    } / Double(n)
    report("lib_ballot_equations_and_batch", libBatch, "us/ballot")
    report("lib_ballot_proofs_total", libDecode + libBatch, "us/ballot")

    // The rest of a ballot's checks: the credential's Ed25519 signature over ~6 KB, the RSA-3072 token.
    let credential = try Ed25519PrivateKey()
    let message = randomBytes(6_000)
    let signature = try credential.signature(for: message)
    let ed = try micros(2000) { try credential.publicKey.verify(signature: signature, for: message) }
    report("lib_ed25519_verify_6KB", ed, "us")
    let rsa = try BlindRSAPrivateKey.generate(bits: 3072)
    let variant = BlindRSA.Variant.sha384PSSRandomized
    let tokenMessage = try BlindRSA.tokenMessage(electionID: "e", districtID: "north", credentialPublicKey: randomBytes(32))
    let prepared = try rsa.publicKey.prepare(tokenMessage, variant: variant)
    let (blinded, inverse) = try rsa.publicKey.blind(prepared, variant: variant)
    let token = try rsa.publicKey.finalize(try rsa.blindSign(blinded), preparedMessage: prepared, inverse: inverse, variant: variant)
    let tokenCost = try micros(2000) { try rsa.publicKey.verify(token, preparedMessage: prepared, variant: variant) }
    report("lib_token_verify_rsa3072", tokenCost, "us")

    // Projection (per core): proofs + signature + token; target 6 × a·G + b·P.
    let target = 6 * twoTerm
    report("target_6x_two_term", target, "us/ballot")
    report("projected_today_lib", libDecode + libBatch + ed + tokenCost, "us/ballot")
    report("projected_fast", fastProofs + ed + tokenCost, "us/ballot")
    report("projected_fast_ratio_to_two_term", (fastProofs + ed + tokenCost) / twoTerm, "x")
    report("projected_fast_stored_y", fastProofsY + ed + tokenCost, "us/ballot")
    report("projected_fast_stored_y_ratio_to_two_term", (fastProofsY + ed + tokenCost) / twoTerm, "x")
}

print(failedChecks == 0 ? "msm-lab: all checks PASS" : "msm-lab: \(failedChecks) check(s) FAILED")
exit(failedChecks == 0 ? 0 : 1)
