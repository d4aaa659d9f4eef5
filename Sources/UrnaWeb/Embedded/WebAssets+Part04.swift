// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part04: [(String, String)] = [
        ("js/page-receipt.js", #"""
// The receipt checker (/receipt). A receipt (or a bare tracking code) is checked in the browser:
// the receipt's own checkpoint and inclusion proof (offline), then a fresh proof from the ledger
// under its latest checkpoint, the consistency of the two checkpoints, and the entry itself
// (its hash, and the tracking code of the ballot it holds). Each check is listed in plain words.
"use strict";
(function (U) {
  var P = U.page, B = U.bytes, $ = P.$, el = P.el;
  var list, failed;

  function ok(text) { list.appendChild(el("li", { class: "ok" }, [text])); }
  function info(text) { list.appendChild(el("li", { class: "info" }, [text])); }
  function fail(text) { failed = true; list.appendChild(el("li", { class: "fail" }, [text])); }

  // Runs one named check; a failure is listed and stops the checks that depend on it.
  function step(promise, okText) {
    return promise.then(function (value) { ok(typeof okText === "function" ? okText(value) : okText); return value; });
  }

  function cosignText(cp) {
    var names = (cp.cosigners || []).map(function (c) { return c.name; });
    var text = names.length ? "Cosigned by the witnesses you pinned: " + names.join(", ") + "." : "No witness you pinned cosigned it.";
    if (cp.unverified) text += " " + cp.unverified + " other signature(s) present but not checked (their keys are not pinned).";
    return text;
  }

  // The witness keys typed, each parsed (a malformed one is refused before it is remembered).
  function saveWitnesses() {
    var text = $("witness-keys").value;
    var lines = text.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    return Promise.all(lines.map(function (line) {
      return U.ledger.parseVerifierKey(line).then(function (key) {
        if (key.type !== 0x04) throw U.Error("invalid-input", "witness key " + key.name + " is not a cosignature key (type 0x04)");
      }, function (e) { throw U.Error("invalid-input", "witness key “" + line.slice(0, 40) + "”: " + (e.reason || e.message)); });
    })).then(function () {
      try { localStorage.setItem("urna.witnesses." + P.electionID(), lines.join("\n")); } catch (e) { /* this visit only */ }
    });
  }

  function sameElection(r) {
    if (r.electionID !== P.electionID()) throw U.Error("wrong-election", "this receipt is for the election " + r.electionID + ", not " + P.electionID());
    return P.requireWitnesses(r);
  }

  // The code asked for: a full code must be the receipt's; a short one its first 16 digits.
  function sameCode(asked, got) {
    var want = asked.replace(/-/g, "");
    if (want.length === 64 ? got !== want : got.slice(0, 16) !== want) {
      throw U.Error("receipt-mismatch", "the service answered with the receipt of another ballot (" + U.ballot.shortCode(got) + ")");
    }
  }

  function readInput() {
    var text = $("receipt-input").value.trim();
    if (text === "") throw U.Error("invalid-input", "paste a receipt or a tracking code, or load a receipt file");
    if (text.charAt(0) === "{") {
      var receipt;
      try { receipt = JSON.parse(text); } catch (e) { throw U.Error("invalid-input", "the receipt is not valid JSON: " + e.message); }
      if (!receipt || typeof receipt !== "object" || Array.isArray(receipt)) throw U.Error("invalid-input", "a receipt is a JSON object");
      return { receipt: receipt, code: String(receipt.tracking_code) };
    }
    var code = text.toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(code) && !/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/.test(code)) {
      throw U.Error("invalid-input", "a tracking code is 64 hexadecimal digits, or the short form 3f2a-91bc-0d4e-77a1");
    }
    return { receipt: null, code: code };
  }

  function check() {
    var input = readInput();
    return saveWitnesses().then(function () { return checkInput(input); });
  }

  function checkInput(input) {
    list = P.clear($("receipt-checks"));
    failed = false;
    $("receipt-result").hidden = false;
    $("receipt-result").removeAttribute("data-outcome");
    $("receipt-verdict").textContent = "Checking…";
    var vkey, mine = null, fresh;
    return step(P.pinnedLedgerKey($("ledger-fingerprint").value), function (key) {
      vkey = key;
      return "The service's ledger key " + key.name + " has the fingerprint you pinned.";
    }).then(function () {
      if (!input.receipt) { info("Only a tracking code was given: the page checks the ledger's current proof for it."); return null; }
      return step(U.ledger.verifyReceipt(input.receipt, vkey.line, P.witnessKeys()).then(sameElection), function (r) {
        mine = r;
        return "Your receipt is signed by the ledger key and proves your ballot is entry " + r.seq + " of a ledger of " + r.size + " entries. " + cosignText(r);
      });
    }).then(function () {
      P.status("Fetching a fresh proof from the ledger…");
      return P.api("/receipts/" + encodeURIComponent(input.code));
    }).then(function (answer) {
      return step(U.ledger.verifyReceipt(answer, vkey.line, P.witnessKeys()).then(sameElection).then(function (r) {
        sameCode(input.code, r.trackingCode);
        return r;
      }), function (r) {
        fresh = r;
        fresh.receipt = answer;
        return "The ledger's latest checkpoint (" + r.size + " entries) is signed by the ledger key, and its fresh proof places a ballot with this tracking code at entry " + r.seq + ". " + cosignText(r);
      });
    }).then(function () {
      if (!mine) return null;
      if (fresh.seq !== mine.seq || fresh.receipt.entry_hash !== input.receipt.entry_hash || fresh.receipt.tracking_code !== input.receipt.tracking_code) {
        fail("The ledger now shows another entry for this tracking code than your receipt (" + fresh.seq + " instead of " + mine.seq + "): keep your receipt and tell the commission and the observers.");
        return null;
      }
      ok("It is the same entry your receipt names, with the same hash.");
      if (fresh.size < mine.size) {
        fail("The ledger's latest checkpoint is smaller than your receipt's: the ledger was cut back.");
        return null;
      }
      if (fresh.size === mine.size) {
        if (!B.equal(fresh.root, mine.root)) { fail("Two different ledgers of the same size were signed: the ledger was rewritten."); return null; }
        ok("The ledger has not grown since your receipt; both checkpoints have the same root.");
        return null;
      }
      return P.api("/proofs/consistency?old=" + mine.size + "&new=" + fresh.size).then(function (proof) {
        return step(U.ledger.verifyConsistency(mine.size, fresh.size, mine.root, fresh.root, (proof.hashes || []).map(B.fromHex)),
          "The ledger today extends the ledger your receipt was signed in (a consistency proof from " + mine.size + " to " + fresh.size + " entries): nothing in it was changed or removed.");
      });
    }).then(function () {
      var seq = fresh.seq;
      return P.api("/entries?start=" + seq + "&end=" + (seq + 1), { as: "text" }).then(function (text) {
        var entry = U.ledger.parseLine(text.replace(/\n$/, ""));
        return U.ledger.entryHash(entry).then(function (hash) {
          if (entry.seq !== seq || B.toHex(hash) !== fresh.receipt.entry_hash || !B.equal(hash, entry.hash)) {
            fail("Entry " + seq + " as served does not hash to the proven entry hash.");
            return null;
          }
          if (entry.kind !== "ballot") { fail("Entry " + seq + " is a " + entry.kind + ", not a cast ballot."); return null; }
          var body = JSON.parse(new TextDecoder().decode(entry.body));
          return U.ballot.trackingCode(body).then(function (code) {
            if (code !== fresh.receipt.tracking_code) { fail("The ballot at entry " + seq + " has another tracking code."); return; }
            ok("Entry " + seq + " is a cast ballot whose own bytes give the tracking code " + U.ballot.shortCode(code) + ", at " + P.formatTime(entry.time) + ".");
          });
        });
      });
    }).catch(function (e) {
      fail(P.describe(e));
    }).then(function () {
      P.status("");
      $("receipt-result").dataset.outcome = failed ? "fail" : "ok";
      var verdict = $("receipt-verdict");
      verdict.className = failed ? "outcome-fail" : "outcome-ok";
      verdict.textContent = failed ? "The check FAILED: see below. Keep your receipt."
        : "Your ballot is in the ledger, unchanged, as your receipt says.";
      P.setState(failed ? "failed" : "checked");
      verdict.setAttribute("tabindex", "-1");
      verdict.focus();
    });
  }

  function start() {
    P.prefillFingerprint($("ledger-fingerprint"));
    try { $("witness-keys").value = localStorage.getItem("urna.witnesses." + P.electionID()) || ""; } catch (e) { /* none */ }
    var code = P.query("code");
    if (code) $("receipt-input").value = code;
    $("receipt-file").addEventListener("change", function () {
      var file = this.files && this.files[0];
      if (!file) return;
      if (file.size > 2 * 1024 * 1024) { P.error(U.Error("invalid-input", "a receipt file is at most 2 MiB; this one is " + file.size + " bytes")); return; }
      file.text().then(function (text) { $("receipt-input").value = text; }, function (e) { P.error(e); });
    });
    $("receipt-form").addEventListener("submit", P.action($("receipt-check"), check));
    P.setState("ready");
  }

  P.chooseElection().then(function (chosen) { if (chosen) start(); }).catch(P.error);
})(Urna);

"""#),
    ]
}
