// The voting booth (/vote). Steps: login (pin the ledger key, check the context, get a blind-signed
// token) → ballot → review (encrypted, with its tracking code) → cast, or audit and encrypt afresh.
// Every step's result is saved in localStorage before the next request is sent, so a reload
// resumes where it stopped and never asks for a second token: the blinded request is saved
// before it is sent, and sent again unchanged (the service answers the same request the same way).
"use strict";
(function (U) {
  var P = U.page, B = U.bytes, $ = P.$, el = P.el;
  var SALT_LENGTH = 48; // RSABSSA-SHA384-PSS-Randomized (tokens.md)
  var vkey = null, context = null, flow = null;

  // --- Saved flow, one per election in this browser.
  function storageKey() { return "urna.vote." + P.electionID(); }
  function load() {
    try { var text = localStorage.getItem(storageKey()); return text ? JSON.parse(text) : null; } catch (e) { return null; }
  }
  function save() {
    try { localStorage.setItem(storageKey(), JSON.stringify(flow)); } catch (e) {
      throw U.Error("storage", "this browser does not let the page keep its state (private mode or full storage); without it a reload would lose your token, so the page stops here");
    }
  }

  function showStep(step) {
    ["login", "ballot", "review", "audited", "cast"].forEach(function (s) { P.show(s + "-section", s === step); });
    P.setState(step);
    var heading = { login: "login-section", ballot: "ballot-section", review: "review-section", audited: "audited-section", cast: "cast-section" }[step];
    var first = $(heading) && $(heading).querySelector("h2, input, button");
    if (first && step !== "login") { first.setAttribute("tabindex", "-1"); first.focus(); }
  }

  function manifest() { return context.ctx.manifest; }
  function contestsOf(district) {
    var d = manifest().districts.filter(function (x) { return x.id === district; })[0];
    if (!d) throw U.Error("unknown-district", "the district " + district + " is not in the manifest");
    return d.contests.map(function (id) { return manifest().contests.filter(function (c) { return c.id === id; })[0]; });
  }
  function districtName(id) {
    var d = manifest().districts.filter(function (x) { return x.id === id; })[0];
    return d ? d.name : id;
  }
  function candidateName(contestID, candidateID) {
    var c = manifest().contests.filter(function (x) { return x.id === contestID; })[0];
    var k = c && c.candidates.filter(function (x) { return x.id === candidateID; })[0];
    return k ? k.name : candidateID;
  }

  // --- Login and the token.
  function login() {
    var fp = $("ledger-fingerprint").value, pseudonym = $("pseudonym").value.trim().toLowerCase(), code = $("code").value.trim();
    if (!/^[0-9a-f]{32}$/.test(pseudonym)) {
      throw U.Error("invalid-input", "the pseudonym is the 32 hexadecimal digits printed on your letter after “pseudonym:”");
    }
    P.status("Checking the election against the pinned ledger key…");
    return U.ed25519.available().then(function (yes) {
      if (!yes) {
        throw U.Error("unsupported-browser", "this browser cannot make Ed25519 keys (WebCrypto); vote with an up-to-date browser over https, or with `urna vote --server`");
      }
      return P.pinnedLedgerKey(fp);
    }).then(function (key) {
      vkey = key;
      return P.verifiedContext(vkey);
    }).then(function (c) {
      context = c;
      if (!c.ctx) throw U.Error("wrong-phase", "voting has not opened yet: the trustees have not published the joint key");
      var saved = load();
      if (saved && saved.pseudonym === pseudonym && saved.token) { flow = saved; return resume(); }
      if (saved && saved.pseudonym === pseudonym && saved.blind) { flow = saved; flow.code = code; return token(); }
      if (saved && saved.pseudonym !== pseudonym && saved.token && !saved.receipt) {
        throw U.Error("another-voter", "this browser holds the unfinished ballot of another pseudonym; finish it first, or vote from another browser");
      }
      flow = { pseudonym: pseudonym, code: code };
      P.status("Asking which district your letter belongs to…");
      return P.api("/district", { method: "POST", body: { activation_code: code, pseudonym: pseudonym } }).then(function (answer) {
        flow.district = answer.district;
        if (!context.ctx.tokenKeys[flow.district]) throw U.Error("unknown-district", "the service named a district that has no token key in the election");
        P.status("Making your anonymous credential…");
        return U.ed25519.generate();
      }).then(function (credential) {
        flow.seed = B.toHex(credential.seed);
        flow.credential = B.toHex(credential.publicKey);
        var key = U.blindrsa.publicKeyFromBase64(context.ctx.tokenKeys[flow.district]);
        var prepared = U.blindrsa.prepare(U.blindrsa.tokenMessage(P.electionID(), flow.district, credential.publicKey));
        return U.blindrsa.blind(key, prepared.inputMsg, SALT_LENGTH).then(function (blinded) {
          flow.blind = { prefix: B.toHex(prepared.prefix), blindedMsg: B.toHex(blinded.blindedMsg), inv: blinded.inv.toString(16) };
          save();
          return token();
        });
      });
    });
  }

  function inputMessage() {
    return B.concat([B.fromHex(flow.blind.prefix),
      U.blindrsa.tokenMessage(P.electionID(), flow.district, B.fromHex(flow.credential))]);
  }

  function token() {
    P.status("Asking for your token (the service signs it blind: it cannot link it to your ballot)…");
    return P.api("/tokens", { method: "POST", body: {
      activation_code: flow.code, blinded_message: flow.blind.blindedMsg, district: flow.district, pseudonym: flow.pseudonym,
    } }).then(function (answer) {
      var key = U.blindrsa.publicKeyFromBase64(context.ctx.tokenKeys[flow.district]);
      return U.blindrsa.finalize(key, inputMessage(), B.fromHex(answer.blind_signature), BigInt("0x" + flow.blind.inv), SALT_LENGTH);
    }).then(function (signature) {
      flow.token = { prefix: flow.blind.prefix, signature: B.toHex(signature) };
      delete flow.code;
      delete flow.blind;
      flow.step = "ballot";
      save();
      return resume();
    });
  }

  // --- The ballot form.
  function resume() {
    P.status("");
    if (flow.receipt) return showCast();
    renderBallot();
    if (flow.step === "review" && flow.built) return showReview();
    if (flow.step === "audited" && flow.audit) return showAudit();
    showStep("ballot");
  }

  function renderBallot() {
    $("ballot-intro").textContent = "District: " + districtName(flow.district) + ". Make your choices, then review them.";
    var box = P.clear($("contests"));
    contestsOf(flow.district).forEach(function (contest) {
      var single = contest.max === 1;
      var rule = contest.min === contest.max ? "Choose exactly " + contest.max + "."
        : (contest.min === 0 ? "Choose up to " + contest.max + "." : "Choose between " + contest.min + " and " + contest.max + ".");
      var fieldset = el("fieldset", { "data-contest": contest.id }, [el("legend", {}, [contest.title]), el("p", { class: "rule" }, [rule])]);
      contest.candidates.forEach(function (candidate, i) {
        var id = "c-" + contest.id + "-" + i;
        var input = el("input", { type: single ? "radio" : "checkbox", id: id, name: "contest-" + contest.id,
          "data-contest": contest.id, "data-candidate": candidate.id });
        input.addEventListener("change", function () { limit(contest); });
        fieldset.appendChild(el("label", { class: "choice", for: id }, [input, candidate.name]));
      });
      if (single && contest.min === 0) {
        var blankID = "c-" + contest.id + "-blank";
        var blank = el("input", { type: "radio", id: blankID, name: "contest-" + contest.id, "data-contest": contest.id, "data-blank": true });
        fieldset.appendChild(el("label", { class: "choice", for: blankID }, [blank, "No choice (blank)"]));
      }
      box.appendChild(fieldset);
    });
    var chosen = flow.choices || {};
    Object.keys(chosen).forEach(function (contest) {
      chosen[contest].forEach(function (candidate) {
        var input = inputFor(contest, candidate);
        if (input) input.checked = true;
      });
    });
    contestsOf(flow.district).forEach(limit);
  }

  function inputFor(contest, candidate) {
    return Array.prototype.filter.call(document.querySelectorAll("#contests input[data-candidate]"), function (i) {
      return i.dataset.contest === contest && i.dataset.candidate === candidate;
    })[0];
  }

  function inputsOf(contest) {
    return Array.prototype.filter.call(document.querySelectorAll("#contests input[data-candidate]"), function (i) {
      return i.dataset.contest === contest.id;
    });
  }

  // Vote-for-N: once N boxes are ticked, the others are disabled until one is unticked.
  function limit(contest) {
    if (contest.max === 1) return;
    var inputs = inputsOf(contest), ticked = inputs.filter(function (i) { return i.checked; }).length;
    inputs.forEach(function (i) { i.disabled = !i.checked && ticked >= contest.max; });
  }

  function readChoices() {
    var choices = {};
    contestsOf(flow.district).forEach(function (contest) {
      var ids = inputsOf(contest).filter(function (i) { return i.checked; }).map(function (i) { return i.dataset.candidate; }).sort();
      if (ids.length < contest.min || ids.length > contest.max) {
        throw U.Error("invalid-choice", contest.title + ": choose between " + contest.min + " and " + contest.max + " (you chose " + ids.length + ")");
      }
      if (ids.length > 0) choices[contest.id] = ids;
    });
    return choices;
  }

  // --- Encrypting, reviewing.
  function encrypt(choices) {
    P.status("Encrypting your ballot and proving it is well formed (in this browser)…");
    var started = performance.now();
    return U.ed25519.importSeed(B.fromHex(flow.seed)).then(function (privateKey) {
      return U.ballot.build(context.ctx, flow.district, { privateKey: privateKey, publicKey: B.fromHex(flow.credential) }, flow.token, choices);
    }).then(function (built) {
      return U.ballot.selfCheck(built.ballot, context.ctx).then(function () { return built; });
    }).then(function (built) {
      var ms = Math.round(performance.now() - started);
      flow.choices = choices;
      flow.built = { json: built.json, nonces: built.nonces, trackingCode: built.trackingCode };
      flow.step = "review";
      flow.encryptMs = ms;
      save();
      P.status("Encrypted and checked in " + ms + " ms.");
      showReview();
    });
  }

  function choiceItems(choices, district) {
    return contestsOf(district).map(function (contest) {
      var ids = choices[contest.id] || [];
      var text = ids.length === 0 ? "no choice" : ids.map(function (id) { return candidateName(contest.id, id); }).join(", ");
      return el("li", { "data-contest": contest.id }, [el("strong", {}, [contest.title + ": "]), text]);
    });
  }

  function showReview() {
    var list = P.clear($("review-choices"));
    choiceItems(flow.choices, flow.district).forEach(function (li) { list.appendChild(li); });
    $("tracking-code").textContent = U.ballot.shortCode(flow.built.trackingCode);
    showStep("review");
  }

  // --- Cast.
  function cast() {
    P.status("Casting your ballot; the receipt comes once it is stored and signed into the ledger…");
    return P.api("/ballots", { method: "POST", body: flow.built.json, as: "text" }).then(function (text) {
      var receipt = JSON.parse(text);
      if (receipt.tracking_code !== flow.built.trackingCode) {
        throw U.Error("receipt-mismatch", "the receipt is for another ballot (tracking code " + String(receipt.tracking_code).slice(0, 16) + "); keep this page and tell the commission");
      }
      return U.ledger.verifyReceipt(receipt, vkey.line, P.witnessKeys()).then(function (checked) {
        if (checked.electionID !== P.electionID()) throw U.Error("receipt-mismatch", "the receipt is for another election");
        flow.receipt = text;
        flow.receiptChecked = { seq: checked.seq, size: checked.size, cosigners: (checked.cosigners || []).map(function (c) { return c.name; }) };
        // The vote is cast: the choices and the nonces that would reveal them are no longer kept.
        delete flow.choices;
        delete flow.built.nonces;
        delete flow.audit;
        flow.step = "cast";
        save();
        showCast();
      });
    });
  }

  function showCast() {
    var receipt = JSON.parse(flow.receipt);
    $("receipt-code").textContent = U.ballot.shortCode(receipt.tracking_code);
    $("receipt-full").textContent = receipt.tracking_code;
    $("receipt-json").textContent = flow.receipt;
    P.downloadLink($("receipt-download"), "receipt-" + U.ballot.shortCode(receipt.tracking_code) + ".json", flow.receipt);
    var checks = P.clear($("cast-checks")), c = flow.receiptChecked || {};
    checks.appendChild(el("li", { class: "ok" }, ["The receipt is signed by the pinned ledger key, and its proof places your ballot at entry " + c.seq + " of a ledger of " + c.size + " entries."]));
    checks.appendChild(el("li", { class: (c.cosigners || []).length ? "ok" : "info" }, [(c.cosigners || []).length
      ? "Cosigned by the witnesses you pinned: " + c.cosigners.join(", ") + "."
      : "No witness you pinned cosigned this checkpoint (pin witness keys on the receipt page to check them)."]));
    P.status("");
    showStep("cast");
  }

  // --- Audit (Benaloh challenge): spoil, read the spoiled entry back, decrypt it with its nonces.
  function audit() {
    P.status("Publishing this ballot as spoiled, with its secrets…");
    var spoiled = U.ballot.spoiledBody({ ballot: JSON.parse(flow.built.json), json: flow.built.json, nonces: flow.built.nonces,
      trackingCode: flow.built.trackingCode }, flow.choices);
    return P.api("/spoils", { method: "POST", body: spoiled.json }).then(function (answer) {
      if (answer.tracking_code !== flow.built.trackingCode) throw U.Error("receipt-mismatch", "the service spoiled another ballot than this one");
      flow.audit = { seq: answer.seq, trackingCode: answer.tracking_code };
      flow.step = "audited";
      delete flow.built;
      save();
      return showAudit();
    });
  }

  function showAudit() {
    P.status("Reading the spoiled ballot back from the ledger…");
    return P.api("/entries?start=" + flow.audit.seq + "&end=" + (flow.audit.seq + 1), { as: "text" }).then(function (text) {
      var entry = U.ledger.parseLine(text.replace(/\n$/, ""));
      if (entry.seq !== flow.audit.seq || entry.kind !== "spoiled") throw U.Error("bad-entry", "the ledger did not return the spoiled ballot at entry " + flow.audit.seq);
      return U.ledger.entryHash(entry).then(function (hash) {
        if (!B.equal(hash, entry.hash)) throw U.Error("bad-entry", "the spoiled entry does not hash to its stated hash");
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
          showStep("audited");
        });
      });
    });
  }

  function start() {
    P.prefillFingerprint($("ledger-fingerprint"));
    $("login-form").addEventListener("submit", P.action($("login"), login));
    $("ballot-form").addEventListener("submit", P.action($("review"), function () { return encrypt(readChoices()); }));
    $("cast").addEventListener("click", P.action($("cast"), cast));
    $("audit").addEventListener("click", P.action($("audit"), audit));
    $("change").addEventListener("click", P.action($("change"), function () { flow.step = "ballot"; delete flow.built; save(); renderBallot(); showStep("ballot"); }));
    $("audit-change").addEventListener("click", P.action($("audit-change"), function () { flow.step = "ballot"; delete flow.audit; save(); renderBallot(); showStep("ballot"); }));
    $("reencrypt").addEventListener("click", P.action($("reencrypt"), function () { delete flow.audit; return encrypt(flow.choices); }));
    var saved = load();
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
