// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part05: [(String, String)] = [
        ("js/page-vote.js", #"""
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
  function receiptKey() { return "urna.receipt." + P.electionID(); }
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

  // --- The voter's district from the registrar-signed roll (election-record.md §4.1a), never
  // from the service's word alone: the entries before `open` are read, proven to be the start of
  // the signed checkpoint's tree (their root, or a consistency proof to it), and each `roll`
  // entry's registrar signature (crypto.md §6) is checked; an entry that fails adds no one.
  function rollDistrict(pseudonym) {
    var cp = context.checkpoint, election = JSON.parse(new TextDecoder().decode(context.election.body));
    var registrarKey = B.fromHex(election.registrar.identity_key), leaves = [], found = null, prev = null, done = false;
    var setupDigest;
    function page(from) {
      if (done || from >= cp.size) return Promise.resolve();
      P.status("Reading the registrar's roll from the ledger: entry " + from + "…");
      return P.fetchEntries(from, Math.min(cp.size, from + 1000)).then(function (entries) {
        if (entries.length === 0) throw U.Error("short-answer", "the service returned no entries from " + from);
        return entries.reduce(function (chain, entry, i) {
          return chain.then(function () {
            if (done) return null;
            if (entry.seq !== from + i) throw U.Error("bad-entry", "entry " + (from + i) + " came back as seq " + entry.seq);
            return U.ledger.entryHash(entry).then(function (hash) {
              if (!B.equal(hash, entry.hash) || (prev !== null && !B.equal(entry.prev, prev))) throw U.Error("bad-entry", "entry " + entry.seq + " does not hash or chain");
              prev = hash;
              return U.ledger.leafHash(hash);
            }).then(function (leaf) {
              leaves.push(leaf);
              if (entry.kind === "open") { done = true; return null; }
              if (entry.kind !== "roll" || found !== null) return null;
              return rollEntry(entry);
            });
          });
        }, Promise.resolve()).then(function () { return page(from + entries.length); });
      });
    }
    function rollEntry(entry) {
      var body;
      try { body = JSON.parse(new TextDecoder().decode(entry.body)); } catch (e) { return null; }
      if (!body || typeof body.pseudonyms !== "object" || !Object.prototype.hasOwnProperty.call(body.pseudonyms, pseudonym)) return null;
      var signature = body.identity_signature, unsigned = {};
      Object.keys(body).forEach(function (k) { if (k !== "identity_signature") unsigned[k] = body[k]; });
      var message;
      try {
        if (U.ballot.jcs(body) !== new TextDecoder().decode(entry.body)) return null; // not canonical: not a valid roll entry
        message = U.hash.encode("urna/v1/identity-signature", [setupDigest, "roll", B.utf8(U.ballot.jcs(unsigned))]);
        signature = B.fromHex(signature);
      } catch (e) { return null; }
      return U.ledger.ed25519VerifyStrict(registrarKey, message, signature).then(function (ok) {
        if (ok && typeof body.district === "string") found = { district: body.district, seq: entry.seq };
      });
    }
    return U.hash.hash("urna/v1/setup", [context.election.body]).then(function (digest) {
      setupDigest = digest;
      return page(0);
    }).then(function () {
      return U.ledger.rootOf(leaves);
    }).then(function (root) {
      if (leaves.length === cp.size) {
        if (!B.equal(root, cp.root)) throw U.Error("untrusted", "the entries served are not the signed ledger");
        return null;
      }
      return P.api("/proofs/consistency?old=" + leaves.length + "&new=" + cp.size).then(function (proof) {
        return U.ledger.verifyConsistency(leaves.length, cp.size, root, cp.root, (proof.hashes || []).map(B.fromHex));
      });
    }).then(function () {
      if (found === null) throw U.Error("not-on-roll", "your pseudonym is on no district's roll in the ledger: check it against your letter");
      return found.district;
    });
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
      if (saved && saved.pseudonym !== pseudonym && (saved.token || saved.blind)) {
        throw U.Error("another-voter", "this browser holds the unfinished ballot of another pseudonym; finish it first, or vote from another browser");
      }
      flow = { pseudonym: pseudonym, code: code };
      P.status("Asking which district your letter belongs to…");
      var answered;
      return P.api("/district", { method: "POST", body: { activation_code: code, pseudonym: pseudonym } }).then(function (answer) {
        answered = answer.district;
        return rollDistrict(pseudonym);
      }).then(function (district) {
        if (answered !== district) {
          throw U.Error("voter-other-district", "the service says district " + String(answered).slice(0, 64) + ", but the registrar's roll puts your pseudonym in " + district + ": do not vote here, and tell the observers");
        }
        flow.district = district;
        if (!Object.prototype.hasOwnProperty.call(context.ctx.districts, flow.district)
            || !Object.prototype.hasOwnProperty.call(context.ctx.tokenKeys, flow.district)) {
          throw U.Error("unknown-district", "the roll names a district that is not in the election");
        }
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
    }, function (e) {
      // The code is typed again for a retry; it is not left in the browser after a failure.
      delete flow.code;
      save();
      throw e;
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
    renderBallot();
    if (flow.step === "review" && flow.built) return showReview();
    if (flow.audit) {
      // Spoiled; the read-back had not finished (or its step was shown): do it again.
      if (flow.built) showReview();
      return showAudit();
    }
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
    lockReview();
    showStep("review");
  }

  // --- Cast and audit. A ballot is sent for one of the two only: which is saved before the
  // request, so after a failed or unclear answer the page only retries that same request (or
  // looks the ballot up), never sends a ballot whose nonces went out as a cast, nor spoils one
  // that may have been cast.
  function markSent(how) {
    if (!flow || !flow.built) throw U.Error("already-sent", "this ballot is no longer here; encrypt your choices afresh");
    if (flow.built.sent && flow.built.sent !== how) {
      throw U.Error("already-sent", "this ballot was already sent to be " + (flow.built.sent === "cast" ? "cast" : "audited") + "; it can only be " + (flow.built.sent === "cast" ? "cast" : "audited"));
    }
    flow.built.sent = how;
    save();
    lockReview();
  }

  function lockReview() {
    var sent = flow && flow.built ? flow.built.sent : "spoil";
    $("cast").disabled = sent === "spoil";
    $("audit").disabled = sent === "cast";
    $("change").disabled = !!sent;
  }

  function whileSending(step) {
    return function () {
      ["cast", "audit", "change"].forEach(function (id) { $(id).disabled = true; });
      return Promise.resolve().then(step).then(function (v) { lockReview(); return v; }, function (e) { lockReview(); throw e; });
    };
  }

  // A ballot the service already holds answers `ballot-replayed`: then its receipt is fetched.
  function castOrFind() {
    return P.api("/ballots", { method: "POST", body: flow.built.json, as: "text" }).catch(function (e) {
      if (e.code !== "ballot-replayed" && e.code !== "credential-used" && e.code !== "unavailable") throw e;
      P.status("The service already holds a ballot from this credential; fetching its receipt…");
      return P.api("/receipts/" + flow.built.trackingCode, { as: "text" });
    });
  }

  function cast() {
    markSent("cast");
    P.status("Casting your ballot; the receipt comes once it is stored and signed into the ledger…");
    var receiptText;
    return castOrFind().then(function (text) {
      receiptText = text;
      var receipt = JSON.parse(text);
      if (receipt.tracking_code !== flow.built.trackingCode) {
        throw U.Error("receipt-mismatch", "the receipt is for another ballot (tracking code " + String(receipt.tracking_code).slice(0, 16) + "); keep this page and tell the commission");
      }
      return U.ledger.verifyReceipt(receipt, vkey.line, P.witnessKeys()).then(P.requireWitnesses).then(function (checked) {
        if (checked.electionID !== P.electionID()) throw U.Error("receipt-mismatch", "the receipt is for another election");
        // The receipt proves entry_hash at seq under a signed checkpoint; the entry itself must
        // hash to it and hold this very ballot.
        return P.fetchEntries(checked.seq, checked.seq + 1).then(function (entries) {
          var entry = entries[0];
          if (!entry || entry.seq !== checked.seq || entry.kind !== "ballot") throw U.Error("receipt-mismatch", "the receipt's entry is not a cast ballot");
          return U.ledger.entryHash(entry).then(function (hash) {
            if (B.toHex(hash) !== checked.entryHash) throw U.Error("receipt-mismatch", "the receipt's entry does not hash to the proven entry hash");
            return U.ballot.trackingCode(JSON.parse(new TextDecoder().decode(entry.body)));
          }).then(function (code) {
            if (code !== flow.built.trackingCode) throw U.Error("receipt-mismatch", "the receipt's entry holds another ballot than yours; keep this page and tell the commission");
            return checked;
          });
        });
      });
    }).then(function (checked) {
      var kept = { receipt: receiptText, checked: { seq: checked.seq, size: checked.size,
        cosigners: (checked.cosigners || []).map(function (c) { return c.name; }) } };
      // The vote is cast. Only the receipt stays in the browser: not the credential's seed, the
      // token, the pseudonym, the choices or the nonces that would reveal them.
      try { localStorage.setItem(receiptKey(), JSON.stringify(kept)); localStorage.removeItem(storageKey()); } catch (e) { /* shown below anyway */ }
      flow = null;
      showCast(kept);
    });
  }

  function showCast(kept) {
    var receipt = JSON.parse(kept.receipt), text = kept.receipt;
    $("receipt-code").textContent = U.ballot.shortCode(receipt.tracking_code);
    $("receipt-full").textContent = receipt.tracking_code;
    $("receipt-json").textContent = text;
    P.downloadLink($("receipt-download"), "receipt-" + U.ballot.shortCode(receipt.tracking_code) + ".json", text);
    var checks = P.clear($("cast-checks")), c = kept.checked || {};
    checks.appendChild(el("li", { class: "ok" }, ["The receipt is signed by the pinned ledger key, its proof places entry " + c.seq + " in a ledger of " + c.size
      + " entries, and that entry is your ballot (its bytes give your tracking code)."]));
    checks.appendChild(el("li", { class: (c.cosigners || []).length ? "ok" : "info" }, [(c.cosigners || []).length
      ? "Cosigned by the witnesses you pinned: " + c.cosigners.join(", ") + "."
      : "You pinned no witness, so nobody but the commission vouches for this checkpoint (pin witness keys on the receipt page)."]));
    P.status("");
    showStep("cast");
  }

  // --- Audit (Benaloh challenge): spoil, read the spoiled entry back from the ledger under a
  // signed checkpoint, decrypt it with its nonces.
  function spoilOrFind(spoiled) {

"""#),
    ]
}
