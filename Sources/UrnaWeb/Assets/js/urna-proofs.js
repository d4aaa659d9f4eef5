// Urna browser crypto — the disjunctive range proof and the 0/1 selection proof
// (Specs/crypto.md §4.4, Specs/election-record.md §5.4). Defines Urna.proofs.
"use strict";
(function (U) {
  var P = U.p256, H = U.hash, B = U.bytes, E = U.Error;
  var TAG = "urna/v1/range", MAX_BRANCHES = 64;

  function checkRange(min, max) {
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max > 0xffffffff || max < min) {
      throw E("out-of-range", "range [" + min + ", " + max + "] must lie within [0, 2^32)");
    }
    if (max - min + 1 > MAX_BRANCHES) throw E("out-of-range", "a range has at most " + MAX_BRANCHES + " values");
  }

  function challengeParts(K, ct, min, max, commitments) {
    var parts = [P.encode(K), P.encode(ct.a), P.encode(ct.b), B.u32(min), B.u32(max)];
    for (var i = 0; i < commitments.length; i++) parts.push(P.encode(commitments[i].a), P.encode(commitments[i].b));
    return parts;
  }

  // Proves that ct = Enc(m; r) under K with m ∈ [min, max], under the 32-byte context digest ctx.
  // `fixed` (tests only) supplies {u, simulated: {ℓ: {c, v}}} instead of fresh random scalars.
  // Every branch is computed with the same formula a = v·G − c·A, b = v·K − c·B + (c·ℓ)·G. On the real
  // branch (ℓ = m) the pair is (v, c) = (u + t·r, t) for a fresh random mask t, which gives exactly
  // a = u·G and b = u·K (since A = r·G and B − m·G = r·K) with non-zero random scalars, so the work
  // done does not depend on which branch is real. t is never published.
  function rangeProve(ct, m, r, min, max, K, ctx, fixed) {
    checkRange(min, max);
    if (!Number.isInteger(m) || m < min || m > max) throw E("out-of-range", "plaintext is not in the range");
    var check = U.elgamal.encrypt(m, r, K);
    if (!P.equal(check.a, ct.a) || !P.equal(check.b, ct.b)) {
      throw E("invalid-parameter", "range proof: the ciphertext is not Enc(value; nonce)");
    }
    var u = fixed ? fixed.u : P.randomScalar();
    var branches = [], commitments = [];
    for (var ell = min; ell <= max; ell++) {
      var real = ell === m, c, v;
      if (real) {
        c = P.randomScalar();
        v = P.mod(u + c * r);
      } else if (fixed) {
        c = fixed.simulated[String(ell)].c;
        v = fixed.simulated[String(ell)].v;
      } else {
        c = P.randomScalar();
        v = P.randomScalar();
      }
      var a = P.add(P.base(v), P.mul(P.mod(-c), ct.a));
      var b = P.add(P.add(P.mul(v, K), P.mul(P.mod(-c), ct.b)), P.base(P.mod(c * BigInt(ell))));
      branches.push({ c: c, v: v });
      commitments.push({ a: a, b: b });
    }
    return H.challenge(TAG, ctx, challengeParts(K, ct, min, max, commitments)).then(function (total) {
      var others = 0n;
      for (var i = 0; i < branches.length; i++) if (min + i !== m) others += branches[i].c;
      var cm = P.mod(total - others);
      var out = [];
      for (var j = 0; j < branches.length; j++) {
        var isReal = min + j === m;
        out.push({
          a: P.encodeHex(commitments[j].a), b: P.encodeHex(commitments[j].b),
          challenge: P.scalarToHex(isReal ? cm : branches[j].c),
          response: P.scalarToHex(isReal ? P.mod(u + cm * r) : branches[j].v)
        });
      }
      return { min: min, branches: out };
    });
  }

  // The 0/1 proof of a selection is the range [0, 1].
  function selectionProve(ct, m, r, K, ctx, fixed) { return rangeProve(ct, m, r, 0, 1, K, ctx, fixed); }

  // Verifies a proof (JSON form) against the expected range; resolves true or rejects with an error
  // carrying code out-of-range / invalid-point / invalid-scalar / challenge-mismatch / proof-invalid.
  function rangeVerify(proof, ct, min, max, K, ctx) {
    return Promise.resolve().then(function () {
      checkRange(min, max);
      if (proof.min !== min || !Array.isArray(proof.branches) || proof.branches.length !== max - min + 1) {
        throw E("out-of-range", "range proof does not cover [" + min + ", " + max + "]");
      }
      if (P.isInfinity(K) || P.isInfinity(ct.a) || P.isInfinity(ct.b)) throw E("invalid-point", "infinity in statement");
      var br = proof.branches.map(function (x) {
        return { a: P.decodeHex(x.a), b: P.decodeHex(x.b), c: P.scalarFromHex(x.challenge), v: P.scalarFromHex(x.response) };
      });
      return H.challenge(TAG, ctx, challengeParts(K, ct, min, max, br)).then(function (total) {
        var sum = 0n;
        br.forEach(function (x) { sum += x.c; });
        if (P.mod(sum) !== total) throw E("challenge-mismatch", "branch challenges do not sum to the challenge");
        br.forEach(function (x, i) {
          var ell = BigInt(min + i);
          var l1 = P.mulPublic(x.v, P.G), r1 = P.add(x.a, P.mulPublic(x.c, ct.a));
          var l2 = P.mulPublic(x.v, K), r2 = P.add(x.b, P.mulPublic(x.c, P.sub(ct.b, P.mulPublic(ell, P.G))));
          if (!P.equal(l1, r1) || !P.equal(l2, r2)) throw E("proof-invalid", "branch " + (min + i) + " fails");
        });
        return true;
      });
    });
  }

  U.proofs = { rangeProve: rangeProve, selectionProve: selectionProve, rangeVerify: rangeVerify, TAG: TAG };
})(Urna);
