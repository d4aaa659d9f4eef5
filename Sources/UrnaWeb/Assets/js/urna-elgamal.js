// Urna browser crypto — exponential ElGamal on P-256 (Specs/crypto.md §3). Defines Urna.elgamal.
"use strict";
(function (U) {
  var P = U.p256, E = U.Error;

  // A = r·G, B = m·G + r·K. m is a small non-negative integer (Number or BigInt); r a secret scalar ≠ 0.
  function encrypt(m, r, K) {
    var mb = BigInt(m);
    if (mb < 0n) throw E("invalid-parameter", "plaintext " + m + " is negative");
    if (P.mod(r) === 0n) throw E("invalid-scalar", "the encryption nonce must not be zero");
    if (P.isInfinity(K)) throw E("invalid-point", "the public key is the point at infinity");
    return { a: P.base(r), b: P.add(P.base(mb), P.mul(r, K)) };
  }

  // Fresh nonce; the caller keeps r for proofs and to spoil the ballot.
  function encryptRandom(m, K) {
    var r = P.randomScalar();
    return { ciphertext: encrypt(m, r, K), nonce: r };
  }

  function add(c1, c2) { return { a: P.add(c1.a, c2.a), b: P.add(c1.b, c2.b) }; }

  function sum(list) {
    var acc = { a: P.INF, b: P.INF };
    for (var i = 0; i < list.length; i++) acc = add(acc, list[i]);
    return acc;
  }

  function toJSON(c) { return { a: P.encodeHex(c.a), b: P.encodeHex(c.b) }; }
  function fromJSON(j) { return { a: P.decodeHex(j.a), b: P.decodeHex(j.b) }; }

  U.elgamal = { encrypt: encrypt, encryptRandom: encryptRandom, add: add, sum: sum, toJSON: toJSON, fromJSON: fromJSON };
})(Urna);
