// Known-answer tests of urna-ledger.js against Tests/UrnaLedgerTests/Resources/web_ledger_kat.json
// (generated and checked by Tests/UrnaLedgerTests/WebLedgerKATTests.swift). Every accepted vector must
// give the Swift values; every refused one must be refused with the Swift error code.
// UrnaKATLedger.run(vectors) returns a Promise of a list of groups {name, passed, total, failures}.
"use strict";
var UrnaKATLedger = (function () {
  var U = Urna, B = U.bytes, L = U.ledger;

  function group(name) { return { name: name, passed: 0, total: 0, failures: [] }; }
  function check(g, label, ok, detail) {
    g.total += 1;
    if (ok) g.passed += 1; else g.failures.push(label + (detail ? ": " + detail : ""));
  }
  function message(e) { return String(e && (e.message || e)); }
  // Runs an async body; an unexpected throw is one failed check.
  async function attempt(g, label, body) {
    try { await body(); } catch (e) { check(g, label, false, "threw " + message(e)); }
  }
  async function rejects(g, label, code, body) {
    try {
      await body();
      check(g, label, false, "accepted (want " + code + ")");
    } catch (e) {
      check(g, label, e && e.code === code, "code " + (e && e.code) + " (want " + code + "): " + message(e));
    }
  }
  function hex(b) { return B.toHex(b); }
  function bytes(h) { return B.fromHex(h); }
  function list(hs) { return hs.map(bytes); }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function cosigners(list) { return list.map(function (c) { return { name: c.name, time: c.time }; }); }

  async function specExample(v) {
    var g = group("ledger-spec-example");
    await attempt(g, "spec example", async function () {
      var prev = new Uint8Array(32), leaves = [];
      check(g, "hash input of entry 0", hex(U.hash.encode("urna/v1/entry", [B.u64(0), "election", B.u64(1700000000000), prev,
        B.utf8("{\"name\":\"test\"}")])) === v.hash_input0);
      for (var i = 0; i < v.lines.length; i++) {
        var e = L.parseLine(v.lines[i]);
        var h = await L.checkLine(e, prev, i);
        check(g, "entry " + i + " hash", hex(h) === v.hashes[i]);
        var leaf = await L.leafHash(h);
        check(g, "entry " + i + " leaf", hex(leaf) === v.leaves[i]);
        leaves.push(leaf);
        prev = h;
      }
      var root = await L.rootOf(leaves);
      check(g, "root", hex(root) === v.root);
      check(g, "root base64", L.bytesToBase64(root) === v.root_base64 && hex(L.base64ToBytes(v.root_base64)) === v.root);
      check(g, "fingerprint", (await L.fingerprint(v.vkey)) === v.fingerprint);
      var cp = await L.openCheckpoint(v.note, v.vkey, [v.observer_vkey], 1);
      check(g, "checkpoint", cp.size === 2 && hex(cp.root) === v.root && hex(cp.chainHead) === v.hashes[1] &&
        same(cosigners(cp.cosigners), [{ name: "observer.example/w1", time: v.observer_time }]) && cp.unverified === 0);
    });
    return g;
  }

  async function lines(v) {
    var g = group("ledger-lines");
    for (var i = 0; i < v.accepts.length; i++) {
      var a = v.accepts[i];
      await attempt(g, "accept " + i, async function () {
        var e = L.parseLine(a.line);
        check(g, "accept " + i + " fields", e.seq === a.seq && e.kind === a.kind && e.time === a.time &&
          hex(e.prev) === a.prev && hex(e.hash) === a.hash && hex(e.body) === a.body);
        check(g, "accept " + i + " hash", hex(await L.entryHash(e)) === a.hash);
        var h = await L.checkLine(e, bytes(a.prev), a.position);
        check(g, "accept " + i + " leaf", hex(await L.leafHash(h)) === a.leaf);
        // Also as UTF-8 bytes.
        check(g, "accept " + i + " from bytes", hex(L.parseLine(B.utf8(a.line)).hash) === a.hash);
      });
    }
    for (var j = 0; j < v.rejects.length; j++) {
      var r = v.rejects[j];
      await rejects(g, "refuse " + r.why, r.code, async function () {
        var e = L.parseLine(r.line);
        await L.checkLine(e, bytes(r.prev), r.position);
      });
    }
    for (var k = 0; k < v.unsupported.length; k++) {
      var u = v.unsupported[k];
      await rejects(g, "unsupported " + u.why, "unsupported", async function () { L.parseLine(u.line); });
    }
    return g;
  }

  async function jsonl(v, roots) {
    var g = group("ledger-jsonl");
    for (var i = 0; i < v.length; i++) {
      var c = v[i];
      if (c.code) {
        await rejects(g, "refuse " + c.why, c.code, function () { return L.readEntries(c.text); });
      } else {
        await attempt(g, c.why, async function () {
          var got = await L.readEntries(c.text);
          var root = await L.rootOf(got.leaves);
          check(g, c.why, got.entries.length === c.size && hex(root) === c.root && hex(got.head) === c.head &&
            hex(root) === roots[c.size]);
        });
      }
    }
    return g;
  }

  async function merkle(v, leaves, lineAccepts) {
    var g = group("ledger-merkle");
    // The tree's leaves are those of the ledger's lines (lines.accepts, positions 0 … size − 1).
    for (var l = 0; l < v.size; l++) {
      var line = L.parseLine(lineAccepts[l].line);
      check(g, "leaf " + l, lineAccepts[l].position === l && hex(await L.leafHash(await L.entryHash(line))) === v.leaves[l]);
    }
    for (var n = 0; n <= v.size; n++) {
      var root = await L.rootOf(leaves.slice(0, n));
      check(g, "root of size " + n, hex(root) === v.roots[n]);
    }
    for (var i = 0; i < v.inclusion.length; i++) {
      var c = v.inclusion[i], label = "inclusion " + c.index + " in " + c.size;
      await attempt(g, label, async function () {
        check(g, label + " leaf", hex(leaves[c.index]) === c.leaf);
        await L.verifyInclusion(bytes(c.leaf), c.index, c.size, list(c.proof), bytes(c.root));
        check(g, label, hex(await L.rootFromInclusion(bytes(c.leaf), c.index, c.size, list(c.proof))) === c.root);
      });
    }
    for (var j = 0; j < v.consistency.length; j++) {
      var d = v.consistency[j], dl = "consistency " + d.old + " -> " + d.new;
      await attempt(g, dl, async function () {
        await L.verifyConsistency(d.old, d.new, bytes(d.old_root), bytes(d.new_root), list(d.proof));
        check(g, dl, true);
      });
    }
    await proofRefusals(g, v.rejects);
    return g;
  }

  // Sizes and indices are Numbers, or decimal strings in the probes (one is 2^64 − 1): BigInt then.
  function big(x) { return typeof x === "string" ? BigInt(x) : x; }
  async function proofRefusals(g, cases) {
    for (var i = 0; i < cases.length; i++) {
      var c = Object.assign({}, cases[i], { index: big(cases[i].index), size: big(cases[i].size), old: big(cases[i].old), new: big(cases[i].new) });
      var label = (c.code === "accepted" ? "accept " : "refuse ") + c.type + " " + c.why;
      var run = c.type === "inclusion"
        ? function () { return L.verifyInclusion(bytes(c.leaf), c.index, c.size, list(c.proof), bytes(c.root)); }
        : function () { return L.verifyConsistency(c.old, c.new, bytes(c.old_root), bytes(c.new_root), list(c.proof)); };
      if (c.code === "accepted") {
        await attempt(g, label, async function () { await run(); check(g, label, true); });
      } else {
        await rejects(g, label, c.code, run);
      }
    }
  }

  async function probes(v) {
    var g = group("ledger-merkle-probes");
    await proofRefusals(g, v);
    return g;
  }

  async function keys(v) {
    var g = group("ledger-keys");
    for (var i = 0; i < v.accepts.length; i++) {
      var a = v.accepts[i];
      await attempt(g, "key " + a.vkey, async function () {
        var k = await L.parseVerifierKey(a.vkey);
        check(g, "key " + a.name, k.name === a.name && k.keyIDHex === a.key_id && k.type === a.type &&
          hex(k.publicKey) === a.public_key && k.line === a.vkey);
        check(g, "fingerprint " + a.name, (await L.fingerprint(a.vkey)) === a.fingerprint);
      });
    }
    for (var j = 0; j < v.rejects.length; j++) {
      var r = v.rejects[j];
      await rejects(g, "refuse " + r.why, r.code, function () { return L.parseVerifierKey(r.vkey); });
    }
    for (var k = 0; k < v.files.length; k++) {
      var f = v.files[k];
      if (f.code) {
        await rejects(g, "refuse ledger.vkey " + f.why, f.code, async function () { L.readVerifierKeyFile(f.text); });
      } else {
        await attempt(g, "ledger.vkey " + f.why, async function () {
          check(g, "ledger.vkey " + f.why, L.readVerifierKeyFile(f.text) === f.vkey);
        });
      }
    }
    return g;
  }

  async function checkpoints(v) {
    var g = group("ledger-checkpoints");
    for (var i = 0; i < v.cases.length; i++) {
      var c = v.cases[i];
      var run = function () { return L.openCheckpoint(c.note, c.ledger_vkey, c.witness_vkeys, c.quorum); };
      if (c.code) {
        await rejects(g, "refuse " + c.why, c.code, run);
      } else {
        await attempt(g, c.why, async function () {
          var cp = await run(), want = c.result;
          check(g, c.why, cp.origin === want.origin && cp.size === want.size && hex(cp.root) === want.root &&
            hex(cp.chainHead) === want.chain_head && same(cosigners(cp.cosigners), want.cosigners) &&
            cp.unverified === want.unverified,
            JSON.stringify({ size: cp.size, cosigners: cosigners(cp.cosigners), unverified: cp.unverified }));
          // The unverified parse (for display) reads the same checkpoint.
          var shown = L.parseCheckpoint(c.note);
          check(g, c.why + " (parseCheckpoint)", shown.origin === want.origin && shown.size === want.size &&
            hex(shown.root) === want.root && hex(shown.chainHead) === want.chain_head);
        });
      }
    }
    for (var j = 0; j < v.unsupported.length; j++) {
      var u = v.unsupported[j];
      await rejects(g, "unsupported " + u.why, "unsupported", function () { return L.openCheckpoint(u.note, u.ledger_vkey, []); });
    }
    return g;
  }

  async function receipts(v) {
    var g = group("ledger-receipts");
    for (var i = 0; i < v.length; i++) {
      var c = v[i];
      var run = function () { return L.verifyReceipt(c.receipt, c.ledger_vkey, c.witness_vkeys); };
      if (c.code) {
        await rejects(g, "refuse " + c.why, c.code, run);
      } else {
        await attempt(g, c.why, async function () {
          var got = await run(), want = c.result;
          check(g, c.why, got.seq === want.seq && got.size === want.size && hex(got.root) === want.root &&
            got.trackingCode === want.tracking_code && got.entryHash === want.entry_hash &&
            got.electionID === want.election_id && same(cosigners(got.cosigners), want.cosigners));
          // The same receipt as a parsed object.
          var again = await L.verifyReceipt(JSON.parse(c.receipt), c.ledger_vkey, c.witness_vkeys);
          check(g, c.why + " (object)", again.seq === want.seq && again.trackingCode === want.tracking_code);
        });
      }
    }
    return g;
  }

  async function runAll(vectors) {
    if (!vectors || !vectors.lines) {
      return [{ name: "ledger-vectors", passed: 0, total: 1, failures: ["web_ledger_kat.json holds no vectors"] }];
    }
    var leaves = list(vectors.merkle.leaves);
    return [
      await specExample(vectors.spec_example),
      await lines(vectors.lines),
      await jsonl(vectors.jsonl, vectors.merkle.roots),
      await merkle(vectors.merkle, leaves, vectors.lines.accepts),
      await probes(vectors.merkle_probes),
      await keys(vectors.verifier_keys),
      await checkpoints(vectors.checkpoints),
      await receipts(vectors.receipts)
    ];
  }

  function run(vectors) {
    return runAll(vectors).catch(function (e) {
      return [{ name: "ledger-runner", passed: 0, total: 1, failures: [message(e)] }];
    });
  }
  return { run: run };
})();
