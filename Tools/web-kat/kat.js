// Known-answer runner for the browser crypto (Sources/UrnaWeb/Assets/js). Plain script: defines
// UrnaKAT.run(files) → Promise<[{name, passed, total, failures: [text]}]> where `files` holds the parsed
// JSON of Tests/UrnaCryptoTests/Resources/{p256_scalar_mult_kat, web_kat, rfc9474_rsabssa, rfc8032_ed25519}.json
// as {p256, web, rsa, ed}.
"use strict";
var UrnaKAT = (function () {
  var U = Urna, B = U.bytes, P = U.p256;

  function group(name) {
    return { name: name, passed: 0, total: 0, failures: [] };
  }
  function check(g, label, ok, detail) {
    g.total += 1;
    if (ok) g.passed += 1; else g.failures.push(label + (detail ? ": " + detail : ""));
  }
  function attempt(g, label, body) {
    try { return body(); } catch (e) { check(g, label, false, String(e && e.message || e)); return undefined; }
  }
  function rejects(g, label, code, body) {
    try { body(); check(g, label, false, "accepted"); }
    catch (e) { check(g, label, e.code === code, "code " + e.code + " (want " + code + ")"); }
  }
  function hex64(v) { return B.toHex(B.fromBigInt(v, 32)); }
  function affineHex(Q) { var a = P.toAffine(Q); return [hex64(a.x), hex64(a.y)]; }
  function samePoint(Q, x, y) { var h = affineHex(Q); return h[0] === x && h[1] === y; }

  function p256Base(kat) {
    var g = group("p256-base-mult");
    kat.base_mult.vectors.forEach(function (v) {
      attempt(g, "k=" + v.k, function () {
        var Q = P.mul(BigInt(v.k), P.G);
        check(g, "k=" + v.k + " ladder", samePoint(Q, v.x, v.y));
        check(g, "k=" + v.k + " public", samePoint(P.mulPublic(BigInt(v.k), P.G), v.x, v.y));
        var enc = P.encode(Q), back = P.decode(enc);
        check(g, "k=" + v.k + " sec1", enc.length === 33 && enc[0] === (parseInt(v.y.slice(-1), 16) & 1 ? 3 : 2) &&
          B.toHex(enc.subarray(1)) === v.x && samePoint(back, v.x, v.y));
      });
    });
    check(g, "n*G = O", P.isInfinity(P.mul(P.q, P.G)) && P.encodeHex(P.mul(0n, P.G)) === "00");
    return g;
  }

  function p256Others(kat) {
    var g = group("p256-ecdh-ecdsa");
    var r5 = kat.rfc5903_ecdh;
    attempt(g, "rfc5903", function () {
      var i = BigInt("0x" + r5.i), r = BigInt("0x" + r5.r);
      var gi = P.base(i), gr = P.base(r);
      check(g, "rfc5903 gi", samePoint(gi, r5.gix, r5.giy));
      check(g, "rfc5903 gr", samePoint(gr, r5.grx, r5.gry));
      check(g, "rfc5903 i*gr", samePoint(P.mul(i, gr), r5.girx, r5.giry));
      check(g, "rfc5903 r*gi", samePoint(P.mul(r, gi), r5.girx, r5.giry));
    });
    var r6 = kat.rfc6979_a25;
    attempt(g, "rfc6979", function () {
      check(g, "rfc6979 U", samePoint(P.base(BigInt("0x" + r6.x)), r6.Ux, r6.Uy));
      r6.signatures_sha256.forEach(function (s) {
        var kx = P.toAffine(P.base(BigInt("0x" + s.k))).x % P.q;
        check(g, "rfc6979 r " + s.message, hex64(kx) === s.r);
      });
    });
    kat.nist_cavp_ecc_cdh.vectors.forEach(function (v, n) {
      attempt(g, "cavp " + n, function () {
        var Q = P.fromAffine(BigInt("0x" + v.Qx), BigInt("0x" + v.Qy));
        var Q2 = P.decode(P.encode(Q));
        check(g, "cavp " + n, hex64(P.toAffine(P.mul(BigInt("0x" + v.d), Q2)).x) === v.Z);
      });
    });
    return g;
  }

  function p256Rejects() {
    var g = group("p256-decoding-rejects");
    var Gc = P.encodeHex(P.G);
    rejects(g, "32 bytes", "invalid-point", function () { P.decodeHex(Gc.slice(0, 64)); });
    rejects(g, "34 bytes", "invalid-point", function () { P.decodeHex(Gc + "00"); });
    rejects(g, "prefix 04", "invalid-point", function () { P.decodeHex("04" + Gc.slice(2)); });
    rejects(g, "prefix 06", "invalid-point", function () { P.decodeHex("06" + Gc.slice(2)); });
    rejects(g, "x = p", "invalid-point", function () { P.decodeHex("02" + hex64(P.p)); });
    rejects(g, "x off curve", "invalid-point", function () { P.decodeHex("02" + hex64(1n)); });
    rejects(g, "infinity not allowed", "invalid-point", function () { P.decodeHex("00"); });
    check(g, "infinity allowed", P.isInfinity(P.decodeHex("00", true)));
    rejects(g, "upper-case hex", "invalid-encoding", function () { P.decodeHex(Gc.toUpperCase()); });
    rejects(g, "scalar = q", "invalid-scalar", function () { P.scalarFromHex(hex64(P.q)); });
    rejects(g, "scalar 31 bytes", "invalid-scalar", function () { P.scalarFromHex(hex64(1n).slice(2)); });
    check(g, "scalar 0 decodes", P.scalarFromHex(hex64(0n)) === 0n);
    check(g, "02/03 parity", P.equal(P.decodeHex((Gc[1] === "3" ? "02" : "03") + Gc.slice(2)), P.neg(P.G)));
    return g;
  }

  // Encodings the Swift decoder refuses / accepts (web_kat.json, checked by WebKATTests.swift).
  function p256Encodings(web) {
    var g = group("p256-encoding-vectors");
    web.invalid_points.forEach(function (h) {
      rejects(g, "refuse " + h, "invalid-point", function () { P.decodeHex(h); });
    });
    web.valid_points.forEach(function (h) {
      attempt(g, "accept " + h, function () { check(g, "accept " + h, P.encodeHex(P.decodeHex(h)) === h); });
    });
    return g;
  }

  function hashing(web) {
    var g = group("hash-to-challenge"), jobs = [];
    web.hash.forEach(function (v) {
      var parts = v.parts.map(B.fromHex);
      check(g, v.tag + " encoding", B.toHex(U.hash.encode(v.tag, parts)) === v.encoded);
      jobs.push(U.hash.hash(v.tag, parts).then(function (d) {
        check(g, v.tag + " hash", B.toHex(d) === v.hash);
        check(g, v.tag + " challenge", P.scalarToHex(P.reduce(d)) === v.challenge);
      }));
    });
    web.proof_context.forEach(function (v, n) {
      jobs.push(U.hash.proofContext(v.parts.map(B.fromHex)).then(function (d) {
        check(g, "context " + n, B.toHex(d) === v.digest);
      }));
    });
    var spec = "0000000975726e612f76312f74000000020102" + "00000000";
    check(g, "crypto.md §2 example", B.toHex(U.hash.encode("urna/v1/t", [new Uint8Array([1, 2]), new Uint8Array(0)])) === spec);
    return Promise.all(jobs).then(function () { return g; });
  }

  function elgamal(web) {
    var g = group("elgamal");
    var K = P.decodeHex(web.public_key);
    check(g, "public key", P.encodeHex(P.base(P.scalarFromHex(web.election_secret))) === web.public_key);
    web.elgamal.forEach(function (v) {
      attempt(g, "m=" + v.m, function () {
        var c = U.elgamal.encrypt(v.m, P.scalarFromHex(v.r), K);
        check(g, "m=" + v.m, P.encodeHex(c.a) === v.a && P.encodeHex(c.b) === v.b);
      });
    });
    rejects(g, "zero nonce", "invalid-scalar", function () { U.elgamal.encrypt(1, 0n, K); });
    rejects(g, "negative m", "invalid-parameter", function () { U.elgamal.encrypt(-1, 1n, K); });
    return g;
  }

  function rangeProofs(web) {
    return proofList(group("range-proofs"), web, web.range_proofs, "proof ");
  }

  // A contest: 0/1 proofs per selection, and the sum proof over the homomorphic sum (nonce Σr).
  function contest(web) {
    var g = group("contest-proofs"), K = P.decodeHex(web.public_key), c = web.contest;
    var cts = c.selections.map(function (v) { return U.elgamal.encrypt(v.m, P.scalarFromHex(v.r), K); });
    var sum = U.elgamal.toJSON(U.elgamal.sum(cts));
    check(g, "homomorphic sum", sum.a === c.sum.ciphertext.a && sum.b === c.sum.ciphertext.b);
    var rs = 0n;
    c.selections.forEach(function (v) { rs += P.scalarFromHex(v.r); });
    check(g, "nonce sum", P.scalarToHex(rs) === c.sum.r);
    return proofList(g, web, c.selections.concat([c.sum]), "contest ");
  }

  function tokenMessages(web) {
    var g = group("token-message");
    web.token_messages.forEach(function (v) {
      var m = U.blindrsa.tokenMessage(v.election, v.district, B.fromHex(v.credential));
      check(g, v.election + "/" + v.district, B.toHex(m) === v.message);
    });
    rejects(g, "31-byte credential", "invalid-parameter", function () { U.blindrsa.tokenMessage("e", "d", new Uint8Array(31)); });
    return g;
  }

  // Token keys as base64 SPKI DER: the canonical one parses to the RFC 9474 key; Swift's refusals
  // are refused here too.
  function tokenKeys(web) {
    var g = group("token-keys");
    web.token_keys.valid.forEach(function (v, n) {
      attempt(g, "valid " + n, function () {
        var key = U.blindrsa.publicKeyFromBase64(v.spki);
        check(g, "valid " + n, B.toHex(B.fromBigInt(key.n, v.n.length / 2)) === v.n && key.e === BigInt("0x" + v.e));
      });
    });
    web.token_keys.invalid.forEach(function (v) {
      try { U.blindrsa.publicKeyFromBase64(v.spki); check(g, "refuse " + v.why, false, "accepted"); }
      catch (e) { check(g, "refuse " + v.why, ["invalid-encoding", "invalid-key", "key-too-small"].indexOf(e.code) >= 0, e.code); }
    });
    var good = web.token_keys.valid[0].spki;
    rejects(g, "base64 without padding", "invalid-encoding", function () { U.blindrsa.publicKeyFromBase64(good.replace(/=+$/, "")); });
    rejects(g, "base64 with a line break", "invalid-encoding", function () { U.blindrsa.publicKeyFromBase64(good.slice(0, 64) + "\n" + good.slice(64)); });
    return g;
  }

  function proofList(g, web, list, prefix) {
    var K = P.decodeHex(web.public_key);
    var chain = Promise.resolve();
    list.forEach(function (v, n) {
      var label = prefix + n + " m=" + v.m + " [" + v.min + "," + v.max + "]";
      chain = chain.then(function () {
        var ctxParts = v.context.map(B.fromHex), r = P.scalarFromHex(v.r);
        var ct = U.elgamal.encrypt(v.m, r, K);
        check(g, label + " ciphertext", P.encodeHex(ct.a) === v.ciphertext.a && P.encodeHex(ct.b) === v.ciphertext.b);
        var sim = {};
        Object.keys(v.simulated).forEach(function (k) {
          sim[k] = { c: P.scalarFromHex(v.simulated[k].c), v: P.scalarFromHex(v.simulated[k].v) };
        });
        return U.hash.proofContext(ctxParts).then(function (ctx) {
          return U.proofs.rangeProve(ct, v.m, r, v.min, v.max, K, ctx, { u: P.scalarFromHex(v.u), simulated: sim })
            .then(function (proof) {
              check(g, label + " prove", JSON.stringify(proof) === JSON.stringify({ min: v.min, branches: v.branches }),
                JSON.stringify(proof));
              return U.proofs.rangeVerify({ min: v.min, branches: v.branches }, ct, v.min, v.max, K, ctx);
            }).then(function (ok) {
              check(g, label + " verify", ok === true);
              var forged = JSON.parse(JSON.stringify(v.branches));
              forged[0].response = P.scalarToHex(P.scalarFromHex(forged[0].response) + 1n);
              return U.proofs.rangeVerify({ min: v.min, branches: forged }, ct, v.min, v.max, K, ctx)
                .then(function () { check(g, label + " forged rejected", false, "accepted"); },
                  function (e) { check(g, label + " forged rejected", e.code === "proof-invalid", e.code); });
            }).then(function () {
              return U.proofs.rangeProve(ct, v.m, r, v.min, v.max, K, ctx).then(function (fresh) {
                return U.proofs.rangeVerify(fresh, ct, v.min, v.max, K, ctx);
              }).then(function (ok) { check(g, label + " random prove+verify", ok === true); });
            });
        });
      }).catch(function (e) { check(g, label, false, String(e && e.message || e)); });
    });
    return chain.then(function () { return g; });
  }

  function blindRSA(rsa) {
    var g = group("rfc9474-blinding"), R = U.blindrsa, chain = Promise.resolve();
    rsa.vectors.forEach(function (v) {
      chain = chain.then(function () {
        var key = { n: BigInt("0x" + v.n), e: BigInt("0x" + v.e) };
        var modBits = B.bitLength(key.n), sLen = v.salt.length / 2;
        var msg = B.fromHex(v.msg), input = B.fromHex(v.prepared_msg), inv = BigInt("0x" + v.inv);
        if (v.msg_prefix) {
          check(g, v.name + " prepare", B.toHex(R.prepare(msg, B.fromHex(v.msg_prefix)).inputMsg) === v.prepared_msg);
        }
        return R.pssEncode(input, modBits - 1, B.fromHex(v.salt)).then(function (em) {
          check(g, v.name + " encoded_msg", B.toHex(em) === v.encoded_msg);
          return R.blind(key, input, sLen, { salt: B.fromHex(v.salt), inv: inv });
        }).then(function (bl) {
          check(g, v.name + " blinded_msg", B.toHex(bl.blindedMsg) === v.blinded_msg);
          return R.finalize(key, input, B.fromHex(v.blind_sig), inv, sLen);
        }).then(function (sig) {
          check(g, v.name + " sig", B.toHex(sig) === v.sig);
          var bad = B.fromHex(v.sig); bad[bad.length - 1] ^= 1;
          return R.verify(key, input, bad, sLen);
        }).then(function (ok) {
          check(g, v.name + " tampered sig rejected", ok === false);
          return R.verify(key, input, B.fromHex(v.sig), sLen === 0 ? 48 : 0);
        }).then(function (ok) {
          check(g, v.name + " wrong salt length rejected", ok === false);
          return R.blind(key, input, sLen);
        }).then(function (fresh) {
          // Round trip with a random salt and r, signing with d (as the service would).
          var blindSig = B.fromBigInt(B.modPow(B.toBigInt(fresh.blindedMsg), BigInt("0x" + v.d), key.n), fresh.blindedMsg.length);
          return R.finalize(key, input, blindSig, fresh.inv, sLen);
        }).then(function () { check(g, v.name + " random round trip", true); });
      }).catch(function (e) { check(g, v.name, false, String(e && e.message || e)); });
    });
    return chain.then(function () {
      check(g, "token message", B.toHex(R.tokenMessage("e", "d", new Uint8Array(32))) ===
        B.toHex(U.hash.encode("urna/v1/token", ["e", "d", new Uint8Array(32)])));
      return g;
    });
  }

  // A group that throws outside its own checks counts as one failure, never as silence.
  function guarded(name, body) {
    try { return Promise.resolve(body()).catch(function (e) { return broken(name, e); }); }
    catch (e) { return Promise.resolve(broken(name, e)); }
  }
  function broken(name, e) {
    var g = group(name);
    check(g, "group", false, String(e && e.message || e));
    return g;
  }

  function run(files) {
    var out = [], web = files.web;
    return guarded("p256-base-mult", function () { return p256Base(files.p256); }).then(function (g) {
      out.push(g);
      return guarded("p256-ecdh-ecdsa", function () { return p256Others(files.p256); });
    }).then(function (g) {
      out.push(g);
      return guarded("p256-decoding-rejects", p256Rejects);
    }).then(function (g) {
      out.push(g);
      return guarded("p256-encoding-vectors", function () { return p256Encodings(web); });
    }).then(function (g) {
      out.push(g);
      return guarded("elgamal", function () { return elgamal(files.web); });
    }).then(function (g) {
      out.push(g);
      return guarded("hash-to-challenge", function () { return hashing(files.web); });
    }).then(function (g) {
      out.push(g);
      return guarded("range-proofs", function () { return rangeProofs(files.web); });
    }).then(function (g) {
      out.push(g);
      return guarded("contest-proofs", function () { return contest(files.web); });
    }).then(function (g) {
      out.push(g);
      return guarded("token-message", function () { return tokenMessages(files.web); });
    }).then(function (g) {
      out.push(g);
      return guarded("token-keys", function () { return tokenKeys(files.web); });
    }).then(function (g) {
      out.push(g);
      return guarded("rfc9474-blinding", function () { return blindRSA(files.rsa); });
    }).then(function (g) {
      out.push(g);
      return guarded("ed25519-webcrypto", function () { return ed25519(files.ed); });
    }).then(function (g) { out.push(g); return out; });
  }

  // Ed25519 through WebCrypto: RFC 8032 §7.1 vectors (sign is deterministic), a tampered signature,
  // the S ≥ L malleated signature, and a fresh key round trip.
  function ed25519(ed) {
    var g = group("ed25519-webcrypto"), X = U.ed25519, chain = Promise.resolve();
    ed.cases.forEach(function (v) {
      var msg = B.fromHex(v.message), pub = B.fromHex(v.publicKey);
      chain = chain.then(function () {
        return X.importSeed(B.fromHex(v.secretKey)).then(function (key) {
          return X.publicKeyOf(key).then(function (p) {
            check(g, v.name + " public key", B.toHex(p) === v.publicKey);
            return X.sign(key, msg);
          });
        }).then(function (sig) {
          check(g, v.name + " signature", B.toHex(sig) === v.signature);
          return X.verify(pub, msg, B.fromHex(v.signature));
        }).then(function (ok) {
          check(g, v.name + " verify", ok === true);
          var bad = B.fromHex(v.signature); bad[0] ^= 1;
          return X.verify(pub, msg, bad);
        }).then(function (ok) { check(g, v.name + " tampered rejected", ok === false); });
      }).catch(function (e) { check(g, v.name, false, String(e && e.message || e)); });
    });
    return chain.then(function () {
      var m = ed.malleable;
      return X.verify(B.fromHex(m.publicKey), B.fromHex(m.message), B.fromHex(m.signature)).then(function (ok) {
        check(g, "S >= L rejected", ok === false);
      });
    }).then(function () {
      return X.generate();
    }).then(function (cred) {
      var msg = B.utf8("urna credential round trip");
      return X.sign(cred.privateKey, msg).then(function (sig) {
        return Promise.all([X.verify(cred.publicKey, msg, sig), X.importSeed(cred.seed).then(X.publicKeyOf)]);
      }).then(function (r) {
        check(g, "fresh key round trip", r[0] === true && B.equal(r[1], cred.publicKey));
      });
    }).then(function () { return g; });
  }

  // Times one 10-candidate, vote-for-one contest: 10 encryptions, 10 0/1 proofs and the [1, 1]
  // sum proof, with fresh randomness (what the booth will do). Resolves to milliseconds; the proofs
  // are verified afterwards (not timed) so a broken prover cannot report a fast time.
  function timeBallot(web, candidates) {
    var K = P.decodeHex(web.public_key), ctx = new Uint8Array(32), start = performance.now();
    var sels = [], rs = 0n;
    for (var i = 0; i < candidates; i++) {
      var e = U.elgamal.encryptRandom(i === 3 ? 1 : 0, K);
      rs += e.nonce;
      sels.push(e);
    }
    var jobs = sels.map(function (e, i) { return U.proofs.selectionProve(e.ciphertext, i === 3 ? 1 : 0, e.nonce, K, ctx); });
    var total = U.elgamal.sum(sels.map(function (e) { return e.ciphertext; }));
    jobs.push(U.proofs.rangeProve(total, 1, P.mod(rs), 1, 1, K, ctx));
    return Promise.all(jobs).then(function (proofs) {
      var ms = performance.now() - start;
      var checks = proofs.map(function (proof, i) {
        return i < candidates ? U.proofs.rangeVerify(proof, sels[i].ciphertext, 0, 1, K, ctx)
          : U.proofs.rangeVerify(proof, total, 1, 1, K, ctx);
      });
      return Promise.all(checks).then(function () { return ms; });
    });
  }

  return { run: run, timeBallot: timeBallot };
})();
