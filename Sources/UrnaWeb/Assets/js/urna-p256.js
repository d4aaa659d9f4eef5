// Urna browser crypto — NIST P-256 on BigInt (Specs/crypto.md §1). Defines Urna.p256.
// Points are Jacobian {X, Y, Z} (affine x = X/Z², y = Y/Z³); Z = 0 is the point at infinity O.
//
// Side channels, honestly: JavaScript BigInt arithmetic is variable-time (its cost depends on the
// operands' magnitudes) and the engine may optimise anything. What this file does for secret scalars
// (`mul`): a Montgomery ladder over a fixed 257-bit scalar (k + q or k + 2q, top bit always set), one
// addition and one doubling per bit whatever the bit is, and arithmetic (mask) conditional swaps, so
// the sequence of field operations does not depend on the scalar's bits. The exceptional-case
// branches of add/double (an operand at infinity, equal operands) cannot be reached from the ladder
// except with negligible probability or for k ≡ 0. `mulPublic` is plain double-and-add, for public
// scalars only (verification).
"use strict";
(function (U) {
  var B = U.bytes, E = U.Error;
  var p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
  var q = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  var b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
  var Gx = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
  var Gy = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;
  var TWO256 = 1n << 256n;

  function fm(a) { var r = a % p; return r < 0n ? r + p : r; }
  function finv(a) { return B.modPow(a, p - 2n, p); } // Fermat: same exponent for every input

  var INF = Object.freeze({ X: 1n, Y: 1n, Z: 0n });
  var G = Object.freeze({ X: Gx, Y: Gy, Z: 1n });

  function isInfinity(P) { return P.Z === 0n; }

  // dbl-2001-b (a = −3).
  function double(P) {
    if (P.Z === 0n || P.Y === 0n) return INF;
    var delta = fm(P.Z * P.Z), gamma = fm(P.Y * P.Y), beta = fm(P.X * gamma);
    var alpha = fm(3n * fm(P.X - delta) * fm(P.X + delta));
    var X3 = fm(alpha * alpha - 8n * beta);
    var Z3 = fm((P.Y + P.Z) * (P.Y + P.Z) - gamma - delta);
    var Y3 = fm(alpha * (4n * beta - X3) - 8n * fm(gamma * gamma));
    return { X: X3, Y: Y3, Z: Z3 };
  }

  // add-2007-bl.
  function add(P, Q) {
    if (P.Z === 0n) return Q;
    if (Q.Z === 0n) return P;
    var Z1Z1 = fm(P.Z * P.Z), Z2Z2 = fm(Q.Z * Q.Z);
    var U1 = fm(P.X * Z2Z2), U2 = fm(Q.X * Z1Z1);
    var S1 = fm(P.Y * Q.Z * Z2Z2), S2 = fm(Q.Y * P.Z * Z1Z1);
    var H = fm(U2 - U1), r = fm(2n * (S2 - S1));
    if (H === 0n) return r === 0n ? double(P) : INF;
    var I = fm(4n * H * H), J = fm(H * I), V = fm(U1 * I);
    var X3 = fm(r * r - J - 2n * V);
    var Y3 = fm(r * (V - X3) - 2n * S1 * J);
    var Z3 = fm(((P.Z + Q.Z) * (P.Z + Q.Z) - Z1Z1 - Z2Z2) * H);
    return { X: X3, Y: Y3, Z: Z3 };
  }

  function neg(P) { return P.Z === 0n ? INF : { X: P.X, Y: fm(-P.Y), Z: P.Z }; }
  function sub(P, Q) { return add(P, neg(Q)); }

  function cswap(R, S, bit) {
    var m = -BigInt(bit);
    var tX = m & (R.X ^ S.X), tY = m & (R.Y ^ S.Y), tZ = m & (R.Z ^ S.Z);
    return [{ X: R.X ^ tX, Y: R.Y ^ tY, Z: R.Z ^ tZ }, { X: S.X ^ tX, Y: S.Y ^ tY, Z: S.Z ^ tZ }];
  }

  // k·P for a secret scalar k (BigInt, reduced mod q here).
  function mul(k, P) {
    var kr = ((k % q) + q) % q;
    var k1 = kr + q, k2 = kr + 2n * q;
    var pick = BigInt(Number(k1 >> 256n)) ; // 1 if k + q already has bit 256 set
    var mask = -pick;
    var kk = (k1 & mask) | (k2 & ~mask);
    var R0 = P, R1 = double(P);
    for (var i = 255; i >= 0; i--) {
      var bit = Number((kk >> BigInt(i)) & 1n);
      var s = cswap(R0, R1, bit);
      var A = add(s[0], s[1]), D = double(s[0]);
      s = cswap(D, A, bit);
      R0 = s[0]; R1 = s[1];
    }
    return R0;
  }

  // k·P for a public scalar (variable time).
  function mulPublic(k, P) {
    var kr = ((k % q) + q) % q, R = INF, A = P;
    while (kr > 0n) {
      if (kr & 1n) R = add(R, A);
      A = double(A);
      kr >>= 1n;
    }
    return R;
  }

  function base(k) { return mul(k, G); }

  function toAffine(P) {
    if (P.Z === 0n) throw E("invalid-point", "the point at infinity has no affine coordinates");
    var zi = finv(P.Z), zi2 = fm(zi * zi);
    return { x: fm(P.X * zi2), y: fm(P.Y * zi2 * zi) };
  }

  function isOnCurve(x, y) { return fm(y * y) === fm(x * x * x - 3n * x + b); }

  function fromAffine(x, y) {
    if (x < 0n || x >= p || y < 0n || y >= p || !isOnCurve(x, y)) throw E("invalid-point", "not a point on P-256");
    return { X: x, Y: y, Z: 1n };
  }

  // SEC1 compressed, 33 bytes; O is the single byte 00.
  function encode(P) {
    if (P.Z === 0n) return new Uint8Array([0]);
    var a = toAffine(P);
    return B.concat([new Uint8Array([a.y & 1n ? 3 : 2]), B.fromBigInt(a.x, 32)]);
  }

  // Rejections in the order of Specs/crypto.md §1.1.
  function decode(bytes, allowInfinity) {
    if (bytes.length === 1 && bytes[0] === 0) {
      if (!allowInfinity) throw E("invalid-point", "the point at infinity is not allowed here");
      return INF;
    }
    if (bytes.length !== 33) throw E("invalid-point", "a point is 33 bytes SEC1 compressed, got " + bytes.length);
    if (bytes[0] !== 2 && bytes[0] !== 3) throw E("invalid-point", "a compressed point starts with 02 or 03");
    var x = B.toBigInt(bytes.subarray(1));
    if (x >= p) throw E("invalid-point", "x is not below p");
    var rhs = fm(x * x * x - 3n * x + b);
    var y = B.modPow(rhs, (p + 1n) / 4n, p);
    if (fm(y * y) !== rhs) throw E("invalid-point", "x is not on the curve");
    if (Number(y & 1n) !== (bytes[0] & 1)) y = fm(-y);
    return { X: x, Y: y, Z: 1n };
  }

  function encodeHex(P) { return B.toHex(encode(P)); }
  function decodeHex(h, allowInfinity) { return decode(B.fromHex(h), allowInfinity); }
  function equal(P, Q) { return B.equal(encode(P), encode(Q)); }

  // Scalars (§1.2): 32 bytes big-endian, < q.
  function scalarFromBytes(bytes) {
    if (bytes.length !== 32) throw E("invalid-scalar", "a scalar is 32 bytes, got " + bytes.length);
    var v = B.toBigInt(bytes);
    if (v >= q) throw E("invalid-scalar", "scalar is not below the group order");
    return v;
  }
  function scalarFromHex(h) { return scalarFromBytes(B.fromHex(h)); }
  function scalarToBytes(v) { return B.fromBigInt(((v % q) + q) % q, 32); }
  function scalarToHex(v) { return B.toHex(scalarToBytes(v)); }
  function reduce(bytes) { return B.toBigInt(bytes) % q; }
  function smod(v) { var r = v % q; return r < 0n ? r + q : r; }

  // Uniform in [1, q): redraw on 0 or ≥ q.
  function randomScalar() {
    for (;;) {
      var v = B.toBigInt(B.random(32));
      if (v !== 0n && v < q) return v;
    }
  }

  U.p256 = {
    p: p, q: q, b: b, G: G, INF: INF, TWO256: TWO256,
    isInfinity: isInfinity, add: add, double: double, neg: neg, sub: sub,
    mul: mul, mulPublic: mulPublic, base: base,
    toAffine: toAffine, fromAffine: fromAffine, isOnCurve: isOnCurve,
    encode: encode, decode: decode, encodeHex: encodeHex, decodeHex: decodeHex, equal: equal,
    scalarFromBytes: scalarFromBytes, scalarFromHex: scalarFromHex, scalarToBytes: scalarToBytes,
    scalarToHex: scalarToHex, reduce: reduce, mod: smod, randomScalar: randomScalar
  };
})(Urna);
