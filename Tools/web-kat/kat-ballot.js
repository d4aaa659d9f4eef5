// Known-answer tests of urna-ballot.js against Tests/UrnaRecordTests/Resources/web_ballot_kat.json
// (generated and checked by Tests/UrnaRecordTests/WebBallotKATTests.swift; owned by this file).
// UrnaKATBallot.run(vectors) returns a Promise of a list of groups {name, passed, total, failures}.
"use strict";
var UrnaKATBallot = (function () {
  var U = Urna, B = U.bytes, W = U.ballot;

  function group(name) { return { name: name, passed: 0, total: 0, failures: [] }; }
  function check(g, label, ok, detail) {
    g.total += 1;
    if (ok) g.passed += 1; else g.failures.push(label + (detail ? ": " + detail : ""));
  }
  function msg(e) { return String(e && e.message || e); }
  // Resolves after checking that `promise` rejects with `code`.
  function rejects(g, label, code, promise) {
    return promise.then(function () { check(g, label, false, "accepted"); },
      function (e) { check(g, label, e && e.code === code, "code " + (e && e.code) + " (want " + code + "): " + msg(e)); });
  }
  function guarded(name, body) {
    try {
      return Promise.resolve(body()).catch(function (e) { var g = group(name); check(g, "group", false, msg(e)); return g; });
    } catch (e) { var g = group(name); check(g, "group", false, msg(e)); return Promise.resolve(g); }
  }
  function same(a, b) { return W.jcs(a) === W.jcs(b); }

  function credentialOf(seedHex) {
    return U.ed25519.importSeed(B.fromHex(seedHex)).then(function (key) {
      return U.ed25519.publicKeyOf(key).then(function (pub) { return { privateKey: key, publicKey: pub }; });
    });
  }

  function fixedOf(v) { return { nonces: v.nonces, selectionProofs: v.selection_proofs, sumProofs: v.sum_proofs }; }

  // The election hash from the stored bodies, as bytes and as text; non-canonical bodies refused.
  function contextGroup(kat) {
    var g = group("ballot-context");
    var bytes = B.utf8(kat.election_body);
    return W.context(bytes, B.utf8(kat.joint_key_body)).then(function (ctx) {
      check(g, "election hash (bytes)", ctx.electionHashHex === kat.election_hash, ctx.electionHashHex);
      check(g, "joint key", ctx.jointKeyHex === kat.joint_key);
      check(g, "districts", same(Object.keys(ctx.districts), ["north", "south"]) &&
        same(ctx.districts.north.contests.map(function (c) { return [c.id, c.min, c.max, c.candidates.length]; }),
          [["mayor", 1, 1, 3], ["council", 0, 2, 4]]) && ctx.districts.south.contests.length === 1);
      check(g, "token keys", same(ctx.tokenKeys, kat.inputs.token_keys));
      check(g, "manifest fields", ctx.electionID === "city-2026" && ctx.spoilLimit === 2 && ctx.revoting === true);
      check(g, "body is canonical JSON", W.jcs(JSON.parse(kat.election_body)) === kat.election_body);
      return W.context(kat.election_body, JSON.parse(kat.joint_key_body));
    }).then(function (ctx) {
      check(g, "election hash (text, parsed joint key)", ctx.electionHashHex === kat.election_hash);
      var other = JSON.parse(kat.election_body);
      other.manifest.spoil_limit = 3;
      return W.context(W.jcs(other), kat.joint_key_body);
    }).then(function (ctx) {
      check(g, "another body, another hash", ctx.electionHashHex !== kat.election_hash);
      var spaced = kat.election_body.replace('"version":1', '"version": 1');
      return Promise.all([
        rejects(g, "white space refused", "invalid-encoding", W.context(spaced, kat.joint_key_body)),
        rejects(g, "parsed election body refused", "invalid-parameter", W.context(JSON.parse(kat.election_body), kat.joint_key_body)),
        rejects(g, "bad joint key refused", "invalid-point", W.context(kat.election_body, { joint_key: "04" + kat.joint_key.slice(2) })),
        rejects(g, "missing token key refused", "invalid-manifest", (function () {
          var b = JSON.parse(kat.election_body); delete b.token_keys.south;
          return W.context(W.jcs(b), kat.joint_key_body);
        })()),
        rejects(g, "invalid UTF-8 refused", "invalid-encoding", W.context(new Uint8Array([0x7b, 0xff, 0x7d]), kat.joint_key_body))
      ]);
    }).then(function () { return g; });
  }

  // Every vector ballot rebuilt byte for byte from its fixed nonces, then checked, spoiled, audited.
  function buildGroup(kat, ctx) {
    var g = group("ballot-build"), chain = Promise.resolve();
    kat.ballots.forEach(function (v) {
      var cred, built;
      chain = chain.then(function () { return credentialOf(v.credential_seed); }).then(function (c) {
        cred = c;
        check(g, v.name + " credential", B.toHex(c.publicKey) === v.credential);
        return W.build(ctx, v.district, cred, v.token, v.choices, fixedOf(v));
      }).then(function (b) {
        built = b;
        check(g, v.name + " canonical bytes", B.toHex(W.canonicalBytes(b.ballot)) === v.canonical_bytes);
        check(g, v.name + " signature", b.ballot.signature === v.signature, b.ballot.signature);
        check(g, v.name + " tracking code", b.trackingCode === v.tracking_code, b.trackingCode);
        check(g, v.name + " short code", b.shortCode === v.short_code && W.shortCode(v.tracking_code) === v.short_code, b.shortCode);
        check(g, v.name + " ballot JSON", b.json === v.json, b.json.slice(0, 80));
        check(g, v.name + " nonces", same(b.nonces, v.nonces));
        var sp = W.spoiledBody(b);
        check(g, v.name + " spoiled JSON", sp.json === v.spoiled_json, sp.json.slice(0, 80));
        return W.trackingCode(JSON.parse(v.json));
      }).then(function (code) {
        check(g, v.name + " tracking code of the stored JSON", code === v.tracking_code);
        return W.selfCheck(JSON.parse(v.json), ctx);
      }).then(function (ok) {
        check(g, v.name + " self-check", ok === true);
        return W.recoverChoices(v.spoiled_json, ctx);
      }).then(function (choices) {
        var want = {};
        ctx.districts[v.district].contests.forEach(function (c) { want[c.id] = (v.choices[c.id] || []).slice().sort(); });
        check(g, v.name + " recovered choices", same(choices, want), JSON.stringify(choices));
        // The same choices with fresh randomness: a different ballot that passes the same checks.
        return W.build(ctx, v.district, cred, v.token, v.choices);
      }).then(function (fresh) {
        check(g, v.name + " fresh ballot differs", fresh.trackingCode !== v.tracking_code && fresh.json !== v.json);
        return W.selfCheck(fresh.ballot, ctx).then(function (ok) {
          check(g, v.name + " fresh self-check", ok === true);
          return W.recoverChoices(W.spoiledBody(fresh).json, ctx);
        }).then(function (choices) {
          check(g, v.name + " fresh recovered choices", same(choices, built.choices));
        });
      }).catch(function (e) { check(g, v.name, false, msg(e)); });
    });
    return chain.then(function () { return g; });
  }

  // Swift's refusals, refused here with the same codes; and the JS-only repeat check.
  function rejectGroup(kat, ctx) {
    var g = group("ballot-rejects"), v0 = kat.ballots[0], jobs = [];
    return credentialOf(v0.credential_seed).then(function (cred) {
      kat.invalid_choices.forEach(function (v) {
        jobs.push(rejects(g, "choices: " + v.why, v.code, W.build(ctx, v.district, cred, v0.token, v.choices)));
      });
      jobs.push(rejects(g, "choices: a candidate twice", "ballot-shape",
        W.build(ctx, "north", cred, v0.token, { mayor: ["bob"], council: ["dan", "dan"] })));
      jobs.push(rejects(g, "token prefix of 31 bytes", "bad-token",
        W.build(ctx, "north", cred, { prefix: v0.token.prefix.slice(2), signature: v0.token.signature }, v0.choices)));
      var built0 = { ballot: JSON.parse(v0.json), nonces: v0.nonces, choices: v0.choices };
      [["unknown candidate", { mayor: ["zoe"] }], ["unknown contest", { treasurer: [] }], ["a candidate twice", { council: ["dan", "dan"] }]]
        .forEach(function (x) {
          jobs.push(rejects(g, "spoiled body: " + x[0], "spoiled-mismatch", Promise.resolve().then(function () { return W.spoiledBody(built0, x[1]); })));
        });
      jobs.push(Promise.resolve().then(function () {
        check(g, "spoiled body from the stored ballot", W.spoiledBody(built0).json === v0.spoiled_json);
      }));
      kat.tampered_spoiled.forEach(function (v) {
        jobs.push(rejects(g, "spoiled: " + v.why, v.code, W.recoverChoices(v.json, ctx)));
      });
      kat.tampered_ballots.forEach(function (v) {
        var ballot = JSON.parse(v.json);
        jobs.push(W.trackingCode(ballot).then(function (code) {
          check(g, "tampered: " + v.why + " tracking code", code === v.tracking_code && code !== v0.tracking_code, code);
        }).catch(function (e) { check(g, "tampered: " + v.why + " tracking code", false, msg(e)); }));
        jobs.push(rejects(g, "tampered: " + v.why + " self-check", v.code, W.selfCheck(ballot, ctx)));
      });
      // One byte of the stored ballot changed: a different tracking code.
      var changed = JSON.parse(v0.json);
      var a = changed.contests[1].selections[2].ciphertext.a;
      changed.contests[1].selections[2].ciphertext.a = a.slice(0, 2) + (a[2] === "0" ? "1" : "0") + a.slice(3);
      jobs.push(W.trackingCode(changed).then(function (code) {
        check(g, "one byte changed, another tracking code", code !== v0.tracking_code);
      }));
      var other = JSON.parse(v0.json);
      other.district = "south";
      jobs.push(rejects(g, "self-check: another district's ballot shape", "ballot-shape", W.selfCheck(other, ctx)));
      var wrong = JSON.parse(v0.json);
      wrong.election_hash = "00" + wrong.election_hash.slice(2);
      jobs.push(rejects(g, "self-check: another election", "wrong-election", W.selfCheck(wrong, ctx)));
      jobs.push(rejects(g, "spoiled: another election", "wrong-election", W.recoverChoices(
        v0.spoiled_json.replace(v0.spoiled_json.match(/"election_hash":"([0-9a-f]{64})"/)[1], "00".repeat(32)), ctx)));
      return Promise.all(jobs);
    }).then(function () {
      [["a fraction", 1.5], ["a string with a lone surrogate", "\ud800"], ["undefined", { a: undefined }]].forEach(function (x) {
        try { W.jcs(x[1]); check(g, "jcs refuses " + x[0], false, "accepted"); }
        catch (e) { check(g, "jcs refuses " + x[0], e.code === "invalid-encoding", e.code); }
      });
      check(g, "jcs escapes", W.jcs({ b: "\u0001\n\"\\/é\u007f", a: [1, -2, true, null] }) ===
        "{\"a\":[1,-2,true,null],\"b\":\"\\u0001\\n\\\"\\\\/é\u007f\"}");
      return g;
    });
  }

  // Times Urna.ballot.build for one 10-candidate vote-for-one contest (10 encryptions, 10 0/1 proofs,
  // the sum proof, the signature and the tracking code) in an election derived from the vectors';
  // the group's name carries the figure. The result is audited (not timed) so a broken build fails.
  function timingGroup(kat) {
    var body = JSON.parse(kat.election_body), cands = [];
    for (var i = 0; i < 10; i++) cands.push({ id: "c" + i, name: "Candidate " + i });
    body.manifest.contests = [{ id: "big", title: "Ten candidates", min: 1, max: 1, candidates: cands }];
    body.manifest.districts.forEach(function (d) { d.contests = ["big"]; });
    var ctx, cred, start, ms;
    return W.context(W.jcs(body), kat.joint_key_body).then(function (c) {
      ctx = c;
      return U.ed25519.generate();
    }).then(function (c) {
      cred = c;
      start = performance.now();
      return W.build(ctx, "north", cred, kat.ballots[0].token, { big: ["c7"] });
    }).then(function (built) {
      ms = Math.round(performance.now() - start);
      return W.recoverChoices(W.spoiledBody(built).json, ctx);
    }).then(function (choices) {
      var g = group("ballot-timing build of one 10-candidate contest: " + ms + " ms");
      check(g, "audit of the timed ballot", same(choices, { big: ["c7"] }));
      return g;
    });
  }

  function run(kat) {
    if (!kat || !Array.isArray(kat.ballots)) {
      return Promise.resolve([{ name: "ballot-vectors", passed: 0, total: 1, failures: ["web_ballot_kat.json has no ballots"] }]);
    }
    var out = [], ctx;
    return guarded("ballot-context", function () { return contextGroup(kat); }).then(function (g) {
      out.push(g);
      return W.context(kat.election_body, kat.joint_key_body).then(function (c) { ctx = c; });
    }).then(function () {
      return guarded("ballot-build", function () { return buildGroup(kat, ctx); });
    }).then(function (g) {
      out.push(g);
      return guarded("ballot-rejects", function () { return rejectGroup(kat, ctx); });
    }).then(function (g) {
      out.push(g);
      return guarded("ballot-timing", function () { return timingGroup(kat); });
    }).then(function (g) { out.push(g); return out; }, function (e) {
      out.push({ name: "ballot-context", passed: 0, total: 1, failures: [msg(e)] });
      return out;
    });
  }

  return { run: run };
})();
