import Testing
@testable import UrnaCrypto
import UrnaCryptoBackend

/// Our own P-256 field code (decoding, sums, the verification MSM) against libcrypto.
@Suite struct FastPointTests {
    /// A point made by libcrypto (`k·G`) and the same point decoded by our square root.
    @Test func decodingAgreesWithLibcrypto() throws {
        for _ in 0..<64 {
            let made = try Point.base(Scalar.random())
            let decoded = try Point(bytes: made.bytes)
            #expect(decoded == made)
            #expect(try decoded.affineCoordinates() == made.affineCoordinates())
            let libcrypto = try P256Backend.affineCoordinates(P256Backend.decode(made.bytes))
            #expect(try decoded.affineCoordinates() == libcrypto)
            // The other parity is the negation.
            let flipped = try Point(bytes: [made.bytes[0] ^ 1] + made.bytes.dropFirst())
            #expect(flipped == (try made.negated()))
        }
    }

    /// Every 33-byte string is accepted by ours exactly when libcrypto accepts it, with the same y.
    @Test func decodingRefusesExactlyWhatLibcryptoRefuses() throws {
        let p = try Hex.decode("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff")
        var edges: [[UInt8]] = [
            [UInt8](repeating: 0, count: 32), [UInt8](repeating: 0, count: 31) + [1],
            [UInt8](repeating: 0xff, count: 32), p,
        ]
        var pMinus1 = p; pMinus1[31] -= 1
        let pPlus1 = try Hex.decode("ffffffff00000001000000000000000000000001000000000000000000000000")
        edges += [pMinus1, pPlus1]
        var candidates: [[UInt8]] = edges.flatMap { x -> [[UInt8]] in [[2] + x, [3] + x] }
        for _ in 0..<200 {
            let x = try RandomBytes.generate(32)
            candidates.append([UInt8.random(in: 2...3)] + x)
        }
        var accepted = 0
        for bytes in candidates {
            let ours = try? Point(bytes: bytes)
            let theirs = try? P256Backend.decode(bytes)
            #expect((ours == nil) == (theirs == nil), "disagree on \(bytes.hex)")
            if let ours, let theirs {
                accepted += 1
                #expect(try ours.affineCoordinates() == P256Backend.affineCoordinates(theirs))
            }
        }
        #expect(accepted > 50 && accepted < candidates.count - 50, "about half of all x are on the curve")
    }

    /// A decoded point's libcrypto form, made on first use, gives the same products.
    @Test func libcryptoFormOfADecodedPoint() throws {
        let a = try Scalar.random(), k = try Scalar.random()
        let decoded = try Point(bytes: Point.base(a).bytes)
        #expect(try decoded.multiplied(by: k) == Point.base(a * k))
        #expect(try decoded.adding(decoded) == Point.base(a + a))
        #expect(try decoded.subtracting(decoded).isInfinity)
        #expect(try Point.infinity().adding(decoded) == decoded)
    }

    /// Σ kᵢ·(aᵢ·G) + g·G is the identity exactly when g = −Σ kᵢ·aᵢ, at sizes on both sides of
    /// the MSM's method switch, with repeated and opposite points, zero and q − 1 scalars, and
    /// the point at infinity among the terms.
    @Test(arguments: [0, 1, 2, 7, 64, 300, P256MSM.batchAffineThreshold + 3])
    func publicCombinationMatchesScalarArithmetic(count: Int) throws {
        var logs: [Scalar] = []
        var points: [Point] = []
        let distinct = min(count, 97)
        for index in 0..<distinct {
            let a = try Scalar.random()
            logs.append(a)
            points.append(index == 0 ? try Point.base(a) : try Point(bytes: Point.base(a).bytes))
        }
        var terms: [(Scalar, Point)] = []
        var exponent = Scalar.zero
        for index in 0..<count {
            let which = index % max(distinct, 1)
            var scalar: Scalar
            switch index % 11 {
            case 3: scalar = .zero
            case 5: scalar = -Scalar.one
            default: scalar = try Scalar.random()
            }
            var point = points[which], log = logs[which]
            if index % 13 == 4 { point = try point.negated(); log = -log }
            terms.append((scalar, point))
            exponent += scalar * log
        }
        if count > 2 { terms.append((try Scalar.random(), try Point.infinity())) }
        #expect(try Point.publicCombinationIsIdentity(generatorScalar: -exponent, terms))
        #expect(try !Point.publicCombinationIsIdentity(generatorScalar: -exponent + .one, terms))
        if let first = terms.first, !first.0.isZero, !first.1.isInfinity {
            var altered = terms
            altered[0] = (first.0 + .one, first.1)
            #expect(try !Point.publicCombinationIsIdentity(generatorScalar: -exponent, altered))
        }
        if count > 0, count < 100 {
            // And equals libcrypto's EC_POINTs_mul.
            let expected = try Point.linearCombination(generatorScalar: .one, terms.filter { !$0.1.isInfinity })
            #expect(try Point.publicCombinationIsIdentity(generatorScalar: .one, terms + [(-Scalar.one, expected)]))
        }
    }

    @Test func accumulatorMatchesLibcryptoAdditions() throws {
        let logs = try (0..<20).map { _ in try Scalar.random() }
        let points = try logs.map { try Point(bytes: Point.base($0).bytes) }
        var accumulator = PointAccumulator()
        #expect(accumulator.point.isInfinity)
        for point in points { accumulator.add(point) }
        accumulator.add(points[0])                      // a repeated point: the doubling case
        accumulator.subtract(points[1])
        let expected = logs.reduce(Scalar.zero, +) + logs[0] - logs[1]
        #expect(accumulator.point == (try Point.base(expected)))
        // P + (−P) is the identity; adding the identity changes nothing.
        var cancel = PointAccumulator()
        cancel.add(points[2]); cancel.subtract(points[2]); cancel.add(try Point.infinity())
        #expect(cancel.point.isInfinity)
        #expect(try Point.sum(points) == Point.base(logs.reduce(Scalar.zero, +)))
        #expect(try Point.sum([]).isInfinity)
        let many = PointAccumulator.points([accumulator, cancel, PointAccumulator()])
        #expect(many == [accumulator.point, cancel.point, cancel.point])
    }
}
