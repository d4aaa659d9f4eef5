// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part07: [(String, String)] = [
        ("js/urna-ballot.js", #"""
// Urna browser crypto — assembling, signing, auditing and self-checking a ballot
// (Specs/election-record.md §4.1 election hash, §4.7 spoiled body, §5 ballots). Defines Urna.ballot.
// Needs urna-bytes, urna-p256, urna-hash, urna-elgamal, urna-proofs, urna-blindrsa, urna-ed25519.
// Every function that hashes or signs returns a Promise (WebCrypto is asynchronous).
// Errors carry the codes Urna reports (election-record.md §5.5, BallotBuilder.validate):
// wrong-election, unknown-district, ballot-shape, sum-out-of-range, bad-credential, bad-token,
// bad-signature, bad-proof, spoiled-mismatch, invalid-manifest, invalid-encoding, invalid-parameter.
"use strict";
(function (U) {
  var B = U.bytes, P = U.p256, H = U.hash, G = U.elgamal, E = U.Error;
  var IDENT = /^[A-Za-z0-9._-]{1,64}$/;
  var HEX = /^(?:[0-9a-f]{2})*$/;

  // ---- Canonical JSON (RFC 8785 for Urna's bodies: integers only, election-record.md §1) ----

  function wellFormed(s) {
    return typeof s.isWellFormed === "function" ? s.isWellFormed()
      : !/[\ud800-\udbff](?![\udc00-\udfff])|(?:^|[^\ud800-\udbff])[\udc00-\udfff]/.test(s);
  }

  // The JCS text of `value`: members sorted by UTF-16 code units, no white space, strings escaped
  // as JSON.stringify does (only " \ and U+0000–U+001F, lowercase \u00xx), integers below 2^53.
  function jcs(value) {
    if (value === null) return "null";
    switch (typeof value) {
      case "boolean": return value ? "true" : "false";
      case "number":
        if (!Number.isSafeInteger(value)) throw E("invalid-encoding", "canonical JSON holds only integers below 2^53, not " + value);
        return Object.is(value, -0) ? "0" : String(value);
      case "string":
        if (!wellFormed(value)) throw E("invalid-encoding", "a string holds a lone surrogate");
        return JSON.stringify(value);
      case "object":
        if (Array.isArray(value)) return "[" + value.map(jcs).join(",") + "]";
        var keys = Object.keys(value).sort();
        return "{" + keys.map(function (k) {
          if (value[k] === undefined) throw E("invalid-encoding", "member '" + k + "' is undefined");
          return jcs(k) + ":" + jcs(value[k]);
        }).join(",") + "}";
      default:
        throw E("invalid-encoding", "canonical JSON cannot hold a " + typeof value);
    }
  }

  // A stored body (Uint8Array of its bytes, or the same text) → {bytes, value}; refuses what is
  // not exactly the JCS form of its parsed value (a verifier refuses such a body, §1).
  function storedBody(body, what) {
    var bytes, text;
    if (body instanceof Uint8Array) {
      bytes = body;
      try { text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes); }
      catch (e) { throw E("invalid-encoding", what + ": not UTF-8"); }
    } else if (typeof body === "string") {
      text = body;
      bytes = B.utf8(text);
    } else {
      throw E("invalid-parameter", what + ": pass the stored body bytes (Uint8Array) or their text");
    }
    var value;
    try { value = JSON.parse(text); } catch (e) { throw E("invalid-encoding", what + ": not JSON"); }
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw E("invalid-encoding", what + ": not a JSON object");
    if (jcs(value) !== text) throw E("invalid-encoding", what + ": not the canonical JSON (RFC 8785) of its value");
    return { bytes: bytes, value: value };
  }

  function need(cond, code, reason) { if (!cond) throw E(code, reason); }
  function isInt(x) { return Number.isSafeInteger(x); }
  function hex(text, length, code, what) {
    need(typeof text === "string" && HEX.test(text) && (length === undefined || text.length === 2 * length),
      code, what + ": expected " + (length === undefined ? "" : length + " bytes of ") + "lowercase hex");
    return B.fromHex(text);
  }

  // ---- Election context (§2, §4.1, §4.5) ----

  // The manifest indexed per district, with the structural rules a client relies on (§2).
  function indexManifest(m, tokenKeys) {
    var bad = "invalid-manifest";
    need(m && typeof m === "object" && IDENT.test(m.election_id), bad, "manifest.election_id: not an identifier");
    need(Array.isArray(m.contests) && m.contests.length >= 1, bad, "manifest.contests: at least one contest");
    need(Array.isArray(m.districts) && m.districts.length >= 1, bad, "manifest.districts: at least one district");
    var contests = {};
    m.contests.forEach(function (c, i) {
      var at = "manifest.contests[" + i + "]";
      need(c && IDENT.test(c.id) && !Object.prototype.hasOwnProperty.call(contests, c.id), bad, at + ".id: not a unique identifier");
      need(Array.isArray(c.candidates) && c.candidates.length >= 1 && c.candidates.length <= 64, bad, at + ".candidates: 1–64");
      var seen = {};
      var candidates = c.candidates.map(function (x, j) {
        need(x && IDENT.test(x.id) && !seen[x.id], bad, at + ".candidates[" + j + "].id: not a unique identifier");
        seen[x.id] = true;
        return { id: x.id, name: x.name };
      });
      need(isInt(c.min) && isInt(c.max) && c.min >= 0 && c.min <= c.max && c.max >= 1 && c.max <= candidates.length &&
        c.max - c.min + 1 <= 64, bad, at + ": min/max break 0 ≤ min ≤ max, 1 ≤ max ≤ candidates, max − min < 64");
      contests[c.id] = { id: c.id, title: c.title, min: c.min, max: c.max, candidates: candidates };
    });
    var districts = {};
    m.districts.forEach(function (d, i) {
      var at = "manifest.districts[" + i + "]";
      need(d && IDENT.test(d.id) && !Object.prototype.hasOwnProperty.call(districts, d.id), bad, at + ".id: not a unique identifier");
      need(Array.isArray(d.contests) && d.contests.length >= 1, bad, at + ".contests: at least one");
      var seen = {};
      districts[d.id] = {
        id: d.id, name: d.name,
        contests: d.contests.map(function (id) {
          need(Object.prototype.hasOwnProperty.call(contests, id) && !seen[id], bad, at + ".contests: '" + id + "' unknown or repeated");
          seen[id] = true;
          return contests[id];
        })
      };
    });
    var keys = Object.keys(tokenKeys || {});
    need(keys.length === Object.keys(districts).length && keys.every(function (k) {
      return Object.prototype.hasOwnProperty.call(districts, k) && typeof tokenKeys[k] === "string";
    }), bad, "token_keys: need exactly one key per district");
    return districts;
  }

  // context(electionBody, jointKeyBody) → Promise of the election context.
  // electionBody: the stored body bytes of the `election` entry (Uint8Array, or the same text): the
  // election hash covers those exact bytes, so a parsed object is not accepted. jointKeyBody: the
  // `joint-key` entry body as bytes, text or parsed object (only `joint_key` is used).
  function context(electionBody, jointKeyBody) {
    return Promise.resolve().then(function () {
      var election = storedBody(electionBody, "election body");
      var body = election.value;
      need(body.version === 1, "invalid-manifest", "version: expected 1");
      var jk = (jointKeyBody instanceof Uint8Array || typeof jointKeyBody === "string")
        ? storedBody(jointKeyBody, "joint-key body").value : jointKeyBody;
      need(jk && typeof jk.joint_key === "string", "invalid-parameter", "joint-key body: no joint_key");
      var K = P.decodeHex(jk.joint_key);
      var manifest = body.manifest;
      var districts = indexManifest(manifest, body.token_keys);
      return H.hash("urna/v1/election-hash", [election.bytes, P.encode(K)]).then(function (electionHash) {
        return {
          electionID: manifest.election_id, title: manifest.title, electionHash: electionHash,
          electionHashHex: B.toHex(electionHash), manifest: manifest, districts: districts,
          tokenKeys: body.token_keys, jointKey: K, jointKeyHex: P.encodeHex(K),
          spoilLimit: manifest.spoil_limit, revoting: manifest.revoting, electionBodyBytes: election.bytes
        };
      });
    });
  }

  function districtOf(ctx, district) {
    need(typeof district === "string" && Object.prototype.hasOwnProperty.call(ctx.districts, district),
      "unknown-district", "district '" + district + "' is not in the manifest");
    return ctx.districts[district];
  }

  // ---- Choices (BallotBuilder.validate, in its order) ----

  // Checks `choices` (contest id → array of candidate ids) for `district`; returns them normalized:
  // every contest of the district's ballot → sorted array (empty when nothing is chosen).
  function validateChoices(ctx, district, choices) {
    var d = districtOf(ctx, district);
    need(choices && typeof choices === "object" && !Array.isArray(choices), "invalid-parameter", "choices: an object contest id → [candidate ids]");
    var onBallot = {};
    d.contests.forEach(function (c) { onBallot[c.id] = c; });
    Object.keys(choices).forEach(function (id) {
      need(Object.prototype.hasOwnProperty.call(onBallot, id), "ballot-shape", "contest '" + id + "' is not on district '" + district + "' ballot");
    });
    var out = {};
    d.contests.forEach(function (c) {
      var chosen = Object.prototype.hasOwnProperty.call(choices, c.id) ? choices[c.id] : [];
      need(Array.isArray(chosen), "invalid-parameter", "choices['" + c.id + "']: an array of candidate ids");
      var seen = {};
      chosen.forEach(function (id) {
        need(typeof id === "string" && c.candidates.some(function (x) { return x.id === id; }),
          "ballot-shape", "contest '" + c.id + "' has no candidate '" + id + "'");
        need(!seen[id], "ballot-shape", "contest '" + c.id + "': candidate '" + id + "' chosen twice");
        seen[id] = true;
      });
      need(chosen.length >= c.min && chosen.length <= c.max, "sum-out-of-range",
        "contest '" + c.id + "': " + chosen.length + " selections; " + c.min + "–" + c.max + " allowed");
      out[c.id] = chosen.slice().sort();
    });
    return out;
  }

  // ---- Canonical bytes, tracking code (§5.2, §5.3) ----

  function proofBytes(proof) {
    var list = [B.u32(proof.min), B.u32(proof.branches.length)];
    proof.branches.forEach(function (br) {
      list.push(hex(br.a, 33, "invalid-encoding", "proof branch a"), hex(br.b, 33, "invalid-encoding", "proof branch b"),
        hex(br.challenge, 32, "invalid-encoding", "proof challenge"), hex(br.response, 32, "invalid-encoding", "proof response"));
    });
    return B.concat(list);
  }

  // C = LP("urna/v1/ballot", flat list of §5.2) for a ballot object (§5.1 JSON form).
  function canonicalBytes(ballot) {
    var parts = [
      hex(ballot.election_hash, 32, "invalid-encoding", "election_hash"), B.utf8(ballot.district),
      hex(ballot.credential, 32, "invalid-encoding", "credential"), hex(ballot.token.prefix, undefined, "invalid-encoding", "token.prefix"),
      hex(ballot.token.signature, undefined, "invalid-encoding", "token.signature"), B.u32(ballot.contests.length)
    ];
    ballot.contests.forEach(function (c) {
      parts.push(B.utf8(c.id), B.u32(c.selections.length));
      c.selections.forEach(function (s) {
        parts.push(B.utf8(s.id), hex(s.ciphertext.a, 33, "invalid-encoding", "ciphertext a"),
          hex(s.ciphertext.b, 33, "invalid-encoding", "ciphertext b"), proofBytes(s.proof));
      });
      parts.push(proofBytes(c.sum_proof));
    });
    return H.encode("urna/v1/ballot", parts);
  }

  // tracking code = H("urna/v1/tracking-code", C, S) → Promise of 64 lowercase hex digits.
  function trackingCode(ballot) {
    return Promise.resolve().then(function () {
      var sig = hex(ballot.signature, 64, "invalid-encoding", "signature");
      return H.hash("urna/v1/tracking-code", [canonicalBytes(ballot), sig]);
    }).then(B.toHex);
  }

  // The first 16 hex digits in groups of four: 3f2a-91bc-0d4e-77a1.
  function shortCode(code) {
    need(typeof code === "string" && HEX.test(code) && code.length >= 16, "invalid-parameter", "a tracking code is lowercase hex");
    return [0, 4, 8, 12].map(function (i) { return code.slice(i, i + 4); }).join("-");
  }

  // [election hash, district, contest, selection or ε, credential] (§5.4).
  function proofContext(electionHash, district, contest, selection, credential) {
    return H.proofContext([electionHash, district, contest, selection || "", credential]);
  }

  // ---- Building (BallotBuilder.encrypt) ----

  // build(ctx, district, credential {privateKey: CryptoKey, publicKey: Uint8Array(32)},
  //       token {prefix: hex, signature: hex}, choices {contest: [candidate ids]} [, fixed])
  // → Promise of {ballot, json, nonces {contest: {candidate: scalar hex}}, choices, trackingCode, shortCode}.
  // `fixed` (tests only): {nonces: {contest: {candidate: hex}}, selectionProofs: {contest: {candidate:
  // {u, simulated: {ℓ: {c, v}}}}}, sumProofs: {contest: {u, simulated}}} with hex scalars.
  function build(ctx, district, credential, token, choices, fixed) {
    return Promise.resolve().then(function () {
      var chosen = validateChoices(ctx, district, choices);
      need(credential && credential.publicKey instanceof Uint8Array && credential.publicKey.length === 32 && credential.privateKey,
        "bad-credential", "the credential needs privateKey and a 32-byte publicKey");
      need(token && typeof token.prefix === "string" && typeof token.signature === "string", "bad-token", "the token needs prefix and signature (hex)");
      hex(token.prefix, 32, "bad-token", "token.prefix");
      need(HEX.test(token.signature) && token.signature.length > 0, "bad-token", "token.signature: lowercase hex");
      var K = ctx.jointKey, eh = ctx.electionHash, cred = credential.publicKey;
      var nonces = {}, jobs = [];
      var contests = districtOf(ctx, district).contests.map(function (c) {
        var cs = chosen[c.id], rsum = 0n, cts = [];
        nonces[c.id] = {};
        var selections = c.candidates.map(function (cand) {
          var m = cs.indexOf(cand.id) >= 0 ? 1 : 0;
          var r = fixed ? P.scalarFromHex(fixed.nonces[c.id][cand.id]) : P.randomScalar();
          var ct = G.encrypt(m, r, K);
          rsum += r;
          cts.push(ct);
          nonces[c.id][cand.id] = P.scalarToHex(r);
          var sel = { id: cand.id, ciphertext: G.toJSON(ct), proof: null };
          jobs.push(proofContext(eh, district, c.id, cand.id, cred).then(function (pc) {
            return U.proofs.selectionProve(ct, m, r, K, pc, fixed && fixedProof(fixed.selectionProofs[c.id][cand.id]));
          }).then(function (proof) { sel.proof = proof; }));
          return sel;
        });
        var out = { id: c.id, selections: selections, sum_proof: null };
        var sum = G.sum(cts), rs = P.mod(rsum);
        jobs.push(proofContext(eh, district, c.id, null, cred).then(function (pc) {
          return U.proofs.rangeProve(sum, cs.length, rs, c.min, c.max, K, pc, fixed && fixedProof(fixed.sumProofs[c.id]));
        }).then(function (proof) { out.sum_proof = proof; }));
        return out;
      });
      return Promise.all(jobs).then(function () {
        var ballot = {
          election_hash: B.toHex(eh), district: district, credential: B.toHex(cred),
          token: { prefix: token.prefix, signature: token.signature }, contests: contests, signature: ""
        };
        return U.ed25519.sign(credential.privateKey, canonicalBytes(ballot)).then(function (sig) {
          ballot.signature = B.toHex(sig);
          return trackingCode(ballot);
        }).then(function (code) {
          return { ballot: ballot, json: jcs(ballot), nonces: nonces, choices: chosen, trackingCode: code, shortCode: shortCode(code) };
        });
      });
    });
  }

  function fixedProof(f) {
    var sim = {};
    Object.keys(f.simulated).forEach(function (k) {
      sim[k] = { c: P.scalarFromHex(f.simulated[k].c), v: P.scalarFromHex(f.simulated[k].v) };
    });
    return { u: P.scalarFromHex(f.u), simulated: sim };
  }

  // ---- Spoiling (§4.7) ----

  // spoiledBody(built[, choices]) → {body: {ballot, nonces, choices}, json}: the body to POST …/spoils.
  // `choices` defaults to built.choices; contests without a choice are left out, ids sorted.
  function spoiledBody(built, choices) {
    var ch = choices || built.choices, out = {}, contests = {};
    built.ballot.contests.forEach(function (c) { contests[c.id] = c; });
    Object.keys(ch).forEach(function (id) {
      need(Object.prototype.hasOwnProperty.call(contests, id), "spoiled-mismatch", "choices name contest '" + id + "', which is not on the ballot");
      var list = ch[id].slice().sort();
      list.forEach(function (x, i) {
        need(contests[id].selections.some(function (s) { return s.id === x; }), "spoiled-mismatch",
          "contest '" + id + "': choices name unknown candidate '" + x + "'");
        need(i === 0 || list[i - 1] !== x, "spoiled-mismatch", "contest '" + id + "': candidate '" + x + "' named twice");
      });
      if (list.length > 0) out[id] = list;
    });
    var body = { ballot: built.ballot, nonces: built.nonces, choices: out };
    return { body: body, json: jcs(body) };
  }

  // recoverChoices(spoiled (object or its JSON text), ctx) → Promise of {contest: [candidate ids]} for
  // every contest of the ballot (empty when none): each selection is re-encrypted with its revealed
  // nonce as 0 and as 1, and the ciphertext must be one of them and agree with the body's `choices`
  // (the rules SpoiledBody.checkNonces applies). Throws spoiled-mismatch otherwise.
  function recoverChoices(spoiled, ctx) {
    return Promise.resolve().then(function () {
      var s = typeof spoiled === "string" ? JSON.parse(spoiled) : spoiled;
      var bad = "spoiled-mismatch";
      need(s && s.ballot && s.nonces && s.choices && typeof s.nonces === "object" && typeof s.choices === "object",
        "invalid-parameter", "a spoiled body has ballot, nonces and choices");
      var ballot = s.ballot;
      need(ballot.election_hash === B.toHex(ctx.electionHash), "wrong-election", "the spoiled ballot is not for this election");
      var contests = {};
      ballot.contests.forEach(function (c) {
        need(!Object.prototype.hasOwnProperty.call(contests, c.id), bad, "the ballot lists a contest twice");
        contests[c.id] = c;
      });
      Object.keys(s.choices).forEach(function (id) {
        need(Object.prototype.hasOwnProperty.call(contests, id), bad, "choices name contest '" + id + "', which is not on the ballot");
        var list = s.choices[id];
        need(Array.isArray(list), bad, "contest '" + id + "': choices are an array");
        for (var i = 1; i < list.length; i++) need(list[i - 1] < list[i], bad, "contest '" + id + "': choices must be sorted, without repeats");
        list.forEach(function (x) {
          need(contests[id].selections.some(function (sel) { return sel.id === x; }), bad, "contest '" + id + "': choices name unknown candidate '" + x + "'");
        });
      });
      var nk = Object.keys(s.nonces).sort(), ck = Object.keys(contests).sort();
      need(nk.length === ck.length && nk.every(function (k, i) { return k === ck[i]; }), bad, "nonces must be given for exactly the ballot's contests");
      var K = ctx.jointKey, out = {};
      ballot.contests.forEach(function (c) {
        var cn = s.nonces[c.id] || {}, claimed = s.choices[c.id] || [];
        var ids = c.selections.map(function (x) { return x.id; }).sort(), keys = Object.keys(cn).sort();
        need(keys.length === ids.length && keys.every(function (k, i) { return k === ids[i]; }), bad,
          "contest '" + c.id + "': nonces must be given for exactly its selections");
        var found = [];
        c.selections.forEach(function (sel) {
          var r = P.scalarFromHex(cn[sel.id]), ct = G.fromJSON(sel.ciphertext);
          var m = null;
          [0, 1].forEach(function (v) {
            var e = G.encrypt(v, r, K);
            if (P.equal(e.a, ct.a) && P.equal(e.b, ct.b)) m = v;
          });
          need(m !== null, bad, "contest '" + c.id + "' selection '" + sel.id + "': ciphertext is not Enc(0) or Enc(1) under the revealed nonce");
          var said = claimed.indexOf(sel.id) >= 0 ? 1 : 0;
          need(m === said, bad, "contest '" + c.id + "' selection '" + sel.id + "': ciphertext is not Enc(" + said + ") under the revealed nonce");
          if (m === 1) found.push(sel.id);
        });
        out[c.id] = found.sort();
      });
      return out;
    });
  }

  // ---- Self-check (§5.5, in its order) ----

  // selfCheck(ballot, ctx) → Promise of true: election hash, district, shape, credential length,
  // the token (RSA-PSS under token_keys[district]), the signature (WebCrypto Ed25519, plain RFC 8032:
  // the service applies the strict rules) and every proof. Rejects with the §5.5 code.
  function selfCheck(ballot, ctx) {
    var cred, d;
    return Promise.resolve().then(function () {
      need(ballot.election_hash === B.toHex(ctx.electionHash), "wrong-election", "the ballot's election hash is not this election's");
      d = districtOf(ctx, ballot.district);
      need(Array.isArray(ballot.contests) && ballot.contests.length === d.contests.length &&
        ballot.contests.every(function (c, i) { return c.id === d.contests[i].id; }), "ballot-shape",
        "the ballot's contests are not district '" + ballot.district + "' ballot's, in order");
      ballot.contests.forEach(function (c, i) {
        var want = d.contests[i].candidates;
        need(Array.isArray(c.selections) && c.selections.length === want.length &&
          c.selections.every(function (s, j) { return s.id === want[j].id; }), "ballot-shape",
          "contest '" + c.id + "': selections do not match the candidates in order");
      });
      cred = hex(ballot.credential, 32, "bad-credential", "credential");
      var key = U.blindrsa.publicKeyFromBase64(ctx.tokenKeys[ballot.district]);
      var prefix = hex(ballot.token.prefix, 32, "bad-token", "token.prefix");
      var input = B.concat([prefix, U.blindrsa.tokenMessage(ctx.electionID, ballot.district, cred)]);
      var sig = hex(ballot.token.signature, undefined, "bad-token", "token.signature");
      return U.blindrsa.verify(key, input, sig, U.blindrsa.SALT_LEN);
    }).then(function (ok) {
      need(ok === true, "bad-token", "the token does not verify under district '" + ballot.district + "' key");
      var sig = hex(ballot.signature, 64, "bad-signature", "signature");
      return U.ed25519.verify(cred, canonicalBytes(ballot), sig).catch(function (e) {
        throw E("bad-credential", "the credential is not an Ed25519 public key: " + (e && e.message || e));
      });
    }).then(function (ok) {
      need(ok === true, "bad-signature", "the credential signature does not verify over the ballot");
      var eh = ctx.electionHash, K = ctx.jointKey, chain = Promise.resolve();
      // Each proof is checked after the previous one succeeded; its own failure is named here.

"""#),
        ("js/urna-ballot.js", #"""
      function step(name, sumRule, body) {
        chain = chain.then(function () {
          return body().catch(function (e) {
            var code = sumRule && e && e.code === "out-of-range" ? "sum-out-of-range" : "bad-proof";
            throw E(code, name + ": " + (e && e.reason || e));
          });
        });
      }
      ballot.contests.forEach(function (c, i) {
        var rule = d.contests[i];
        c.selections.forEach(function (s) {
          step("contest '" + c.id + "' selection '" + s.id + "'", false, function () {
            return proofContext(eh, ballot.district, c.id, s.id, cred).then(function (pc) {
              return U.proofs.rangeVerify(s.proof, G.fromJSON(s.ciphertext), 0, 1, K, pc);
            });
          });
        });
        step("contest '" + c.id + "' sum", true, function () {
          return proofContext(eh, ballot.district, c.id, null, cred).then(function (pc) {
            var sum = G.sum(c.selections.map(function (s) { return G.fromJSON(s.ciphertext); }));
            return U.proofs.rangeVerify(c.sum_proof, sum, rule.min, rule.max, K, pc);
          });
        });
      });
      return chain.then(function () { return true; });
    });
  }

  U.ballot = {
    jcs: jcs, context: context, validateChoices: validateChoices, build: build,
    canonicalBytes: canonicalBytes, trackingCode: trackingCode, shortCode: shortCode,
    spoiledBody: spoiledBody, recoverChoices: recoverChoices, selfCheck: selfCheck
  };
})(Urna);

"""#),
    ]
}
