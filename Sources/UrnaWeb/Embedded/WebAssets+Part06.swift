// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part06: [(String, String)] = [
        ("js/page-vote.js", #"""
    return P.api("/spoils", { method: "POST", body: spoiled.json }).catch(function (e) {
      if (e.code !== "ballot-replayed") throw e;
      var signature = JSON.parse(flow.built.json).signature;
      return P.api("/ballots?signature=" + signature).then(function (found) {
        if (!found.spoiled) throw U.Error("already-sent", "this ballot is recorded as cast, not spoiled");
        return found;
      });
    });
  }

  function audit() {
    markSent("spoil");
    P.status("Publishing this ballot as spoiled, with its secrets…");
    var spoiled = U.ballot.spoiledBody({ ballot: JSON.parse(flow.built.json), json: flow.built.json, nonces: flow.built.nonces,
      trackingCode: flow.built.trackingCode }, flow.choices);
    return spoilOrFind(spoiled).catch(function (e) {
      if (e.code === "spoil-limit") {
        // Refused for good, but its nonces went out: this ballot is dropped (never cast); the
        // voter encrypts the choices afresh to cast them.
        delete flow.built;
        flow.step = "ballot";
        save();
        renderBallot();
        showStep("ballot");
      }
      throw e;
    }).then(function (answer) {
      if (answer.tracking_code !== flow.built.trackingCode) throw U.Error("receipt-mismatch", "the service spoiled another ballot than this one");
      flow.audit = { seq: answer.seq, trackingCode: answer.tracking_code };
      save();
      return showAudit();
    });
  }

  function showAudit() {
    P.status("Reading the spoiled ballot back from the ledger…");
    return P.provenEntry(flow.audit.seq, vkey).then(function (proven) {
      var entry = proven.entry;
      if (entry.kind !== "spoiled") throw U.Error("bad-entry", "entry " + flow.audit.seq + " is not the spoiled ballot");
      return Promise.resolve().then(function () {
        var body = JSON.parse(new TextDecoder().decode(entry.body));
        return U.ballot.trackingCode(body.ballot).then(function (code) {
          if (code !== flow.audit.trackingCode) throw U.Error("bad-entry", "the spoiled entry holds another ballot");
          return U.ballot.recoverChoices(body, context.ctx);
        }).then(function (recovered) {
          $("audit-tracking-code").textContent = U.ballot.shortCode(flow.audit.trackingCode);
          var list = P.clear($("audit-result"));
          var same = true;
          contestsOf(flow.district).forEach(function (contest) {
            var got = (recovered[contest.id] || []).slice().sort(), want = ((flow.choices || {})[contest.id] || []).slice().sort();
            if (got.join("\n") !== want.join("\n")) same = false;
            if (got.length === 0) list.appendChild(el("li", { "data-contest": contest.id }, [contest.title + ": no choice"]));
            got.forEach(function (id) {
              list.appendChild(el("li", { "data-contest": contest.id, "data-candidate": id }, [contest.title + ": " + candidateName(contest.id, id)]));
            });
          });
          var verdict = $("audit-verdict");
          verdict.className = same ? "outcome-ok" : "outcome-fail";
          verdict.textContent = same ? "These are the choices you made: this device encrypted them faithfully."
            : "These are NOT the choices you made. Do not cast from this device; tell the commission.";
          P.status("");
          // The ballot is spoiled and read back: it is dropped (it can never be cast).
          flow.step = "audited";
          delete flow.built;
          save();
          showStep("audited");
        });
      });
    });
  }

  function start() {
    P.prefillFingerprint($("ledger-fingerprint"));
    $("login-form").addEventListener("submit", P.action($("login"), login));
    $("ballot-form").addEventListener("submit", P.action($("review"), function () { return encrypt(readChoices()); }));
    $("cast").addEventListener("click", P.action(null, whileSending(cast)));
    $("audit").addEventListener("click", P.action(null, whileSending(audit)));
    $("change").addEventListener("click", P.action($("change"), function () { flow.step = "ballot"; delete flow.built; save(); renderBallot(); showStep("ballot"); }));
    $("audit-change").addEventListener("click", P.action($("audit-change"), function () { flow.step = "ballot"; delete flow.audit; save(); renderBallot(); showStep("ballot"); }));
    $("reencrypt").addEventListener("click", P.action($("reencrypt"), function () { delete flow.audit; return encrypt(flow.choices); }));
    var saved = load(), kept = null;
    try { kept = JSON.parse(localStorage.getItem(receiptKey()) || "null"); } catch (e) { kept = null; }
    if (!(saved && saved.token) && kept && kept.receipt) {
      // Cast from this browser: show the receipt (and the login, for another letter).
      showCast(kept);
      P.show("login-section", true);
      return;
    }
    if (saved && saved.token && P.storedFingerprint()) {
      // A reload mid-flow: check the election again against the pin, then resume.
      flow = saved;
      $("pseudonym").value = saved.pseudonym;
      P.status("Resuming your ballot…");
      return P.pinnedLedgerKey(P.storedFingerprint()).then(function (key) {
        vkey = key;
        return P.verifiedContext(vkey);
      }).then(function (c) { context = c; return resume(); });
    }
    if (saved && saved.pseudonym) $("pseudonym").value = saved.pseudonym;
    showStep("login");
  }

  P.chooseElection().then(function (chosen) { if (chosen) return start(); }).catch(function (e) {
    P.error(e);
    if (document.body.dataset.state === "loading") showStep("login");
  });
})(Urna);

"""#),
    ]
}
