// "Was a token issued in my name?" (/check). The whole ledger up to the latest checkpoint is
// fetched and checked in the browser (hashes, chain, signed root), then searched for the
// pseudonym: on which district's roll, and in which `issuance` entry a token was issued to it.
// Before voting closes not every issuance is published yet, and the page says so.
"use strict";
(function (U) {
  var P = U.page, B = U.bytes, $ = P.$, el = P.el;

  function line(cls, text) { $("check-checks").appendChild(el("li", { class: cls }, [text])); }

  function check() {
    var pseudonym = $("pseudonym").value.trim().toLowerCase();
    if (!/^[0-9a-f]{32}$/.test(pseudonym)) {
      throw U.Error("invalid-input", "the pseudonym is the 32 hexadecimal digits printed on your letter after “pseudonym:”");
    }
    P.clear($("check-checks"));
    $("check-result").hidden = true;
    var vkey, cp, onRoll = null, issued = null, closed = false;
    return P.pinnedLedgerKey($("ledger-fingerprint").value).then(function (key) {
      vkey = key;
      return P.latestCheckpoint(vkey);
    }).then(function (checkpoint) {
      cp = checkpoint;
      return P.scanLedger(cp, function (entry) {
        if (entry.kind === "close") closed = true;
        if (entry.kind !== "roll" && entry.kind !== "issuance") return;
        var body;
        try { body = JSON.parse(new TextDecoder().decode(entry.body)); } catch (e) { return; }
        if (entry.kind === "roll" && onRoll === null && body.pseudonyms && Object.prototype.hasOwnProperty.call(body.pseudonyms, pseudonym)) {
          onRoll = { district: body.district, seq: entry.seq };
        }
        if (entry.kind === "issuance" && issued === null && body.districts) {
          Object.keys(body.districts).forEach(function (d) {
            if (Object.prototype.hasOwnProperty.call(body.districts[d], pseudonym)) issued = { district: d, seq: entry.seq, time: entry.time };
          });
        }
      });
    }).then(function () {
      line("ok", "The whole ledger (" + cp.size + " entries) was checked here against the checkpoint signed by the ledger key you pinned.");
      var cosigned = (cp.cosigners || []).map(function (c) { return c.name + " at " + P.formatTime(c.time * 1000); });
      line(cosigned.length ? "ok" : "info", cosigned.length ? "That checkpoint was cosigned by the witnesses you pinned: " + cosigned.join(", ") + " (a recent time shows the view is current)."
        : "You pinned no witness, so only the commission vouches that this view is current (pin witness keys on the receipt page).");
      var verdict = $("check-verdict"), outcome;
      if (onRoll === null) {
        line("fail", "This pseudonym is not on the roll of any district.");
        outcome = "no";
        verdict.textContent = "This pseudonym is not on the roll. Check it against your letter; if it is right, tell the commission.";
      } else {
        line("ok", "It is on the roll of district " + onRoll.district + " (roll entry " + onRoll.seq + ").");
        if (issued !== null) {
          outcome = "yes";
          line("info", "A token was issued in its name: issuance entry " + issued.seq + ", published " + P.formatTime(issued.time) + ".");
          verdict.textContent = "A token was issued in your name. If you did not ask for one, someone used your letter: tell the commission and keep this page.";
        } else if (closed) {
          outcome = "no";
          line("ok", "Voting has closed and every issuance is published: none names this pseudonym.");
          verdict.textContent = "No token was issued in your name.";
        } else {
          outcome = "unknown";
          line("info", "Voting is still open: tokens are published in batches (of 64, and all of them at close), so a recent one may not be listed yet.");
          verdict.textContent = "No token is published in your name so far. Check again after voting closes.";
        }
      }
      $("check-result").dataset.issued = outcome;
      $("check-result").hidden = false;
      P.setState("checked");
    });
  }

  function start() {
    P.prefillFingerprint($("ledger-fingerprint"));
    var given = P.query("pseudonym");
    if (given) $("pseudonym").value = given;
    $("check-form").addEventListener("submit", P.action($("check"), check));
    P.setState("ready");
  }

  P.chooseElection().then(function (chosen) { if (chosen) start(); }).catch(P.error);
})(Urna);
