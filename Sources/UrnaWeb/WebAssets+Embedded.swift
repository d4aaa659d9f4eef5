// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let embedded: [(String, String)] = [
        ("css/urna.css", #"""
/* Urna pages: system fonts only, readable from 320 px up, visible focus, no outside assets. */
:root { --fg: #1b1f24; --bg: #ffffff; --muted: #57606a; --line: #d0d7de; --accent: #0b5cad; --ok: #116329; --bad: #a40e26; --soft: #f3f6f9; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; font-size: 100%; line-height: 1.5; color: var(--fg); background: var(--bg); }
body { margin: 0; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
header { border-bottom: 1px solid var(--line); padding-top: .5rem; }
.brand { font-weight: 700; margin: .25rem 0; }
nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
nav a { display: inline-block; padding: .4rem 0; color: var(--accent); }
nav a[aria-current="page"] { font-weight: 700; color: var(--fg); }
.skip { position: absolute; left: -100rem; }
.skip:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .5rem; z-index: 2; }
h1 { font-size: 1.6rem; margin: 1rem 0 .5rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
a:focus, button:focus, input:focus, textarea:focus, summary:focus { outline: 3px solid #f5a623; outline-offset: 2px; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input[type="text"], textarea { width: 100%; max-width: 36rem; font: inherit; padding: .5rem; border: 1px solid var(--muted); border-radius: 4px; }
textarea { min-height: 8rem; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
button { font: inherit; padding: .55rem 1.1rem; margin: .75rem .5rem 0 0; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; min-height: 2.75rem; }
button.secondary { background: var(--bg); color: var(--accent); }
button:disabled { opacity: .5; cursor: wait; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 700; padding: 0 .25rem; }
fieldset .rule { color: var(--muted); margin: 0 0 .5rem; }
.choice { display: flex; align-items: center; gap: .6rem; padding: .35rem 0; font-weight: 400; margin: 0; }
.choice input { width: 1.3rem; height: 1.3rem; }
#status { color: var(--muted); min-height: 1.5em; }
#error { border: 2px solid var(--bad); color: var(--bad); background: #fff5f5; padding: .75rem 1rem; border-radius: 6px; margin: .5rem 0; }
.code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 1.4rem; letter-spacing: .05em; word-break: break-all; }
.hex { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem; word-break: break-all; }
pre { white-space: pre-wrap; word-break: break-all; background: var(--soft); padding: .75rem; border-radius: 6px; font-size: .8rem; max-height: 20rem; overflow: auto; }
.panel { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem 1rem; margin: 1rem 0; background: var(--soft); }
ul.checks { list-style: none; padding: 0; }
ul.checks li { padding: .25rem 0 .25rem 1.8rem; position: relative; }
ul.checks li::before { position: absolute; left: 0; font-weight: 700; }
ul.checks li.ok::before { content: "✓"; color: var(--ok); }
ul.checks li.fail::before { content: "✗"; color: var(--bad); }
ul.checks li.info::before { content: "i"; color: var(--muted); }
.outcome-ok { color: var(--ok); font-weight: 700; }
.outcome-fail { color: var(--bad); font-weight: 700; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
svg.bars { width: 100%; max-width: 40rem; height: auto; display: block; }
svg.bars text { font: 12px system-ui, sans-serif; fill: var(--fg); }
svg.bars rect { fill: var(--accent); }
.muted { color: var(--muted); }
footer { border-top: 1px solid var(--line); margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 30rem) {
  h1 { font-size: 1.35rem; }
  th, td { padding: .3rem .25rem; font-size: .85rem; }
  .code { font-size: 1.15rem; }
  button { width: 100%; margin-right: 0; }
}

"""#),
        ("favicon.svg", #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="1" y="6" width="14" height="9" rx="1" fill="#0b5cad"/><rect x="4" y="1" width="8" height="7" fill="#fff" stroke="#0b5cad"/><rect x="5" y="7" width="6" height="1.5" fill="#1b1f24"/></svg>

"""#),
        ("js/page-check.js", #"""
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

"""#),
        ("js/page-common.js", #"""
// What every page shares: the election in view, the API with its problems, the pinned ledger key,
// the context checked against it, and DOM helpers that only ever insert text (never HTML), so a
// string from a record or a user is always shown as text.
"use strict";
(function (U) {
  var B = U.bytes;

  function $(id) { return document.getElementById(id); }

  // el("tr", {"data-seq": 3, class: "x"}, [child, "text", …]): attributes set one by one, children
  // appended as nodes or text nodes.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) return;
      node.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, String(attrs[name])); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function show(id, on) { var n = $(id); if (n) n.hidden = !on; }
  function setState(state) { document.body.dataset.state = state; }
  function status(text) { var n = $("status"); if (n) n.textContent = text || ""; }

  // An error as the person should read it: the reason, then the problem code in brackets.
  function describe(e) {
    if (e && e.code) return (e.reason || e.message || "") + " [" + e.code + "]";
    if (e && e.name === "TypeError" && /fetch/i.test(String(e.message))) {
      return "the service could not be reached; check your connection and try again [network]";
    }
    return String((e && e.message) || e) + " [internal]";
  }

  function error(e) {
    var n = $("error");
    if (!n) return;
    if (!e) { n.hidden = true; n.textContent = ""; return; }
    n.textContent = describe(e);
    n.hidden = false;
    n.focus && n.setAttribute("tabindex", "-1");
    status("");
  }

  function query(name) { return new URLSearchParams(window.location.search).get(name); }

  // --- The API (Specs/api.md): JSON in and out; a problem answer becomes Urna.Error(code, detail).
  var electionID = null;

  function problemOf(response) {
    return response.text().then(function (text) {
      var code = "http-" + response.status, detail = "the service answered " + response.status;
      try {
        var p = JSON.parse(text);
        if (p && typeof p.code === "string") code = p.code;
        if (p && typeof p.detail === "string") detail = p.detail;
      } catch (ignored) { /* not a problem document: keep the status */ }
      throw U.Error(code, detail);
    });
  }

  function request(path, options) {
    var opts = options || {};
    var init = { method: opts.method || "GET", headers: {}, cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer" };
    if (opts.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    }
    return fetch(path, init).then(function (response) {
      if (!response.ok) return problemOf(response);
      if (opts.as === "text") return response.text();
      if (opts.as === "response") return response;
      return response.json();
    });
  }

  function api(path, options) {
    return request("/v1/elections/" + encodeURIComponent(electionID) + path, options);
  }

  // The election in view: ?election=ID, or the only one the service serves. Several and none
  // chosen: the page lists them as links and stops.
  function chooseElection() {
    var wanted = query("election");
    return request("/v1/elections").then(function (list) {
      var elections = list.elections || [];
      var found = elections.filter(function (e) { return e.election_id === wanted; });
      if (wanted !== null && found.length === 1) return found[0];
      if (wanted === null && elections.length === 1) return elections[0];
      var main = $("main");
      main.appendChild(el("h2", {}, [wanted === null ? "Choose an election" : "No election with this id here; choose one"]));
      main.appendChild(el("ul", { id: "elections" }, elections.map(function (e) {
        return el("li", {}, [el("a", { href: window.location.pathname + "?election=" + encodeURIComponent(e.election_id) },
          [e.title + " (" + e.election_id + ", " + e.phase + ")"])]);
      })));
      setState("choose");
      return null;
    }).then(function (chosen) {
      if (!chosen) return null;
      electionID = chosen.election_id;
      $("election-title").textContent = "· " + chosen.title;
      document.title = document.title + " · " + chosen.title;
      linkNav();
      return chosen;
    });
  }

  function linkNav() {
    var page = document.body.dataset.page;
    ["home", "vote", "receipt", "ledger", "check"].forEach(function (name) {
      var a = $("nav-" + name);
      if (!a) return;
      var params = new URLSearchParams();
      if (electionID !== null) params.set("election", electionID);
      a.href = (name === "home" ? "/" : "/" + name) + "?" + params.toString();
      if (name === page) a.setAttribute("aria-current", "page");
    });
  }

  // --- The pinned ledger key. The person types the fingerprint the commission published (never
  // taken from a link or from the service: either could come from the party being checked); the
  // page fetches ledger.vkey and refuses it unless it has that fingerprint. The pin is remembered
  // per election, and a different one later is refused.
  function normalizeFingerprint(text) {
    return String(text || "").toLowerCase().replace(/[^0-9a-f]/g, "");
  }

  function pinKey() { return "urna.pin." + electionID; }
  function storedFingerprint() {
    try { return electionID === null ? null : localStorage.getItem(pinKey()); } catch (e) { return null; }
  }

  function prefillFingerprint(input) {
    if (input) input.value = storedFingerprint() || "";
  }

  function pinnedLedgerKey(typed) {
    var want = normalizeFingerprint(typed);
    if (want.length !== 32) {
      return Promise.reject(U.Error("no-pinned-key",
        "enter the ledger key fingerprint the commission published (32 hex digits, e.g. 3f9a-0c12-…); it is how this page knows the record is the real one"));
    }
    var stored = storedFingerprint();
    if (stored && normalizeFingerprint(stored) !== want) {
      return Promise.reject(U.Error("pin-changed",
        "this browser pinned a different ledger key fingerprint for this election (" + stored + "); check the published one. If the commission really changed it, clear this site's data to pin again"));
    }
    return api("/ledger.vkey", { as: "text" }).then(function (text) {
      var line = text.replace(/\n$/, "");
      return U.ledger.fingerprint(line).then(function (fp) {
        if (normalizeFingerprint(fp) !== want) {
          throw U.Error("wrong-ledger-key",
            "the service's ledger key has fingerprint " + fp + ", not the one you entered: do not vote here, and tell the commission");
        }
        try { localStorage.setItem(pinKey(), fp); } catch (ignored) { /* private mode: pin for this visit only */ }
        linkNav();
        return U.ledger.parseVerifierKey(line);
      });
    });
  }

  // Witness keys a voter or observer pins (verifier key strings, one per line), remembered per election.
  function witnessKeys() {
    var text = "";
    try { text = localStorage.getItem("urna.witnesses." + electionID) || ""; } catch (e) { text = ""; }
    return text.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  // With witness keys pinned, a checkpoint must carry every one of their cosignatures: a view
  // the commission signed alone (a fork shown to one person) is refused.
  function requireWitnesses(cp) {
    var pinned = witnessKeys();
    var have = (cp.cosigners || []).map(function (c) { return c.vkey; });
    var missing = pinned.filter(function (line) { return have.indexOf(line) < 0; });
    if (missing.length > 0) {
      throw U.Error("not-witnessed", "the checkpoint lacks the cosignature of the witness(es) you pinned: "
        + missing.map(function (line) { return line.split("+")[0]; }).join(", ") + "; do not trust this view, and tell the observers");
    }
    return cp;
  }

  // The largest checkpoint this browser has seen for the election (size and root), so a service
  // cannot later show it an older or a different ledger: a smaller one is refused, one of the same
  // size must have the same root, and a larger one must be proven to extend it.
  function seenKey() { return "urna.seen." + electionID; }
  function notStale(cp) {
    var seen = null;
    try { seen = JSON.parse(localStorage.getItem(seenKey()) || "null"); } catch (e) { seen = null; }
    function remember() {
      try { localStorage.setItem(seenKey(), JSON.stringify({ size: cp.size, root: B.toHex(cp.root) })); } catch (e) { /* this visit only */ }
      return cp;
    }
    if (!seen || typeof seen.size !== "number" || typeof seen.root !== "string") return Promise.resolve(remember());
    if (cp.size < seen.size) {
      return Promise.reject(U.Error("stale-view", "the service shows a ledger of " + cp.size + " entries, but this browser already saw one of " + seen.size + ": it is hiding entries; tell the observers"));
    }
    if (cp.size === seen.size) {
      if (B.toHex(cp.root) !== seen.root) return Promise.reject(U.Error("fork", "the service shows a different ledger of the same size as one this browser saw before: the ledger was rewritten; tell the observers"));
      return Promise.resolve(cp);
    }
    return api("/proofs/consistency?old=" + seen.size + "&new=" + cp.size).then(function (proof) {
      return U.ledger.verifyConsistency(seen.size, cp.size, B.fromHex(seen.root), cp.root, (proof.hashes || []).map(B.fromHex));
    }).then(remember, function (e) {
      throw U.Error("fork", "the ledger shown now does not extend the one this browser saw before (" + (e.reason || e.message) + "): tell the observers");
    });
  }

  // step() again while it fails with `not-witnessed`, up to 6 times 1 s apart: a checkpoint an
  // administrator's command just signed reaches the witnesses within seconds.
  function witnessed(step) {
    function attempt(left) {
      return step().catch(function (e) {
        if (e.code !== "not-witnessed" || left <= 0) throw e;
        status("Waiting for the witnesses to cosign the newest checkpoint…");
        return new Promise(function (resolve) { setTimeout(resolve, 1000); }).then(function () { return attempt(left - 1); });
      });
    }
    return attempt(5);
  }

  // The latest checkpoint, signed by the pinned key (and cosigned by the pinned witnesses).
  function latestCheckpoint(vkey) {
    return witnessed(function () {
      return api("/checkpoint", { as: "text" }).then(function (note) {
        return U.ledger.openCheckpoint(note, vkey.line, witnessKeys());
      }).then(requireWitnesses);
    }).then(notStale);
  }

  // Entry `seq`, proven: its hash checked and its inclusion under the latest signed checkpoint.
  function provenEntry(seq, vkey) {
    var cp;
    return latestCheckpoint(vkey).then(function (checkpoint) {
      cp = checkpoint;
      if (cp.size <= seq) throw U.Error("not-covered", "entry " + seq + " is not yet under a signed checkpoint (" + cp.size + " entries); try again in a minute");
      return Promise.all([api("/proofs/inclusion?seq=" + seq + "&size=" + cp.size), fetchEntries(seq, seq + 1)]);
    }).then(function (got) {
      var proof = got[0], entry = got[1][0];
      if (!entry || entry.seq !== seq) throw U.Error("bad-entry", "the service did not return entry " + seq);
      return U.ledger.entryHash(entry).then(function (hash) {
        if (!B.equal(hash, entry.hash)) throw U.Error("bad-entry", "entry " + seq + " does not hash to its stated hash");
        return U.ledger.leafHash(hash);
      }).then(function (leaf) {
        return U.ledger.verifyInclusion(leaf, seq, cp.size, (proof.hashes || []).map(B.fromHex), cp.root);
      }).then(function () { return { entry: entry, checkpoint: cp }; });
    });
  }

  // The signed context (api.md §3.2), every part checked against the pinned key: the checkpoint's
  // signature, each entry's hash and its inclusion under the checkpoint. Resolves to
  // {checkpoint, election: entry, jointKey: entry or null, ctx: Urna.ballot.context or null}.
  function verifiedContext(vkey) {
    var answer;
    return witnessed(function () {
      return api("/manifest").then(function (got) {
        answer = got;
        return U.ledger.openCheckpoint(answer.checkpoint, vkey.line, witnessKeys());
      }).then(requireWitnesses);
    }).then(notStale).then(function (cp) {
      var entries = answer.entries || [];
      if (entries.length < 1 || entries.length > 2) throw U.Error("bad-context", "the context must hold the election entry and at most the joint key");
      return Promise.all(entries.map(function (item) {
        var entry = U.ledger.parseLine(item.line);
        return U.ledger.entryHash(entry).then(function (hash) {
          if (!B.equal(hash, entry.hash)) throw U.Error("bad-context", "entry " + entry.seq + " does not hash to its stated hash");
          return U.ledger.leafHash(hash);
        }).then(function (leaf) {
          return U.ledger.verifyInclusion(leaf, entry.seq, cp.size, (item.proof || []).map(B.fromHex), cp.root);
        }).then(function () { return entry; });
      })).then(function (parsed) {
        var election = parsed[0], joint = parsed[1] || null;
        if (election.seq !== 0 || election.kind !== "election") throw U.Error("bad-context", "the first context entry must be entry 0, the election");
        if (joint && joint.kind !== "joint-key") throw U.Error("bad-context", "the second context entry must be the joint key");
        return (joint ? U.ballot.context(election.body, joint.body) : Promise.resolve(null)).then(function (ctx) {
          if (ctx && ctx.electionID !== electionID) {
            throw U.Error("wrong-election", "the service answered with the context of election " + ctx.electionID + ", not " + electionID);
          }
          return { checkpoint: cp, election: election, jointKey: joint, ctx: ctx };
        });
      });
    });
  }

  function fetchEntries(from, to) {
    return api("/entries?start=" + from + "&end=" + to, { as: "text" }).then(function (text) {
      var lines = text.split("\n");
      if (lines[lines.length - 1] === "") lines.pop();
      return lines.map(U.ledger.parseLine);
    });
  }

  // Every entry up to the checkpoint `cp` (from U.ledger.openCheckpoint), fetched 1000 at a time,
  // each hashed and linked to the one before it, onEntry(entry) called for each, then the Merkle
  // root of them all compared with the checkpoint's signed root. Resolves to the leaf hashes (all
  // that is kept), so a page can later check any entry it shows against them.
  function scanLedger(cp, onEntry) {
    var size = cp.size, leaves = [], prev = new Uint8Array(32), CHUNK = 1000;
    function chunk(from) {
      if (from >= size) return Promise.resolve();
      var to = Math.min(size, from + CHUNK);
      status("Checking the whole ledger: " + from + " of " + size + " entries…");
      return fetchEntries(from, to).then(function (entries) {
        if (entries.length !== to - from) throw U.Error("short-answer", "the service returned " + entries.length + " entries for " + from + "…" + (to - 1));
        return entries.reduce(function (done, entry, i) {
          return done.then(function () {
            if (entry.seq !== from + i) throw U.Error("bad-entry", "entry " + (from + i) + " came back as seq " + entry.seq);
            return U.ledger.entryHash(entry);
          }).then(function (hash) {
            if (!B.equal(hash, entry.hash)) throw U.Error("bad-entry", "entry " + entry.seq + " does not hash to its stated hash");
            if (!B.equal(entry.prev, prev)) throw U.Error("bad-chain", "entry " + entry.seq + " does not link to the entry before it");
            prev = hash;
            if (onEntry) onEntry(entry);
            return U.ledger.leafHash(hash).then(function (leaf) { leaves.push(leaf); });
          });
        }, Promise.resolve());
      }).then(function () { return chunk(to); });
    }
    return chunk(0).then(function () { return U.ledger.rootOf(leaves); }).then(function (root) {
      if (!B.equal(root, cp.root)) throw U.Error("root-mismatch", "the ledger's entries do not hash to the checkpoint's signed root");
      status("");
      return leaves;
    });
  }

  // A download link for text made in the page (a blob: URL; the CSP allows no data: scripts).
  function downloadLink(anchor, name, text, type) {
    if (anchor.href && anchor.href.indexOf("blob:") === 0) URL.revokeObjectURL(anchor.href);
    anchor.href = URL.createObjectURL(new Blob([text], { type: type || "application/json" }));
    anchor.download = name;
  }

  function busy(button, on) { if (button) button.disabled = !!on; }

  // Runs step() on a submit/click, showing progress and errors; never two at once.
  function action(button, step) {
    var running = false;
    return function (event) {
      if (event) event.preventDefault();
      if (running) return;
      running = true;
      error(null);
      busy(button, true);
      Promise.resolve().then(step).catch(function (e) {
        error(e);
      }).then(function () {
        running = false;
        busy(button, false);
      });
    };
  }

  // Runs step() for a control that manages its own enabled state, showing errors.
  function run(step) {
    return function (event) {
      if (event) event.preventDefault();
      error(null);
      Promise.resolve().then(step).catch(error);
    };
  }

  function formatTime(ms) {
    var d = new Date(Number(ms));
    return isNaN(d.getTime()) ? String(ms) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  }

  U.page = {
    $: $, el: el, svg: svg, clear: clear, show: show, setState: setState, status: status, error: error, describe: describe,
    query: query, request: request, api: api, chooseElection: chooseElection,
    electionID: function () { return electionID; },
    prefillFingerprint: prefillFingerprint, pinnedLedgerKey: pinnedLedgerKey, normalizeFingerprint: normalizeFingerprint,
    storedFingerprint: storedFingerprint, witnessKeys: witnessKeys, verifiedContext: verifiedContext, fetchEntries: fetchEntries, scanLedger: scanLedger,
    requireWitnesses: requireWitnesses, latestCheckpoint: latestCheckpoint, provenEntry: provenEntry,
    downloadLink: downloadLink, action: action, run: run, formatTime: formatTime,
  };
})(Urna);

"""#),
        ("js/page-home.js", #"""
// The election page (/): phase and keys, per-district counts, and once published the results per
// district and in total with inline SVG bar charts; the public record to download and how to
// verify it. The counts are the service's (informative, and labelled so). The results are the
// `result` entry: with a pinned ledger key, the entry is found in the ledger and its inclusion
// under the signed checkpoint checked here; without one they are labelled as the service's word.
"use strict";
(function (U) {
  var P = U.page, B = U.bytes, $ = P.$, el = P.el;
  var manifest = null, vkey = null;

  function districtName(id) {
    var d = manifest && manifest.districts.filter(function (x) { return x.id === id; })[0];
    return d ? d.name : id;
  }
  function contest(id) { return manifest && manifest.contests.filter(function (x) { return x.id === id; })[0]; }
  function candidateName(contestID, id) {
    var c = contest(contestID), k = c && c.candidates.filter(function (x) { return x.id === id; })[0];
    return k ? k.name : id;
  }
  function number(n) { return typeof n === "number" ? n.toLocaleString("en") : "—"; }

  // The manifest, for names: checked against the pinned key when one is pinned.
  function loadManifest() {
    var fp = P.storedFingerprint();
    var source = fp ? P.pinnedLedgerKey(fp).then(function (key) {
      vkey = key;
      return P.verifiedContext(key);
    }).then(function (c) { return { entry: c.election, checked: true }; })
      : P.api("/manifest").then(function (answer) { return { entry: U.ledger.parseLine(answer.entries[0].line), checked: false }; });
    return source.then(function (got) {
      manifest = JSON.parse(new TextDecoder().decode(got.entry.body)).manifest;
      return got.checked;
    });
  }

  function bars(contestID, counts) {
    var c = contest(contestID), ids = c ? c.candidates.map(function (k) { return k.id; }) : Object.keys(counts);
    var most = Math.max.apply(null, ids.map(function (id) { return counts[id] || 0; }).concat([1]));
    var row = 28, label = 180, width = 600, barMax = width - label - 70;
    var chart = P.svg("svg", { class: "bars", viewBox: "0 0 " + width + " " + (ids.length * row + 8), role: "img",
      "aria-label": (c ? c.title : contestID) + ": votes per candidate" });
    ids.forEach(function (id, i) {
      var n = counts[id] || 0, y = i * row + 4, w = Math.round(barMax * n / most);
      var name = candidateName(contestID, id);
      chart.appendChild(P.svg("text", { x: label - 8, y: y + 17, "text-anchor": "end" }, [name.length > 26 ? name.slice(0, 25) + "…" : name]));
      chart.appendChild(P.svg("rect", { x: label, y: y + 4, width: Math.max(w, 1), height: row - 10, rx: 2 }));
      chart.appendChild(P.svg("text", { x: label + Math.max(w, 1) + 6, y: y + 17 }, [String(n)]));
    });
    return chart;
  }

  function resultSection(district, title, ballots, contests) {
    var section = el("section", { "data-district": district }, [el("h3", {}, [title])]);
    if (typeof ballots === "number") section.appendChild(el("p", {}, ["Ballots counted: " + number(ballots)]));
    ordered(contests, manifest && manifest.contests).forEach(function (contestID) {
      var c = contest(contestID), counts = contests[contestID];
      section.appendChild(el("h4", {}, [c ? c.title : contestID]));
      section.appendChild(bars(contestID, counts));
      var ids = c ? c.candidates.map(function (k) { return k.id; }) : Object.keys(counts);
      section.appendChild(el("div", { class: "table-wrap" }, [el("table", { "data-contest": contestID }, [
        el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Candidate"]), el("th", { scope: "col", class: "num" }, ["Votes"])])]),
        el("tbody", {}, ids.map(function (id) {
          return el("tr", {}, [el("th", { scope: "row" }, [candidateName(contestID, id)]),
            el("td", { class: "num", "data-contest": contestID, "data-candidate": id }, [String(counts[id] || 0)])]);
        })),
      ])]));
    });
    return section;
  }

  // Ids of `object` in manifest order (then any the manifest lacks, sorted).
  function ordered(object, list) {
    var known = (list || []).map(function (x) { return x.id; }).filter(function (id) { return Object.prototype.hasOwnProperty.call(object, id); });
    return known.concat(Object.keys(object).filter(function (id) { return known.indexOf(id) < 0; }).sort());
  }

  function showResults(result, proven) {
    var box = P.clear($("results-body"));
    var districts = result.districts || {};
    ordered(districts, manifest && manifest.districts).forEach(function (d) {
      var r = districts[d];
      box.appendChild(resultSection(d, districtName(d), r.ballots, r.contests || {}));
    });
    box.appendChild(resultSection("", "All districts", undefined, result.totals || {}));
    $("results-source").textContent = "Decrypted by trustees " + (result.trustees || []).join(", ") + ". "
      + (proven ? "This is the result entry at seq " + proven.seq + ", checked here to be in the ledger under a checkpoint signed by the ledger key you pinned. scrutineer checks every count against the ballots."
        : "As the service reports it, not checked here: pin the ledger key (on the ledger page) to check that this is the ledger's result entry, and verify the counts with scrutineer.");
    $("results").hidden = false;
  }

  // The result entry, found from the end of the ledger and proven under the latest checkpoint.
  function provenResult() {
    return P.latestCheckpoint(vkey).then(function (cp) {
      var from = Math.max(0, cp.size - 50);
      return P.fetchEntries(from, cp.size).then(function (entries) {
        var found = entries.filter(function (e) { return e.kind === "result"; }).pop();
        if (!found) throw U.Error("not-found", "no result entry among the ledger's last entries");
        return P.provenEntry(found.seq, vkey);
      });
    }).then(function (proven) {
      return { seq: proven.entry.seq, result: JSON.parse(new TextDecoder().decode(proven.entry.body)) };
    });
  }

  function showDistricts(summary, result) {
    var body = P.clear($("districts-body"));
    (summary.districts || []).forEach(function (d) {
      var counted = result && result.districts && result.districts[d.id] ? result.districts[d.id].ballots : null;
      body.appendChild(el("tr", { "data-district": d.id }, [
        el("th", { scope: "row" }, [districtName(d.id)]),
        el("td", { class: "num", "data-field": "roll" }, [number(d.roll)]),
        el("td", { class: "num", "data-field": "issued" }, [number(d.issued)]),
        el("td", { class: "num", "data-field": "cast" }, [number(d.ballots)]),
        el("td", { class: "num", "data-field": "counted" }, [counted === null ? "— (after the tally)" : number(counted)]),
        el("td", { class: "num", "data-field": "spoiled" }, [number(d.spoiled)]),
      ]));
    });
  }

  // The whole ledger as ledger.jsonl, assembled in the browser from the paged entries.
  function downloadRecord(event) {
    var anchor = $("download-record");
    if (anchor.href.indexOf("blob:") === 0) return;
    event.preventDefault();
    P.run(function () {
      return P.api("/checkpoint", { as: "text" }).then(function (note) {
        var size = U.ledger.parseCheckpoint(note).size, parts = [];
        function chunk(from) {
          if (from >= size) return Promise.resolve();
          P.status("Downloading the record: " + from + " of " + size + " entries…");
          return P.api("/entries?start=" + from + "&end=" + Math.min(size, from + 1000), { as: "text" }).then(function (text) {
            parts.push(text);
            return chunk(from + 1000);
          });
        }
        return chunk(0).then(function () {
          P.status("The record (" + size + " entries) is ready; the checkpoint and ledger.vkey links complete it.");
          anchor.href = URL.createObjectURL(new Blob(parts, { type: "application/jsonl" }));
          anchor.download = "ledger.jsonl";
          anchor.click();
        });
      });
    })();
  }

  function start() {
    var id = P.electionID(), base = "/v1/elections/" + encodeURIComponent(id);
    $("download-checkpoint").href = base + "/checkpoint";
    $("download-checkpoint").download = "checkpoint";
    $("download-vkey").href = base + "/ledger.vkey";
    $("download-vkey").download = "ledger.vkey";
    $("download-record").addEventListener("click", downloadRecord);
    var summary, result = null, checked = false;
    return P.api("/").then(function (s) {
      summary = s;
      $("phase").textContent = s.phase;
      $("ledger-size").textContent = number(s.ledger_size) + " (ballots " + number(s.ballots) + ", spoiled " + number(s.spoiled) + ")";
      // The key and its fingerprint as computed here from the key the service signs with (not
      // the service's own claim of its fingerprint), for comparing with the election notice.
      return P.api("/ledger.vkey", { as: "text" }).then(function (text) {
        var line = text.replace(/\n$/, "");
        return U.ledger.parseVerifierKey(line).then(function () { return U.ledger.fingerprint(line); }).then(function (fp) {
          $("ledger-fingerprint-shown").textContent = fp;
          $("ledger-key-shown").textContent = line;
        });
      });
    }).then(function () {
      // The command names the key file the commission published, never a string from the service.
      $("verify").textContent = "scrutineer verify " + window.location.origin + base + " --ledger-key ledger.vkey\n\n"
        + "# ledger.vkey: the ledger key the commission published (check its fingerprint against the\n"
        + "# election notice). scrutineer is built from Urna's source: swift build -c release --product scrutineer\n"
        + "# A downloaded record (ledger.jsonl and checkpoint in DIR): scrutineer verify DIR --ledger-key ledger.vkey";
      return loadManifest();
    }).then(function (c) {
      checked = c;
      return P.api("/results").catch(function (e) { if (e.code === "not-published") return null; throw e; });
    }).then(function (r) {
      if (!r || !vkey) return { result: r, proven: null };
      return provenResult().then(function (p) { return { result: p.result, proven: p }; });
    }).then(function (got) {
      result = got.result;
      showDistricts(summary, result);
      if (result) showResults(result, got.proven);
      P.status(checked ? "The election's manifest was checked against the ledger key you pinned."
        : "Names come from the election entry, not yet checked against a pinned key (the vote, receipt and ledger pages check it).");
      P.setState("loaded");
    });
  }

  P.chooseElection().then(function (chosen) { if (chosen) return start(); }).catch(P.error);
})(Urna);

"""#),
        ("js/page-ledger.js", #"""
// The ledger explorer (/ledger): the latest checkpoint with its cosigners, the whole ledger up to
// it hashed in the browser and compared with the signed root, and the entries page by page (each
// entry's hash and link to the one before it checked), ballots shown with their tracking codes.
"use strict";
(function (U) {
  var P = U.page, B = U.bytes, $ = P.$, el = P.el;
  var PAGE = 50, FULL_CHECK_LIMIT = 200000;
  var vkey = null, checkpoint = null, start = 0, leaves = null;

  function fact(cls, text) { $("checkpoint-facts").appendChild(el("li", { class: cls }, [text])); }

  function load() {
    P.clear($("checkpoint-facts"));
    return P.pinnedLedgerKey($("ledger-fingerprint").value).then(function (key) {
      vkey = key;
      return P.latestCheckpoint(vkey);
    }).then(function (cp) {
      checkpoint = cp;
      $("checkpoints").hidden = false;
      fact("ok", "Signed by the ledger key " + vkey.name + " (the fingerprint you pinned): " + cp.size + " entries, root " + B.toHex(cp.root) + ".");
      var names = (cp.cosigners || []).map(function (c) { return c.name + " (at " + P.formatTime(c.time * 1000) + ")"; });
      fact(names.length ? "ok" : "info", names.length ? "Cosigned by the witnesses you pinned: " + names.join(", ") + "."
        : "No witness you pinned cosigned it (pin witness keys on the receipt page).");
      if (cp.unverified) fact("info", cp.unverified + " other cosignature(s) present, not checked: their keys are not pinned.");
      if (cp.size > FULL_CHECK_LIMIT) {
        leaves = null;
        fact("info", "The ledger is too long to hash in a browser: entries below are shown as the service sends them; verify it with scrutineer (see the election page).");
        return null;
      }
      return P.scanLedger(cp, null).then(function (all) {
        leaves = all;
        fact("ok", "All " + cp.size + " entries were fetched and hashed here: each links to the one before it, and together they give the signed root.");
      });
    }).then(function () {
      var wanted = Number(P.query("start"));
      start = Number.isSafeInteger(wanted) && wanted >= 0 ? wanted - (wanted % PAGE) : 0;
      return showPage();
    });
  }

  function describe(entry) {
    if (entry.kind !== "ballot" && entry.kind !== "spoiled") return Promise.resolve(null);
    var body;
    try { body = JSON.parse(new TextDecoder().decode(entry.body)); } catch (e) { return Promise.resolve(null); }
    var ballot = entry.kind === "ballot" ? body : body && body.ballot;
    return U.ballot.trackingCode(ballot).catch(function () { return null; });
  }

  function showPage() {
    var size = checkpoint.size;
    if (start >= size && size > 0) start = Math.max(0, (size - 1) - ((size - 1) % PAGE));
    var end = Math.min(size, start + PAGE);
    P.status("Loading entries " + start + "…" + (end - 1) + "…");
    // Each entry shown must be the one hashed in the whole-ledger check (same leaf at the same
    // seq), so a page served differently the second time is refused, not shown.
    return (end > start ? P.fetchEntries(start, end) : Promise.resolve([])).then(function (entries) {
      if (entries.length !== end - start) throw U.Error("short-answer", "the service returned " + entries.length + " entries for " + start + "…" + (end - 1));
      var body = P.clear($("entries-body"));
      return entries.reduce(function (done, entry, i) {
        return done.then(function () {
          if (entry.seq !== start + i) throw U.Error("bad-entry", "entry " + (start + i) + " came back as seq " + entry.seq);
          return U.ledger.entryHash(entry);
        }).then(function (hash) {
          if (!B.equal(hash, entry.hash)) throw U.Error("bad-entry", "entry " + entry.seq + " does not hash to its stated hash");
          return U.ledger.leafHash(hash);
        }).then(function (leaf) {
          if (leaves && !B.equal(leaf, leaves[entry.seq])) {
            throw U.Error("bad-entry", "entry " + entry.seq + " is not the entry the whole-ledger check hashed: the service serves two versions of the ledger");
          }
          return describe(entry).then(function (code) {
            var cell = el("td", { class: "hex" }, [B.toHex(entry.hash)]);
            if (!leaves) cell.appendChild(el("span", { class: "muted" }, [" (not checked against the root)"]));
            if (code) {
              var link = el("a", { href: "/receipt?election=" + encodeURIComponent(P.electionID()) + "&code=" + code }, [U.ballot.shortCode(code)]);
              cell.appendChild(el("div", {}, [entry.kind === "ballot" ? "tracking code " : "spoiled, tracking code ", link]));
            }
            body.appendChild(el("tr", { "data-seq": entry.seq, "data-kind": entry.kind }, [
              el("td", { class: "num" }, [entry.seq]), el("td", {}, [entry.kind]), el("td", {}, [P.formatTime(entry.time)]), cell]));
          });
        });
      }, Promise.resolve());
    }).then(function () {
      $("entries-section").hidden = false;
      $("entries-range").textContent = size === 0 ? "The ledger is empty." : "Entries " + start + " to " + (end - 1) + " of " + size + ".";
      $("prev-page").disabled = start === 0;
      $("next-page").disabled = end >= size;
      var url = new URL(window.location.href);
      url.searchParams.set("start", String(start));
      history.replaceState(null, "", url.pathname + "?" + url.searchParams.toString());
      P.status("");
      P.setState("loaded");
    });
  }

  function startPage() {
    P.prefillFingerprint($("ledger-fingerprint"));
    $("ledger-form").addEventListener("submit", P.action($("ledger-load"), load));
    $("prev-page").addEventListener("click", P.run(function () { start = Math.max(0, start - PAGE); return showPage(); }));
    $("next-page").addEventListener("click", P.run(function () { start += PAGE; return showPage(); }));
    if (P.storedFingerprint()) return load();
    P.setState("ready");
  }

  P.chooseElection().then(function (chosen) { if (chosen) return startPage(); }).catch(P.error);
})(Urna);

"""#),
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
        ("js/urna-blindrsa.js", #"""
// Urna browser crypto — RFC 9474 RSABSSA-SHA384 client side (Specs/tokens.md). Defines Urna.blindrsa.
// Keys are {n, e} BigInts (publicKeyFromBase64 reads the election entry's token_keys). The client runs Prepare, Blind and Finalize (which verifies the result);
// signing is the service's job and is not here. Hashing is WebCrypto SHA-384, so these return Promises.
"use strict";
(function (U) {
  var B = U.bytes, H = U.hash, E = U.Error;
  var HLEN = 48;

  // Key policy of Specs/tokens.md §2.1.
  function keyInfo(key) {
    var modBits = B.bitLength(key.n);
    if (key.e !== 65537n) throw E("invalid-key", "the public exponent must be 65537");
    if (modBits < 2048) throw E("key-too-small", "the modulus has " + modBits + " bits; at least 2048 are required");
    if (modBits > 8192 || (key.n & 1n) === 0n) throw E("invalid-key", "the modulus is larger than 8192 bits or even");
    return { modBits: modBits, k: Math.ceil(modBits / 8) };
  }

  // --- SubjectPublicKeyInfo (tokens.md §2.2): parsed, then re-encoded and compared, so only the one
  // canonical DER encoding (rsaEncryption, NULL parameters, minimal INTEGERs) is accepted.
  var RSA_ALGORITHM = B.fromHex("300d06092a864886f70d0101010500");

  function derLength(n) {
    if (n < 0x80) return new Uint8Array([n]);
    if (n < 0x100) return new Uint8Array([0x81, n]);
    if (n < 0x10000) return new Uint8Array([0x82, n >> 8, n & 255]);
    return new Uint8Array([0x83, n >> 16, (n >> 8) & 255, n & 255]);
  }
  function der(tag, body) { return B.concat([new Uint8Array([tag]), derLength(body.length), body]); }
  function derInteger(v) {
    var hex = v.toString(16);
    if (hex.length % 2) hex = "0" + hex;
    if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = "00" + hex;
    return der(0x02, B.fromHex(hex));
  }

  // Reads one TLV at `at`; returns {tag, body, next}. Throws on truncation.
  function readTLV(bytes, at) {
    if (at + 2 > bytes.length) throw E("invalid-encoding", "truncated DER");
    var tag = bytes[at], first = bytes[at + 1], len = 0, head = 2;
    if (first < 0x80) len = first;
    else {
      var count = first & 0x7f;
      if (count < 1 || count > 3 || at + 2 + count > bytes.length) throw E("invalid-encoding", "bad DER length");
      for (var i = 0; i < count; i++) len = len * 256 + bytes[at + 2 + i];
      head += count;
    }
    if (at + head + len > bytes.length) throw E("invalid-encoding", "truncated DER");
    return { tag: tag, body: bytes.subarray(at + head, at + head + len), next: at + head + len };
  }

  function spkiEncode(key) {
    var rsaKey = der(0x30, B.concat([derInteger(key.n), derInteger(key.e)]));
    return der(0x30, B.concat([RSA_ALGORITHM, der(0x03, B.concat([new Uint8Array([0]), rsaKey]))]));
  }

  function publicKeyFromSPKI(bytes) {
    var outer = readTLV(bytes, 0);
    if (outer.tag !== 0x30) throw E("invalid-encoding", "SPKI is not a SEQUENCE");
    var alg = readTLV(outer.body, 0), bits = readTLV(outer.body, alg.next);
    if (bits.tag !== 0x03 || bits.body.length < 1 || bits.body[0] !== 0) throw E("invalid-encoding", "bad BIT STRING");
    var seq = readTLV(bits.body, 1);
    if (seq.tag !== 0x30) throw E("invalid-encoding", "RSAPublicKey is not a SEQUENCE");
    var nT = readTLV(seq.body, 0), eT = readTLV(seq.body, nT.next);
    if (nT.tag !== 0x02 || eT.tag !== 0x02) throw E("invalid-encoding", "RSAPublicKey needs two INTEGERs");
    var key = { n: B.toBigInt(nT.body), e: B.toBigInt(eT.body) };
    if (!B.equal(spkiEncode(key), bytes)) {
      throw E("invalid-encoding", "not the canonical rsaEncryption SPKI DER of an RSA key");
    }
    keyInfo(key);
    return key;
  }

  // Standard padded base64 (RFC 4648 §4), canonical only, as the election entry's token_keys carry it.
  function publicKeyFromBase64(text) {
    if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
      throw E("invalid-encoding", "a token key is padded standard base64");
    }
    var bin = atob(text), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    if (btoa(bin) !== text) throw E("invalid-encoding", "non-canonical base64");
    return publicKeyFromSPKI(bytes);
  }

  // MGF1-SHA-384(seed, len).
  function mgf1(seed, len) {
    var blocks = [], count = Math.ceil(len / HLEN);
    for (var i = 0; i < count; i++) blocks.push(H.sha384(B.concat([seed, B.u32(i)])));
    return Promise.all(blocks).then(function (list) { return B.concat(list).subarray(0, len); });
  }

  // EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with SHA-384 and the given salt.
  function pssEncode(msg, emBits, salt) {
    var emLen = Math.ceil(emBits / 8);
    if (emLen < HLEN + salt.length + 2) return Promise.reject(E("message-too-long", "encoding error"));
    return H.sha384(msg).then(function (mHash) {
      return H.sha384(B.concat([new Uint8Array(8), mHash, salt]));
    }).then(function (h) {
      var db = new Uint8Array(emLen - HLEN - 1);
      db[emLen - salt.length - HLEN - 2] = 1;
      db.set(salt, emLen - salt.length - HLEN - 1);
      return mgf1(h, emLen - HLEN - 1).then(function (mask) {
        for (var i = 0; i < db.length; i++) db[i] ^= mask[i];
        db[0] &= 0xff >> (8 * emLen - emBits);
        return B.concat([db, h, new Uint8Array([0xbc])]);
      });
    });
  }

  // EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with the salt length exactly sLen. Resolves to a boolean.
  function pssCheck(msg, em, emBits, sLen) {
    var emLen = Math.ceil(emBits / 8);
    if (em.length !== emLen || emLen < HLEN + sLen + 2 || em[emLen - 1] !== 0xbc) return Promise.resolve(false);
    var masked = em.subarray(0, emLen - HLEN - 1), h = em.subarray(emLen - HLEN - 1, emLen - 1);
    var topBits = 8 * emLen - emBits;
    if ((masked[0] & (0xff << (8 - topBits)) & 0xff) !== 0) return Promise.resolve(false);
    return mgf1(h, masked.length).then(function (mask) {
      var db = new Uint8Array(masked.length);
      for (var i = 0; i < db.length; i++) db[i] = masked[i] ^ mask[i];
      db[0] &= 0xff >> topBits;
      var psLen = emLen - HLEN - sLen - 2;
      for (var j = 0; j < psLen; j++) if (db[j] !== 0) return false;
      if (db[psLen] !== 1) return false;
      var salt = db.subarray(db.length - sLen);
      return H.sha384(msg).then(function (mHash) {
        return H.sha384(B.concat([new Uint8Array(8), mHash, salt]));
      }).then(function (h2) { return B.equal(h, h2); });
    });
  }

  // PrepareRandomize: msg_prefix (32 random bytes, or the given ones) ‖ msg.
  function prepare(msg, prefix) {
    var pre = prefix || B.random(32);
    if (pre.length !== 32) throw E("invalid-parameter", "msg_prefix is 32 bytes");
    return { prefix: pre, inputMsg: B.concat([pre, msg]) };
  }

  function randomBelow(n) {
    var bits = B.bitLength(n), len = Math.ceil(bits / 8), top = 0xff >> (8 * len - bits);
    for (;;) {
      var x = B.random(len);
      x[0] &= top;
      var v = B.toBigInt(x);
      if (v !== 0n && v < n) return v;
    }
  }

  // Blind (RFC 9474 §4.2, emBits = modBits − 1). opts (tests only): {salt, inv} fixes the salt and
  // the blinding inverse (r = inv⁻¹ mod n). Resolves to {blindedMsg (k bytes), inv (BigInt)}.
  function blind(key, inputMsg, sLen, opts) {
    var info = keyInfo(key);
    var salt = opts && opts.salt ? opts.salt : B.random(sLen);
    if (salt.length !== sLen) return Promise.reject(E("invalid-parameter", "salt length"));
    return pssEncode(inputMsg, info.modBits - 1, salt).then(function (em) {
      var m = B.toBigInt(em);
      B.modInverse(m, key.n); // throws unless m is coprime to n
      var r, inv;
      for (var tries = 0; ; tries++) {
        if (tries >= 8) throw E("invalid-blinding", "no invertible blinding factor");
        try {
          if (opts && opts.inv !== undefined) { inv = opts.inv; r = B.modInverse(inv, key.n); }
          else { r = randomBelow(key.n); inv = B.modInverse(r, key.n); }
          break;
        } catch (e) { if (opts && opts.inv !== undefined) throw e; }
      }
      var z = (m * B.modPow(r, key.e, key.n)) % key.n;
      return { blindedMsg: B.fromBigInt(z, info.k), inv: inv };
    });
  }

  // RSASSA-PSS-VERIFY (SHA-384, MGF1-SHA-384, salt length exactly sLen).
  function verify(key, inputMsg, sig, sLen) {
    var info = keyInfo(key);
    if (sig.length !== info.k) return Promise.resolve(false);
    var s = B.toBigInt(sig);
    if (s >= key.n) return Promise.resolve(false);
    var m = B.modPow(s, key.e, key.n), emLen = Math.ceil((info.modBits - 1) / 8);
    if (m >= (1n << BigInt(8 * emLen))) return Promise.resolve(false);
    return pssCheck(inputMsg, B.fromBigInt(m, emLen), info.modBits - 1, sLen);
  }

  // Finalize (RFC 9474 §4.3): sig = blind_sig · inv mod n, then verified. Resolves to sig (k bytes).
  function finalize(key, inputMsg, blindSig, inv, sLen) {
    var info = keyInfo(key);
    if (blindSig.length !== info.k) return Promise.reject(E("unexpected-length", "blind signature length"));
    var z = B.toBigInt(blindSig);
    if (z >= key.n) return Promise.reject(E("signature-invalid", "blind signature is not below n"));
    if (inv <= 0n || inv >= key.n) return Promise.reject(E("invalid-blinding", "inverse out of range"));
    var sig = B.fromBigInt((z * inv) % key.n, info.k);
    return verify(key, inputMsg, sig, sLen).then(function (ok) {
      if (!ok) throw E("signature-invalid", "the finalized signature does not verify");
      return sig;
    });
  }

  // The Urna token message (Specs/tokens.md §5): LP("urna/v1/token", electionID, districtID, cpk).
  function tokenMessage(electionID, districtID, cpk) {
    if (cpk.length !== 32) throw E("invalid-parameter", "a credential public key is 32 bytes");
    return H.encode("urna/v1/token", [electionID, districtID, cpk]);
  }

  U.blindrsa = {
    SALT_LEN: HLEN, mgf1: mgf1, pssEncode: pssEncode, prepare: prepare, blind: blind,
    finalize: finalize, verify: verify, tokenMessage: tokenMessage,
    publicKeyFromSPKI: publicKeyFromSPKI, publicKeyFromBase64: publicKeyFromBase64, spkiEncode: spkiEncode
  };
})(Urna);

"""#),
        ("js/urna-bytes.js", #"""
// Urna browser crypto — byte and integer helpers. Plain script (no modules); defines Urna.bytes.
// Every other file in this folder extends the same global `Urna` object.
"use strict";
var Urna = (typeof Urna !== "undefined") ? Urna : {};
(function (U) {
  function UrnaError(code, reason) {
    var e = new Error(code + ": " + reason);
    e.code = code;
    e.reason = reason;
    return e;
  }

  // Lowercase hex only (Specs/crypto.md: a decoder refuses upper case).
  function fromHex(text) {
    if (typeof text !== "string" || text.length % 2 !== 0 || !/^[0-9a-f]*$/.test(text)) {
      throw UrnaError("invalid-encoding", "expected lowercase hex with an even number of digits");
    }
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(text.substr(2 * i, 2), 16);
    return out;
  }

  function toHex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return s;
  }

  function concat(list) {
    var n = 0;
    for (var i = 0; i < list.length; i++) n += list[i].length;
    var out = new Uint8Array(n), at = 0;
    for (var j = 0; j < list.length; j++) { out.set(list[j], at); at += list[j].length; }
    return out;
  }

  function utf8(text) { return new TextEncoder().encode(text); }

  function equal(a, b) {
    if (a.length !== b.length) return false;
    var d = 0;
    for (var i = 0; i < a.length; i++) d |= a[i] ^ b[i];
    return d === 0;
  }

  // Big-endian bytes <-> BigInt.
  function toBigInt(bytes) {
    return bytes.length === 0 ? 0n : BigInt("0x" + toHex(bytes));
  }

  function fromBigInt(value, length) {
    if (value < 0n) throw UrnaError("invalid-parameter", "negative integer");
    var hex = value.toString(16);
    if (hex.length > 2 * length) throw UrnaError("invalid-parameter", "integer does not fit in " + length + " bytes");
    while (hex.length < 2 * length) hex = "0" + hex;
    return fromHex(hex);
  }

  function u32(n) {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw UrnaError("invalid-parameter", "u32 out of range");
    return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  }

  function u64(n) {
    var v = BigInt(n);
    if (v < 0n || v >= (1n << 64n)) throw UrnaError("invalid-parameter", "u64 out of range");
    return fromBigInt(v, 8);
  }

  function bitLength(v) { return v === 0n ? 0 : v.toString(2).length; }

  // Modular helpers on non-negative BigInt.
  function mod(a, m) { var r = a % m; return r < 0n ? r + m : r; }

  function modPow(base, exp, m) {
    var result = 1n, b = mod(base, m), e = exp;
    while (e > 0n) {
      if (e & 1n) result = (result * b) % m;
      b = (b * b) % m;
      e >>= 1n;
    }
    return result;
  }

  // Extended Euclid; throws if gcd(a, m) != 1.
  function modInverse(a, m) {
    var r0 = m, r1 = mod(a, m), t0 = 0n, t1 = 1n;
    while (r1 !== 0n) {
      var qt = r0 / r1;
      var r2 = r0 - qt * r1; r0 = r1; r1 = r2;
      var t2 = t0 - qt * t1; t0 = t1; t1 = t2;
    }
    if (r0 !== 1n) throw UrnaError("invalid-parameter", "no inverse");
    return mod(t0, m);
  }

  function randomBytes(n) {
    var out = new Uint8Array(n);
    crypto.getRandomValues(out);
    return out;
  }

  U.Error = UrnaError;
  U.bytes = {
    fromHex: fromHex, toHex: toHex, concat: concat, utf8: utf8, equal: equal,
    toBigInt: toBigInt, fromBigInt: fromBigInt, u32: u32, u64: u64, bitLength: bitLength,
    mod: mod, modPow: modPow, modInverse: modInverse, random: randomBytes
  };
})(Urna);

"""#),
        ("js/urna-ed25519.js", #"""
// Urna browser crypto — Ed25519 credential keys through WebCrypto (RFC 8032 via crypto.subtle).
// Defines Urna.ed25519. No BigInt fallback yet: `available()` says whether this browser has it.
"use strict";
(function (U) {
  var B = U.bytes, E = U.Error;
  var ALG = { name: "Ed25519" };
  // PKCS#8 PrivateKeyInfo prefix for an Ed25519 seed (RFC 8410 §7): version 0, id-Ed25519, OCTET STRING.
  var PKCS8_PREFIX = B.fromHex("302e020100300506032b657004220420");

  function subtle() {
    if (typeof crypto === "undefined" || !crypto.subtle) throw E("unsupported", "WebCrypto is not available here");
    return crypto.subtle;
  }

  function base64urlDecode(text) {
    var s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // Resolves true if this browser signs with Ed25519 through WebCrypto.
  function available() {
    try {
      return subtle().generateKey(ALG, false, ["sign", "verify"]).then(function () { return true; }, function () { return false; });
    } catch (e) { return Promise.resolve(false); }
  }

  // A private key from a 32-byte seed (extractable, so the page can keep it across a reload).
  function importSeed(seed) {
    if (seed.length !== 32) return Promise.reject(E("invalid-parameter", "an Ed25519 seed is 32 bytes"));
    return subtle().importKey("pkcs8", B.concat([PKCS8_PREFIX, seed]), ALG, true, ["sign"]);
  }

  // A fresh credential: resolves to {privateKey, publicKey (32 raw bytes), seed (32 bytes)}.
  function generate() {
    return subtle().generateKey(ALG, true, ["sign", "verify"]).then(function (pair) {
      return Promise.all([subtle().exportKey("raw", pair.publicKey), subtle().exportKey("pkcs8", pair.privateKey)])
        .then(function (x) {
          var pkcs8 = new Uint8Array(x[1]);
          if (pkcs8.length !== 48 || !B.equal(pkcs8.subarray(0, 16), PKCS8_PREFIX)) {
            throw E("unsupported", "unexpected PKCS#8 form of an Ed25519 key");
          }
          return { privateKey: pair.privateKey, publicKey: new Uint8Array(x[0]), seed: pkcs8.slice(16) };
        });
    });
  }

  // The 32-byte public key of an extractable private key.
  function publicKeyOf(privateKey) {
    return subtle().exportKey("jwk", privateKey).then(function (jwk) {
      var pub = base64urlDecode(jwk.x);
      if (pub.length !== 32) throw E("unsupported", "unexpected Ed25519 JWK");
      return pub;
    });
  }

  function sign(privateKey, message) {
    return subtle().sign(ALG, privateKey, message).then(function (s) { return new Uint8Array(s); });
  }

  // Plain RFC 8032 verification as the browser implements it (not the strict rules of
  // signatures.md §1.1, which the service and scrutineer apply).
  function verify(publicKey, message, signature) {
    return subtle().importKey("raw", publicKey, ALG, false, ["verify"]).then(function (key) {
      return subtle().verify(ALG, key, signature, message);
    });
  }

  U.ed25519 = {
    available: available, importSeed: importSeed, generate: generate, publicKeyOf: publicKeyOf,
    sign: sign, verify: verify
  };
})(Urna);

"""#),
        ("js/urna-elgamal.js", #"""
// Urna browser crypto — exponential ElGamal on P-256 (Specs/crypto.md §3). Defines Urna.elgamal.
"use strict";
(function (U) {
  var P = U.p256, E = U.Error;

  // A = r·G, B = m·G + r·K. m is a small non-negative integer (Number or BigInt); r a secret scalar ≠ 0.
  function encrypt(m, r, K) {
    var mb = BigInt(m);
    if (mb < 0n) throw E("invalid-parameter", "plaintext " + m + " is negative");
    if (P.mod(r) === 0n) throw E("invalid-scalar", "the encryption nonce must not be zero");
    if (P.isInfinity(K)) throw E("invalid-point", "the public key is the point at infinity");
    return { a: P.base(r), b: P.add(P.base(mb), P.mul(r, K)) };
  }

  // Fresh nonce; the caller keeps r for proofs and to spoil the ballot.
  function encryptRandom(m, K) {
    var r = P.randomScalar();
    return { ciphertext: encrypt(m, r, K), nonce: r };
  }

  function add(c1, c2) { return { a: P.add(c1.a, c2.a), b: P.add(c1.b, c2.b) }; }

  function sum(list) {
    var acc = { a: P.INF, b: P.INF };
    for (var i = 0; i < list.length; i++) acc = add(acc, list[i]);
    return acc;
  }

  function toJSON(c) { return { a: P.encodeHex(c.a), b: P.encodeHex(c.b) }; }
  function fromJSON(j) { return { a: P.decodeHex(j.a), b: P.decodeHex(j.b) }; }

  U.elgamal = { encrypt: encrypt, encryptRandom: encryptRandom, add: add, sum: sum, toJSON: toJSON, fromJSON: fromJSON };
})(Urna);

"""#),
        ("js/urna-hash.js", #"""
// Urna browser crypto — domain-separated hashing (Specs/crypto.md §2, §4.1). Defines Urna.hash.
// SHA-256/SHA-384 come from WebCrypto (crypto.subtle), which is asynchronous: every function that
// hashes returns a Promise. crypto.subtle exists only in secure contexts (https, localhost, file).
"use strict";
(function (U) {
  var B = U.bytes, E = U.Error;

  function subtle() {
    if (typeof crypto === "undefined" || !crypto.subtle) {
      throw E("unsupported", "WebCrypto (crypto.subtle) is not available; open the page over https or localhost");
    }
    return crypto.subtle;
  }

  function sha256(bytes) {
    return subtle().digest("SHA-256", bytes).then(function (d) { return new Uint8Array(d); });
  }
  function sha384(bytes) {
    return subtle().digest("SHA-384", bytes).then(function (d) { return new Uint8Array(d); });
  }

  function asBytes(part) { return typeof part === "string" ? B.utf8(part) : part; }

  // LP(tag, x1, …, xn) = len(tag) ‖ tag ‖ len(x1) ‖ x1 ‖ …; strings are UTF-8, everything else raw bytes.
  function encode(tag, parts) {
    var list = [], t = B.utf8(tag);
    list.push(B.u32(t.length), t);
    for (var i = 0; i < parts.length; i++) {
      var x = asBytes(parts[i]);
      list.push(B.u32(x.length), x);
    }
    return B.concat(list);
  }

  function hash(tag, parts) { return sha256(encode(tag, parts)); }

  // ctx = H("urna/v1/proof-context", p1, …, pk): 32 bytes.
  function proofContext(parts) { return hash("urna/v1/proof-context", parts); }

  // A challenge: H(tag, ctx, parts…) as a big-endian integer mod q.
  function challenge(tag, ctxDigest, parts) {
    return hash(tag, [ctxDigest].concat(parts)).then(function (d) { return U.p256.reduce(d); });
  }

  U.hash = {
    sha256: sha256, sha384: sha384, encode: encode, hash: hash,
    proofContext: proofContext, challenge: challenge
  };
})(Urna);

"""#),
        ("js/urna-ledger.js", #"""
// Urna browser crypto — the public ledger: entry lines, the hash chain, RFC 9162 Merkle proofs,
// signed checkpoints with cosignatures, ledger keys and voter receipts (Specs/ledger.md,
// Specs/signatures.md §1.1–§3, Specs/election-record.md §7). Defines Urna.ledger.
//
// It accepts exactly what the Swift code (Sources/UrnaLedger, UrnaCrypto's signed notes) accepts and
// refuses with the same error codes (LedgerError / CryptoError / RecordError raw values), checked
// against Tests/UrnaLedgerTests/Resources/web_ledger_kat.json. One deliberate difference: seq, time
// and checkpoint sizes above 2^53 − 1 (valid for Swift up to 2^63 − 1) are refused here with
// `unsupported`, since the results carry them as Numbers. Everything that hashes returns a Promise.
"use strict";
(function (U) {
  var B = U.bytes, E = U.Error, H = U.hash;
  var MAX_SAFE = 9007199254740991n, MAX_I63 = 9223372036854775807n;
  var MAX_BODY = 8 * 1024 * 1024;
  var MAX_LINE = Math.floor((MAX_BODY + 2) / 3) * 4 + 512;
  var MAX_NOTE = 1 << 20, MAX_SIGNATURES = 100;
  var ZERO32 = new Uint8Array(32);
  var EM_DASH_SPACE = new Uint8Array([0xe2, 0x80, 0x94, 0x20]);
  var CHAIN_HEAD_PREFIX = "urna/v1/chain-head ";

  // ---- bytes, text, base64 -------------------------------------------------------------------

  function toBytes(x) {
    if (typeof x === "string") return B.utf8(x);
    if (x instanceof Uint8Array) return x;
    throw E("invalid-parameter", "expected a string or a Uint8Array");
  }
  var fatalDecoder = new TextDecoder("utf-8", { fatal: true });
  var lossyDecoder = new TextDecoder("utf-8");
  function decodeUTF8(bytes) {
    try { return fatalDecoder.decode(bytes); } catch (e) { return null; }
  }

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  function bytesToBase64(bytes) {
    var out = "", i;
    for (i = 0; i + 2 < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
    }
    if (bytes.length - i === 1) {
      var a = bytes[i] << 16;
      out += B64[a >> 18] + B64[(a >> 12) & 63] + "==";
    } else if (bytes.length - i === 2) {
      var b = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out += B64[b >> 18] + B64[(b >> 12) & 63] + B64[(b >> 6) & 63] + "=";
    }
    return out;
  }
  // Standard padded base64, canonical form only (re-encoding gives the same text); null otherwise.
  function base64Canonical(text) {
    if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
    var pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
    var n = text.length / 4 * 3 - pad, out = new Uint8Array(n), at = 0;
    for (var i = 0; i < text.length; i += 4) {
      var v = 0;
      for (var j = 0; j < 4; j++) {
        var c = text[i + j];
        v = (v << 6) | (c === "=" ? 0 : B64.indexOf(c));
      }
      if (at < n) out[at++] = (v >> 16) & 255;
      if (at < n) out[at++] = (v >> 8) & 255;
      if (at < n) out[at++] = v & 255;
    }
    return bytesToBase64(out) === text ? out : null;
  }
  function base64ToBytes(text) {
    var out = base64Canonical(text);
    if (out === null) throw E("invalid-encoding", "not canonical standard base64");
    return out;
  }
  // Lowercase hex of exactly `length` bytes, or null.
  function hexOf(text, length) {
    if (typeof text !== "string" || text.length !== 2 * length || !/^[0-9a-f]*$/.test(text)) return null;
    return B.fromHex(text);
  }
  function asNumber(big, what) {
    if (big > MAX_SAFE) throw E("unsupported", what + " " + big + " is above 2^53 − 1, which this page does not handle");
    return Number(big);
  }
  function toBig(n, what) {
    if (typeof n === "bigint") return n;
    if (typeof n === "number" && Number.isSafeInteger(n)) return BigInt(n);
    throw E("invalid-parameter", what + " must be a safe integer or a BigInt");
  }

  // ---- entries (ledger.md §2, §6.1) ----------------------------------------------------------

  function validateKind(kindBytes) {
    if (kindBytes.length < 1 || kindBytes.length > 64) {
      throw E("invalid-parameter", "entry kind must have 1...64 characters, has " + kindBytes.length);
    }
    for (var i = 0; i < kindBytes.length; i++) {
      var c = kindBytes[i];
      if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) {
        throw E("invalid-parameter", "entry kind has a character outside a-z, 0-9 and -");
      }
    }
  }

  // Parses one ledger.jsonl line (string or UTF-8 bytes, without its newline) in exactly the form of
  // ledger.md §6.1, as EntryLine.parse and Entry's checks do. The hash is not checked (checkLine).
  function parseLine(line) {
    var bytes = toBytes(line), pos = 0;
    if (bytes.length > MAX_LINE) throw E("invalid-encoding", "line is longer than " + MAX_LINE + " bytes");
    function expect(literal) {
      for (var i = 0; i < literal.length; i++) {
        if (pos >= bytes.length || bytes[pos] !== literal.charCodeAt(i)) {
          throw E("invalid-encoding", "expected " + literal + " at column " + (pos + 1));
        }
        pos++;
      }
    }
    function decimal(name) {
      var start = pos, value = 0n;
      while (pos < bytes.length && bytes[pos] >= 0x30 && bytes[pos] <= 0x39) {
        value = value * 10n + BigInt(bytes[pos] - 0x30);
        if (value > MAX_I63) throw E("invalid-encoding", name + " exceeds 2^63-1");
        pos++;
      }
      var length = pos - start;
      if (length === 0 || (length > 1 && bytes[start] === 0x30)) throw E("invalid-encoding", name + " is not a canonical decimal");
      return value;
    }
    function untilQuote(name) {
      var start = pos;
      while (pos < bytes.length && bytes[pos] !== 0x22) {
        if (bytes[pos] === 0x5c) throw E("invalid-encoding", name + " contains an escape");
        pos++;
      }
      if (pos >= bytes.length) throw E("invalid-encoding", name + " string is not terminated");
      var value = bytes.subarray(start, pos);
      pos++;
      return value;
    }
    function hex(name) {
      var value = hexOf(lossyDecoder.decode(untilQuote(name)), 32);
      if (value === null) throw E("invalid-encoding", name + " is not 64 lowercase hex digits");
      return value;
    }
    expect("{\"seq\":");
    var seq = decimal("seq");
    expect(",\"kind\":\"");
    var kindBytes = untilQuote("kind");
    expect(",\"time\":");
    var time = decimal("time");
    expect(",\"prev\":\"");
    var prev = hex("prev");
    expect(",\"hash\":\"");
    var hash = hex("hash");
    expect(",\"body\":\"");
    var bodyText = lossyDecoder.decode(untilQuote("body"));
    expect("}");
    if (pos !== bytes.length) throw E("invalid-encoding", "trailing bytes after the entry object");
    var body = base64Canonical(bodyText);
    if (body === null) throw E("invalid-encoding", "entry " + seq + ": body is not canonical base64");
    validateKind(kindBytes);
    if (body.length > MAX_BODY) throw E("invalid-parameter", "entry " + seq + ": body has more than " + MAX_BODY + " bytes");
    return {
      seq: asNumber(seq, "seq"), kind: lossyDecoder.decode(kindBytes), time: asNumber(time, "time"),
      prev: prev, hash: hash, body: body
    };
  }

  // H("urna/v1/entry", u64be(seq), utf8(kind), u64be(time), prev, body) (ledger.md §2.2).
  function entryHash(entry) {
    return H.hash("urna/v1/entry", [B.u64(entry.seq), entry.kind, B.u64(entry.time), entry.prev, entry.body]);
  }

  // Checks a parsed line's hash (`entry-hash-mismatch`), then its place in the chain
  // (`chain-broken`): seq (if expectedSeq is given) and prev (if expectedPrev is given; 32 zero
  // bytes for entry 0). Resolves to the entry hash.
  function checkLine(entry, expectedPrev, expectedSeq) {
    return entryHash(entry).then(function (computed) {
      if (!B.equal(computed, entry.hash)) {
        throw E("entry-hash-mismatch", "entry " + entry.seq + ": stored hash " + B.toHex(entry.hash) +
          " is not the hash of its fields (" + B.toHex(computed) + ")");
      }
      if (expectedSeq !== undefined && expectedSeq !== null && entry.seq !== expectedSeq) {
        throw E("chain-broken", "expected entry " + expectedSeq + ", found entry " + entry.seq);
      }
      if (expectedPrev !== undefined && expectedPrev !== null && !B.equal(entry.prev, expectedPrev)) {
        throw E("chain-broken", "entry " + entry.seq + ": prev " + B.toHex(entry.prev) + " is not the previous entry's hash " +
          B.toHex(expectedPrev));
      }
      return computed;
    });
  }

  // The lines of a JSON Lines text (ledger.md §6.1): every line ends in \n, none is empty.
  function splitLines(text) {
    if (typeof text !== "string") throw E("invalid-parameter", "expected the text of a JSON Lines answer");
    if (text === "") return [];
    var lines = text.split("\n");
    var last = lines.pop();
    if (last !== "") throw E("invalid-encoding", "line " + (lines.length + 1) + " does not end with a newline");
    for (var i = 0; i < lines.length; i++) {
      if (lines[i] === "") throw E("invalid-encoding", "line " + (i + 1) + " is empty");
    }
    return lines;
  }

  // Reads a JSON Lines text of consecutive entries from `start` (default {seq: 0, prev: 32 zero
  // bytes}) and checks every line and the chain. Resolves to {entries, head, leaves}.
  function readEntries(text, start) {
    var lines = splitLines(text);
    var seq = start && start.seq !== undefined ? start.seq : 0;
    var head = start && start.prev ? start.prev : ZERO32;
    var entries = [], leaves = [];
    var chain = Promise.resolve();
    lines.forEach(function (line, i) {
      chain = chain.then(function () {
        var entry;
        try { entry = parseLine(line); } catch (e) { throw E(e.code, "line " + (i + 1) + ": " + e.reason); }
        return checkLine(entry, head, seq).then(function (hash) {
          entries.push(entry);
          head = hash;
          seq += 1;
          return leafHash(hash).then(function (leaf) { leaves.push(leaf); });
        });
      });
    });
    return chain.then(function () { return { entries: entries, head: head, leaves: leaves }; });
  }

  // ---- Merkle tree (ledger.md §3, RFC 9162) --------------------------------------------------

  function leafHash(entryHashBytes) { return H.sha256(B.concat([new Uint8Array([0]), entryHashBytes])); }
  function nodeHash(left, right) { return H.sha256(B.concat([new Uint8Array([1]), left, right])); }

  // MTH over leaf hashes (already SHA-256(0x00 ‖ d)); MTH({}) = SHA-256().
  function rootOf(leafHashes) {
    if (leafHashes.length === 0) return H.sha256(new Uint8Array(0));
    if (leafHashes.length === 1) return Promise.resolve(leafHashes[0]);
    var k = 1;
    while (k * 2 < leafHashes.length) k *= 2;
    return Promise.all([rootOf(leafHashes.slice(0, k)), rootOf(leafHashes.slice(k))]).then(function (x) {
      return nodeHash(x[0], x[1]);
    });
  }

  function checkHash(h, what) {
    if (!(h instanceof Uint8Array) || h.length !== 32) {
      throw E("invalid-encoding", what + " has " + (h && h.length) + " bytes, expected 32");
    }
  }

  // The root an inclusion proof implies (RFC 9162 §2.1.3.2 steps 1–5); index and size are Numbers or BigInts.
  async function rootFromInclusion(leaf, index, size, proof) {
    checkHash(leaf, "leaf hash");
    proof.forEach(function (p, i) { checkHash(p, "inclusion proof element " + i); });
    var fn = toBig(index, "leaf index"), sn = toBig(size, "tree size");
    if (fn >= sn) throw E("invalid-proof", "leaf index " + fn + " is not below the tree size " + sn);
    sn -= 1n;
    var r = leaf;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) throw E("invalid-proof", "inclusion proof of leaf " + index + " in tree " + size + " has too many elements (" + proof.length + ")");
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(proof[i], r);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await nodeHash(r, proof[i]);
      }
      fn >>= 1n; sn >>= 1n;
    }
    if (sn !== 0n) throw E("invalid-proof", "inclusion proof of leaf " + index + " in tree " + size + " has too few elements (" + proof.length + ")");
    return r;
  }

  async function verifyInclusion(leaf, index, size, proof, root) {
    checkHash(root, "root");
    var computed = await rootFromInclusion(leaf, index, size, proof);
    if (!B.equal(computed, root)) {
      throw E("root-mismatch", "inclusion proof of leaf " + index + " in tree " + size + " gives root " + B.toHex(computed) +
        ", expected " + B.toHex(root));
    }
  }

  // RFC 9162 §2.1.4.2 with the edge rules of ledger.md §3.4.
  async function verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof) {
    var m = toBig(oldSize, "old size"), n = toBig(newSize, "new size");
    if (m === 0n) throw E("invalid-proof", "consistency from an empty tree is not a proof");
    if (m > n) throw E("invalid-proof", "old size " + m + " exceeds new size " + n);
    if (m === n) {
      if (proof.length !== 0) throw E("invalid-proof", "consistency between equal sizes " + m + " must have an empty proof, has " + proof.length);
      if (!(oldRoot instanceof Uint8Array) || !(newRoot instanceof Uint8Array) || !B.equal(oldRoot, newRoot)) {
        throw E("root-mismatch", "trees of equal size " + m + " have different roots");
      }
      return;
    }
    checkHash(oldRoot, "old root");
    checkHash(newRoot, "new root");
    proof.forEach(function (c, i) { checkHash(c, "consistency proof element " + i); });
    if (proof.length === 0) throw E("invalid-proof", "consistency proof " + m + " -> " + n + " is empty");
    var path = proof.slice();
    if ((m & (m - 1n)) === 0n) path.unshift(oldRoot);
    var fn = m - 1n, sn = n - 1n;
    while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
    var fr = path[0], sr = path[0];
    for (var i = 1; i < path.length; i++) {
      var c = path[i];
      if (sn === 0n) throw E("invalid-proof", "consistency proof " + m + " -> " + n + " has too many elements (" + proof.length + ")");
      if ((fn & 1n) === 1n || fn === sn) {
        fr = await nodeHash(c, fr);
        sr = await nodeHash(c, sr);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        sr = await nodeHash(sr, c);
      }
      fn >>= 1n; sn >>= 1n;
    }
    if (sn !== 0n) throw E("invalid-proof", "consistency proof " + m + " -> " + n + " has too few elements (" + proof.length + ")");
    if (!B.equal(fr, oldRoot)) throw E("root-mismatch", "consistency proof " + m + " -> " + n + " gives old root " + B.toHex(fr) + ", expected " + B.toHex(oldRoot));
    if (!B.equal(sr, newRoot)) throw E("root-mismatch", "consistency proof " + m + " -> " + n + " gives new root " + B.toHex(sr) + ", expected " + B.toHex(newRoot));
  }

  // ---- strict Ed25519 (signatures.md §1.1) ---------------------------------------------------

  var P = (1n << 255n) - 19n;
  var L = (1n << 252n) + 27742317777372353535851937790883648493n;
  var D = B.toBigInt(B.fromHex("52036cee2b6ffe738cc740797779e89800700a4d4141d8ab75eb4dca135978a3"));
  function littleEndian(bytes) {
    var copy = Array.prototype.slice.call(bytes).reverse();
    return B.toBigInt(new Uint8Array(copy));
  }
  var SMALL_ORDER_Y = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"
  ];
  // Why 32 bytes are not an acceptable point encoding (A or R), or null.
  function encodingProblem(b) {
    if (b.length !== 32) return "is " + b.length + " bytes, expected 32";
    var y = b.slice();
    y[31] &= 0x7f;
    if (littleEndian(y) >= P) return "is not canonical (y ≥ p)";
    if (SMALL_ORDER_Y.indexOf(B.toHex(y)) >= 0) return "is a point of small order";
    return null;
  }
  function isOnCurve(b) {
    var y = b.slice(), sign = y[31] >> 7;
    y[31] &= 0x7f;
    var yy = littleEndian(y), y2 = (yy * yy) % P;
    var u = B.mod(y2 - 1n, P), v = (D * y2 + 1n) % P;
    var x2 = (u * B.modInverse(v, P)) % P;
    if (x2 === 0n) return sign === 0;
    return B.modPow(x2, (P - 1n) / 2n, P) === 1n;
  }
  function publicKeyProblem(b) {
    if (b.length !== 32) return "must be 32 bytes, got " + b.length;
    var problem = encodingProblem(b);
    if (problem) return problem;
    return isOnCurve(b) ? null : "is not a point on the curve";
  }
  function signatureProblem(s) {
    if (s.length !== 64) return "signature is " + s.length + " bytes, expected 64";
    var problem = encodingProblem(s.subarray(0, 32));
    if (problem) return "R " + problem;
    if (littleEndian(s.subarray(32, 64)) >= L) return "S is not below the group order L";
    return null;
  }
  // Resolves true iff `signature` is a strict (libsodium-rule) Ed25519 signature of `message`.
  function ed25519Verify(publicKey, message, signature) {
    if (signatureProblem(signature)) return Promise.resolve(false);
    return U.ed25519.verify(publicKey, message, signature).then(function (ok) { return ok === true; });
  }

  // ---- signed-note keys (signatures.md §2) ---------------------------------------------------

  function validateKeyName(name) {
    if (name.length === 0) throw E("invalid-key-name", "key name is empty");
    if (B.utf8(name).length > 256) throw E("invalid-key-name", "key name exceeds 256 bytes");
    if (/\p{White_Space}/u.test(name)) throw E("invalid-key-name", "key name contains white space");
    if (name.indexOf("+") >= 0) throw E("invalid-key-name", "key name contains '+'");
    for (var i = 0; i < name.length; i++) {
      var c = name.charCodeAt(i);
      if (c < 0x20 || c === 0x7f) throw E("invalid-key-name", "key name contains a control character");
    }
  }

  function keyIDOf(name, type, publicKey) {
    return H.sha256(B.concat([B.utf8(name), new Uint8Array([0x0a, type]), publicKey])).then(function (d) { return d.slice(0, 4); });
  }

  // A C2SP verifier key `<name>+<key ID, 8 hex>+<base64(type ‖ 32-byte key)>` (type 0x01 or 0x04):
  // resolves to {name, type, keyID (4 bytes), keyIDHex, publicKey (32 bytes), line}. Refuses like
  // NoteVerifier(verifierKey:): `invalid-note-key`, `invalid-key-name`, `invalid-key`.
  function parseVerifierKey(line) {
    return Promise.resolve().then(function () {
      if (typeof line !== "string") throw E("invalid-note-key", "a verifier key is a string");
      var a = line.indexOf("+"), b = a < 0 ? -1 : line.indexOf("+", a + 1);
      if (a < 0 || b < 0) throw E("invalid-note-key", "verifier key must have 3 '+'-separated fields");
      var name = line.slice(0, a), idText = line.slice(a + 1, b), data = line.slice(b + 1);
      validateKeyName(name);
      var claimed = hexOf(idText, 4);
      if (claimed === null) throw E("invalid-note-key", "key ID must be 8 lowercase hex digits");
      var raw = base64Canonical(data);
      if (raw === null) throw E("invalid-note-key", "verifier key key data is not canonical base64");
      if (raw.length !== 33) throw E("invalid-note-key", "verifier key key data must be 1 + 32 bytes, got " + raw.length);
      var type = raw[0];
      if (type !== 0x01 && type !== 0x04) throw E("invalid-note-key", "verifier key has unsupported signature type 0x" + B.toHex([type]));
      var publicKey = raw.slice(1);
      var problem = publicKeyProblem(publicKey);
      if (problem) throw E("invalid-key", "Ed25519 public key " + problem);
      return keyIDOf(name, type, publicKey).then(function (keyID) {
        if (!B.equal(keyID, claimed)) throw E("invalid-note-key", "verifier key ID " + idText + " does not match its name and key (" + B.toHex(keyID) + ")");
        return { name: name, type: type, keyID: keyID, keyIDHex: B.toHex(keyID), publicKey: publicKey, line: line };
      });
    });
  }

  // The content of a ledger.vkey file (ledger.md §6.3): exactly one line ending in \n; resolves
  // to the key string (not yet parsed).
  function readVerifierKeyFile(text) {
    if (typeof text !== "string" || B.utf8(text).length > MAX_NOTE) throw E("invalid-encoding", "ledger.vkey is larger than 1 MiB");
    var body = text.slice(0, -1);
    // As Swift compares characters: "\r\n" is one character, so it neither ends the file nor
    // counts as a second line.
    if (!text.endsWith("\n") || body.endsWith("\r") || /(^|[^\r])\n/.test(body) || body.length === 0) {
      throw E("invalid-encoding", "ledger.vkey must hold exactly one line ending in a newline");
    }
    return body;
  }

  // The fingerprint people compare (verification.md §4): the first 128 bits of SHA-256 over the
  // key string's UTF-8, as 32 lowercase hex digits in groups of four joined by '-'.
  function fingerprint(vkeyLine) {
    return H.sha256(B.utf8(vkeyLine)).then(function (d) {
      var hex = B.toHex(d.subarray(0, 16)), groups = [];
      for (var i = 0; i < 32; i += 4) groups.push(hex.slice(i, i + 4));
      return groups.join("-");
    });
  }

  // ---- signed notes and checkpoints (ledger.md §4, signatures.md §2–§3) -----------------------

  function startsWith(bytes, prefix) {
    if (bytes.length < prefix.length) return false;
    for (var i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
    return true;
  }

  // A C2SP signed note: {text, textBytes, signatures: [{name, keyID (4 bytes), signature, line}]}.
  // Throws `malformed-note` or `invalid-key-name` (as SignedNote(parsing:)).
  function parseNote(note) {
    var bytes = toBytes(note);
    if (bytes.length > MAX_NOTE) throw E("malformed-note", "note exceeds 1 MiB");
    if (decodeUTF8(bytes) === null) throw E("malformed-note", "note is not valid UTF-8");
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] < 0x20 && bytes[i] !== 0x0a) throw E("malformed-note", "note contains control character 0x" + B.toHex([bytes[i]]));
    }
    var split = -1;
    for (var j = bytes.length - 2; j >= 0; j--) {
      if (bytes[j] === 0x0a && bytes[j + 1] === 0x0a) { split = j; break; }
    }
    if (split < 0) throw E("malformed-note", "note has no blank line before its signatures");
    var textBytes = bytes.slice(0, split + 1), block = bytes.subarray(split + 2);
    if (block.length === 0) throw E("malformed-note", "note has no signature lines");
    if (block[block.length - 1] !== 0x0a) throw E("malformed-note", "last signature line does not end in a newline");
    var lines = [], start = 0;
    for (var k = 0; k < block.length; k++) {
      if (block[k] === 0x0a) { lines.push(block.subarray(start, k)); start = k + 1; }
    }
    if (lines.length > MAX_SIGNATURES) throw E("malformed-note", lines.length + " signatures exceed the limit of " + MAX_SIGNATURES);
    var signatures = lines.map(function (line) {
      if (!startsWith(line, EM_DASH_SPACE)) throw E("malformed-note", "signature line does not start with an em dash (U+2014) and a space");
      var rest = line.subarray(4), space = rest.indexOf(0x20);
      if (space < 0) throw E("malformed-note", "signature line has no space between key name and signature");
      var name = lossyDecoder.decode(rest.subarray(0, space));
      var raw = base64Canonical(lossyDecoder.decode(rest.subarray(space + 1)));
      if (raw === null) throw E("malformed-note", "signature by " + name + " is not canonical base64");
      if (raw.length <= 4) throw E("malformed-note", "signature by " + name + " has " + raw.length + " bytes; a key ID and at least one signature byte are needed");
      validateKeyName(name);
      return { name: name, keyID: raw.slice(0, 4), signature: raw.slice(4), line: lossyDecoder.decode(line) };
    });
    return { text: lossyDecoder.decode(textBytes), textBytes: textBytes, signatures: signatures };
  }

  function sameHandle(sig, key) { return sig.name === key.name && B.equal(sig.keyID, key.keyID); }

  function cosignatureMessage(textBytes, time) {
    return B.concat([B.utf8("cosignature/v1\ntime " + time.toString() + "\n"), textBytes]);
  }

  // Whether one signature line's bytes (after the key ID) verify under `key`, by its type.
  function lineVerifies(sig, key, textBytes) {
    if (key.type === 0x01) {
      if (sig.signature.length !== 64) return Promise.resolve(false);
      return ed25519Verify(key.publicKey, textBytes, sig.signature);
    }
    if (sig.signature.length !== 72) return Promise.resolve(false);
    var time = B.toBigInt(sig.signature.subarray(0, 8));
    return ed25519Verify(key.publicKey, cosignatureMessage(textBytes, time), sig.signature.subarray(8));
  }

  // Checkpoint text (ledger.md §4.1), strictly; throws `invalid-checkpoint`.
  function parseCheckpointText(text) {
    function bad(reason) { return E("invalid-checkpoint", reason); }
    if (!text.endsWith("\n")) throw bad("checkpoint text does not end with a newline");
    var lines = text.slice(0, -1).split("\n");
    if (lines.length !== 4) throw bad("checkpoint text has " + lines.length + " lines, expected 4 (origin, size, root, chain head)");
    var sizeText = lines[1];
    if (!/^[0-9]{1,19}$/.test(sizeText) || (sizeText.length > 1 && sizeText[0] === "0") || BigInt(sizeText) > MAX_I63) {
      throw bad("checkpoint size is not a canonical decimal");
    }
    var root = base64Canonical(lines[2]);
    if (root === null) throw bad("checkpoint root line is not canonical base64");
    if (!lines[3].startsWith(CHAIN_HEAD_PREFIX)) throw bad("checkpoint extension line does not start with \"" + CHAIN_HEAD_PREFIX + "\"");
    var headText = lines[3].slice(CHAIN_HEAD_PREFIX.length);
    if (headText.length % 2 !== 0 || !/^[0-9a-f]*$/.test(headText)) throw bad("checkpoint chain head is not lowercase hex");
    var head = B.fromHex(headText);
    validateOrigin(lines[0], "invalid-checkpoint");
    if (root.length !== 32) throw bad("checkpoint root has " + root.length + " bytes, expected 32");
    if (head.length !== 32) throw bad("checkpoint chain head has " + head.length + " bytes, expected 32");
    return { origin: lines[0], size: asNumber(BigInt(sizeText), "checkpoint size"), root: root, chainHead: head };
  }

  function validateOrigin(origin, code) {
    var bytes = B.utf8(origin);
    if (bytes.length < 1 || bytes.length > 255) throw E(code, "origin must have 1...255 characters, has " + bytes.length);
    for (var i = 0; i < bytes.length; i++) {
      if (!(bytes[i] > 0x20 && bytes[i] < 0x7f && bytes[i] !== 0x2b)) {
        throw E(code, "origin has a character outside printable ASCII, or a space or +");
      }
    }
  }

  // The checkpoint of a signed note, without checking any signature (a display aid only).
  function parseCheckpoint(noteText) {
    var note;
    try { note = parseNote(noteText); } catch (e) { throw E("invalid-checkpoint", "not a signed note: " + e.message); }
    var cp = parseCheckpointText(note.text);
    cp.note = note;
    return cp;
  }

  // Verifies a signed checkpoint as CheckpointVerifier.verifyCosigned does: the ledger key's
  // signature line must be present and verify (`bad-signature`); the text must be a checkpoint whose
  // origin is the key name (`invalid-checkpoint`); every line from a listed witness key (type 0x04)
  // must verify (`bad-signature`), and at least `quorum` listed witnesses must have signed
  // (`cosignature-quorum`). Resolves to {origin, size, root, chainHead, cosigners: [{name, time,
  // vkey}], unverified: number of lines from keys that are neither the ledger's nor listed}.
  async function openCheckpoint(noteText, ledgerVKey, witnessVKeys, quorum) {
    witnessVKeys = witnessVKeys || [];
    quorum = quorum || 0;
    var ledgerKey;
    try {
      ledgerKey = await parseVerifierKey(ledgerVKey);
    } catch (e) {
      throw E("invalid-parameter", "ledger verifier key: " + e.message);
    }
    if (ledgerKey.type !== 0x01) throw E("invalid-parameter", "a ledger key signs with type 0x01, not 0x" + B.toHex([ledgerKey.type]));
    validateOrigin(ledgerKey.name, "invalid-checkpoint");
    var witnesses = [];
    for (var w = 0; w < witnessVKeys.length; w++) witnesses.push(await parseVerifierKey(witnessVKeys[w]));

    var note;
    try { note = parseNote(noteText); } catch (e) { throw E("invalid-checkpoint", "not a signed note: " + e.message); }
    // The ledger's signature.
    var signedByLedger = false;
    for (var i = 0; i < note.signatures.length; i++) {
      var sig = note.signatures[i];
      if (!sameHandle(sig, ledgerKey)) continue;
      if (!(await lineVerifies(sig, ledgerKey, note.textBytes))) {
        throw E("bad-signature", "checkpoint is not signed by the ledger key " + ledgerKey.line + ": the signature by " + sig.name + " does not verify");
      }
      signedByLedger = true;
    }
    if (!signedByLedger) throw E("bad-signature", "checkpoint is not signed by the ledger key " + ledgerKey.line + ": no signature from it");
    var cp = parseCheckpointText(note.text);
    if (cp.origin !== ledgerKey.name) throw E("invalid-checkpoint", "checkpoint origin " + cp.origin + " is not the ledger key name " + ledgerKey.name);
    // Cosignatures.
    witnesses.forEach(function (k) {
      if (k.type !== 0x04) throw E("invalid-parameter", "cosigner keys must have type 0x04");
    });
    for (var a = 0; a < witnesses.length; a++) {
      for (var b = a + 1; b < witnesses.length; b++) {
        var x = witnesses[a], y = witnesses[b];
        if (x.name === y.name && B.equal(x.keyID, y.keyID) && !B.equal(x.publicKey, y.publicKey)) {
          throw E("bad-signature", "cosignature: two verifiers share key name " + x.name + " and key ID " + x.keyIDHex);
        }
      }
    }
    var cosigners = [], unverified = 0;
    for (var s = 0; s < note.signatures.length; s++) {
      var line = note.signatures[s];
      var key = null;
      for (var k = 0; k < witnesses.length; k++) if (sameHandle(line, witnesses[k])) { key = witnesses[k]; break; }
      if (key === null) {
        if (!sameHandle(line, ledgerKey)) unverified += 1;
        continue;
      }
      if (!(await lineVerifies(line, key, note.textBytes))) {
        throw E("bad-signature", "cosignature: signature by " + line.name + " (key ID " + key.keyIDHex + ", type 0x04) does not verify");
      }
      if (cosigners.some(function (c) { return c.vkey === key.line || (c.name === key.name && B.equal(c.publicKey, key.publicKey)); })) continue;
      var t = B.toBigInt(line.signature.subarray(0, 8));
      cosigners.push({ name: key.name, time: t <= MAX_SAFE ? Number(t) : t, vkey: key.line, publicKey: key.publicKey });
    }
    if (cosigners.length < quorum) throw E("cosignature-quorum", cosigners.length + " valid cosignatures, " + quorum + " required");
    return {
      origin: cp.origin, size: cp.size, root: cp.root, chainHead: cp.chainHead,
      cosigners: cosigners.map(function (c) { return { name: c.name, time: c.time, vkey: c.vkey }; }),
      unverified: unverified, text: note.text
    };
  }

  // ---- receipts (election-record.md §7) ------------------------------------------------------

  var RECEIPT_FIELDS = ["checkpoint", "election_id", "entry_hash", "inclusion_proof", "seq", "tracking_code", "version"];

  function receiptFields(receipt) {
    function bad(reason) { return E("malformed", "receipt " + reason); }
    var r = receipt;
    if (typeof receipt === "string") {
      try { r = JSON.parse(receipt); } catch (e) { throw bad("is not JSON"); }
    }
    if (r === null || typeof r !== "object" || Array.isArray(r)) throw bad("is not a JSON object");
    var keys = Object.keys(r).sort();
    if (keys.length !== RECEIPT_FIELDS.length || keys.some(function (k, i) { return k !== RECEIPT_FIELDS[i]; })) {
      throw bad("must have exactly the fields " + RECEIPT_FIELDS.join(", "));
    }
    function isInt(v) { return typeof v === "number" && Number.isInteger(v); }
    if (!isInt(r.version) || typeof r.election_id !== "string" || typeof r.tracking_code !== "string" ||
        !isInt(r.seq) || r.seq < 0 || typeof r.entry_hash !== "string" || typeof r.checkpoint !== "string" ||
        !Array.isArray(r.inclusion_proof) || r.inclusion_proof.some(function (h) { return typeof h !== "string"; })) {
      throw bad("has a field of the wrong type");
    }
    if (r.version !== 1) throw bad("version " + r.version + " is not supported (expected 1)");
    if (!/^[0-9A-Za-z._-]{1,64}$/.test(r.election_id)) throw bad("election_id is not an identifier");
    var tracking = hexOf(r.tracking_code, 32), entry = hexOf(r.entry_hash, 32);
    if (tracking === null || entry === null) throw bad("tracking_code and entry_hash must be 32 bytes (64 hex digits)");
    if (r.seq > Number.MAX_SAFE_INTEGER) throw bad("seq exceeds 2^53-1");
    if (r.inclusion_proof.length > 64) throw bad("inclusion_proof must hold at most 64 hashes of 32 bytes");
    var proof = r.inclusion_proof.map(function (h) { return hexOf(h, 32); });
    if (proof.some(function (h) { return h === null; })) throw bad("inclusion_proof must hold at most 64 hashes of 32 bytes");
    if (r.checkpoint.length === 0 || B.utf8(r.checkpoint).length > MAX_NOTE) throw bad("checkpoint must be a signed note of at most 1 MiB");
    return { electionID: r.election_id, trackingCode: tracking, entryHash: entry, seq: r.seq, proof: proof, checkpoint: r.checkpoint };
  }

  // The offline check of a receipt (JSON text or parsed object): its fields (`malformed`), its
  // checkpoint under the ledger key (and the listed witnesses' cosignatures), and the inclusion of
  // SHA-256(0x00 ‖ entry_hash) at seq under the checkpoint's root.
  async function verifyReceipt(receipt, ledgerVKey, witnessVKeys) {
    var r = receiptFields(receipt);
    var cp = await openCheckpoint(r.checkpoint, ledgerVKey, witnessVKeys || [], 0);
    await verifyInclusion(await leafHash(r.entryHash), r.seq, cp.size, r.proof, cp.root);
    return {
      seq: r.seq, size: cp.size, root: cp.root, origin: cp.origin, electionID: r.electionID,
      trackingCode: B.toHex(r.trackingCode), shortTrackingCode: shortTrackingCode(r.trackingCode),
      entryHash: B.toHex(r.entryHash), cosigners: cp.cosigners, unverified: cp.unverified, checkpoint: r.checkpoint
    };
  }

  // `3f2a-91bc-0d4e-77a1`: the first 16 hex digits in groups of four (election-record.md §5.3).
  function shortTrackingCode(bytes) {
    var hex = B.toHex(bytes).slice(0, 16);
    return [hex.slice(0, 4), hex.slice(4, 8), hex.slice(8, 12), hex.slice(12, 16)].join("-");
  }

  U.ledger = {
    parseLine: parseLine, entryHash: entryHash, checkLine: checkLine, splitLines: splitLines, readEntries: readEntries,
    leafHash: leafHash, nodeHash: nodeHash, rootOf: rootOf,
    verifyInclusion: verifyInclusion, rootFromInclusion: rootFromInclusion, verifyConsistency: verifyConsistency,
    parseVerifierKey: parseVerifierKey, readVerifierKeyFile: readVerifierKeyFile, fingerprint: fingerprint,
    parseNote: parseNote, parseCheckpoint: parseCheckpoint, openCheckpoint: openCheckpoint,
    verifyReceipt: verifyReceipt, shortTrackingCode: shortTrackingCode,
    base64ToBytes: base64ToBytes, bytesToBase64: bytesToBase64,
    ed25519PublicKeyProblem: publicKeyProblem, ed25519SignatureProblem: signatureProblem, ed25519VerifyStrict: ed25519Verify
  };
})(Urna);

"""#),
        ("js/urna-p256.js", #"""
// Urna browser crypto — NIST P-256 on BigInt (Specs/crypto.md §1). Defines Urna.p256.
// Points are Jacobian {X, Y, Z} (affine x = X/Z², y = Y/Z³); Z = 0 is the point at infinity O.
//
// Side channels, honestly: JavaScript BigInt arithmetic is variable-time (its cost depends on the
// operands' magnitudes) and the engine may optimise anything. What this file does for secret scalars
// (`mul`): a Montgomery ladder over a fixed 257-bit scalar (k + q or k + 2q, top bit always set), one
// addition and one doubling per bit whatever the bit is, and arithmetic (mask) conditional swaps, so
// the sequence of field operations does not depend on the scalar's bits. The exceptional-case
// branches of add/double (an operand at infinity, equal operands) cannot be reached from the ladder
// except with negligible probability or for k ≡ 0. `mulPublic` is plain double-and-add, for public
// scalars only (verification).
"use strict";
(function (U) {
  var B = U.bytes, E = U.Error;
  var p = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
  var q = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
  var b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
  var Gx = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
  var Gy = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;
  var TWO256 = 1n << 256n;

  function fm(a) { var r = a % p; return r < 0n ? r + p : r; }
  function finv(a) { return B.modPow(a, p - 2n, p); } // Fermat: same exponent for every input

  var INF = Object.freeze({ X: 1n, Y: 1n, Z: 0n });
  var G = Object.freeze({ X: Gx, Y: Gy, Z: 1n });

  function isInfinity(P) { return P.Z === 0n; }

  // dbl-2001-b (a = −3).
  function double(P) {
    if (P.Z === 0n || P.Y === 0n) return INF;
    var delta = fm(P.Z * P.Z), gamma = fm(P.Y * P.Y), beta = fm(P.X * gamma);
    var alpha = fm(3n * fm(P.X - delta) * fm(P.X + delta));
    var X3 = fm(alpha * alpha - 8n * beta);
    var Z3 = fm((P.Y + P.Z) * (P.Y + P.Z) - gamma - delta);
    var Y3 = fm(alpha * (4n * beta - X3) - 8n * fm(gamma * gamma));
    return { X: X3, Y: Y3, Z: Z3 };
  }

  // add-2007-bl.
  function add(P, Q) {
    if (P.Z === 0n) return Q;
    if (Q.Z === 0n) return P;
    var Z1Z1 = fm(P.Z * P.Z), Z2Z2 = fm(Q.Z * Q.Z);
    var U1 = fm(P.X * Z2Z2), U2 = fm(Q.X * Z1Z1);
    var S1 = fm(P.Y * Q.Z * Z2Z2), S2 = fm(Q.Y * P.Z * Z1Z1);
    var H = fm(U2 - U1), r = fm(2n * (S2 - S1));
    if (H === 0n) return r === 0n ? double(P) : INF;
    var I = fm(4n * H * H), J = fm(H * I), V = fm(U1 * I);
    var X3 = fm(r * r - J - 2n * V);
    var Y3 = fm(r * (V - X3) - 2n * S1 * J);
    var Z3 = fm(((P.Z + Q.Z) * (P.Z + Q.Z) - Z1Z1 - Z2Z2) * H);
    return { X: X3, Y: Y3, Z: Z3 };
  }

  function neg(P) { return P.Z === 0n ? INF : { X: P.X, Y: fm(-P.Y), Z: P.Z }; }
  function sub(P, Q) { return add(P, neg(Q)); }

  function cswap(R, S, bit) {
    var m = -BigInt(bit);
    var tX = m & (R.X ^ S.X), tY = m & (R.Y ^ S.Y), tZ = m & (R.Z ^ S.Z);
    return [{ X: R.X ^ tX, Y: R.Y ^ tY, Z: R.Z ^ tZ }, { X: S.X ^ tX, Y: S.Y ^ tY, Z: S.Z ^ tZ }];
  }

  // k·P for a secret scalar k (BigInt, reduced mod q here).
  function mul(k, P) {
    var kr = ((k % q) + q) % q;
    var k1 = kr + q, k2 = kr + 2n * q;
    var pick = BigInt(Number(k1 >> 256n)) ; // 1 if k + q already has bit 256 set
    var mask = -pick;
    var kk = (k1 & mask) | (k2 & ~mask);
    var R0 = P, R1 = double(P);
    for (var i = 255; i >= 0; i--) {
      var bit = Number((kk >> BigInt(i)) & 1n);
      var s = cswap(R0, R1, bit);
      var A = add(s[0], s[1]), D = double(s[0]);
      s = cswap(D, A, bit);
      R0 = s[0]; R1 = s[1];
    }
    return R0;
  }

  // k·P for a public scalar (variable time).
  function mulPublic(k, P) {
    var kr = ((k % q) + q) % q, R = INF, A = P;
    while (kr > 0n) {
      if (kr & 1n) R = add(R, A);
      A = double(A);
      kr >>= 1n;
    }
    return R;
  }

  function base(k) { return mul(k, G); }

  function toAffine(P) {
    if (P.Z === 0n) throw E("invalid-point", "the point at infinity has no affine coordinates");
    var zi = finv(P.Z), zi2 = fm(zi * zi);
    return { x: fm(P.X * zi2), y: fm(P.Y * zi2 * zi) };
  }

  function isOnCurve(x, y) { return fm(y * y) === fm(x * x * x - 3n * x + b); }

  function fromAffine(x, y) {
    if (x < 0n || x >= p || y < 0n || y >= p || !isOnCurve(x, y)) throw E("invalid-point", "not a point on P-256");
    return { X: x, Y: y, Z: 1n };
  }

  // SEC1 compressed, 33 bytes; O is the single byte 00.
  function encode(P) {
    if (P.Z === 0n) return new Uint8Array([0]);
    var a = toAffine(P);
    return B.concat([new Uint8Array([a.y & 1n ? 3 : 2]), B.fromBigInt(a.x, 32)]);
  }

  // Rejections in the order of Specs/crypto.md §1.1.
  function decode(bytes, allowInfinity) {
    if (bytes.length === 1 && bytes[0] === 0) {
      if (!allowInfinity) throw E("invalid-point", "the point at infinity is not allowed here");
      return INF;
    }
    if (bytes.length !== 33) throw E("invalid-point", "a point is 33 bytes SEC1 compressed, got " + bytes.length);
    if (bytes[0] !== 2 && bytes[0] !== 3) throw E("invalid-point", "a compressed point starts with 02 or 03");
    var x = B.toBigInt(bytes.subarray(1));
    if (x >= p) throw E("invalid-point", "x is not below p");
    var rhs = fm(x * x * x - 3n * x + b);
    var y = B.modPow(rhs, (p + 1n) / 4n, p);
    if (fm(y * y) !== rhs) throw E("invalid-point", "x is not on the curve");
    if (Number(y & 1n) !== (bytes[0] & 1)) y = fm(-y);
    return { X: x, Y: y, Z: 1n };
  }

  function encodeHex(P) { return B.toHex(encode(P)); }
  function decodeHex(h, allowInfinity) { return decode(B.fromHex(h), allowInfinity); }
  function equal(P, Q) { return B.equal(encode(P), encode(Q)); }

  // Scalars (§1.2): 32 bytes big-endian, < q.
  function scalarFromBytes(bytes) {
    if (bytes.length !== 32) throw E("invalid-scalar", "a scalar is 32 bytes, got " + bytes.length);
    var v = B.toBigInt(bytes);
    if (v >= q) throw E("invalid-scalar", "scalar is not below the group order");
    return v;
  }
  function scalarFromHex(h) { return scalarFromBytes(B.fromHex(h)); }
  function scalarToBytes(v) { return B.fromBigInt(((v % q) + q) % q, 32); }
  function scalarToHex(v) { return B.toHex(scalarToBytes(v)); }
  function reduce(bytes) { return B.toBigInt(bytes) % q; }
  function smod(v) { var r = v % q; return r < 0n ? r + q : r; }

  // Uniform in [1, q): redraw on 0 or ≥ q.
  function randomScalar() {
    for (;;) {
      var v = B.toBigInt(B.random(32));
      if (v !== 0n && v < q) return v;
    }
  }

  U.p256 = {
    p: p, q: q, b: b, G: G, INF: INF, TWO256: TWO256,
    isInfinity: isInfinity, add: add, double: double, neg: neg, sub: sub,
    mul: mul, mulPublic: mulPublic, base: base,
    toAffine: toAffine, fromAffine: fromAffine, isOnCurve: isOnCurve,
    encode: encode, decode: decode, encodeHex: encodeHex, decodeHex: decodeHex, equal: equal,
    scalarFromBytes: scalarFromBytes, scalarFromHex: scalarFromHex, scalarToBytes: scalarToBytes,
    scalarToHex: scalarToHex, reduce: reduce, mod: smod, randomScalar: randomScalar
  };
})(Urna);

"""#),
        ("js/urna-proofs.js", #"""
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

"""#),
        ("pages/check.html", #"""
<p>Your letter's pseudonym is public on the roll. When a token is issued, the ledger publishes the pseudonym and its activation code (in batches, and all of them when voting closes). If a token was issued in your name and you never asked for one, someone used your letter: tell the commission.</p>
<form id="check-form" novalidate>
<label for="ledger-fingerprint">Ledger key fingerprint (from the election notice)</label>
<input type="text" id="ledger-fingerprint" autocomplete="off" spellcheck="false" required>
<label for="pseudonym">Pseudonym (from your letter)</label>
<input type="text" id="pseudonym" autocomplete="off" spellcheck="false" required>
<button type="submit" id="check">Check</button>
</form>
<section id="check-result" hidden aria-labelledby="check-result-title">
<h2 id="check-result-title">Result</h2>
<p id="check-verdict"></p>
<ul class="checks" id="check-checks"></ul>
</section>

"""#),
        ("pages/home.html", #"""
<section aria-labelledby="overview-title">
<h2 id="overview-title">Overview</h2>
<dl>
<dt>Phase</dt><dd id="phase"></dd>
<dt>Ledger key fingerprint</dt><dd class="hex" id="ledger-fingerprint-shown"></dd>
<dt>Ledger key</dt><dd class="hex" id="ledger-key-shown"></dd>
<dt>Entries</dt><dd id="ledger-size"></dd>
</dl>
<p class="muted">Compare the fingerprint with the election notice. The counts below are the service's; the verifier recomputes them from the record.</p>
</section>
<section aria-labelledby="districts-title">
<h2 id="districts-title">Districts</h2>
<div class="table-wrap">
<table id="districts">
<thead><tr><th scope="col">District</th><th scope="col" class="num">On the roll</th><th scope="col" class="num">Tokens issued</th><th scope="col" class="num">Ballots cast</th><th scope="col" class="num">Ballots counted</th><th scope="col" class="num">Spoiled</th></tr></thead>
<tbody id="districts-body"></tbody>
</table>
</div>
</section>
<section id="results" hidden aria-labelledby="results-title">
<h2 id="results-title">Results</h2>
<p id="results-source" class="muted"></p>
<div id="results-body"></div>
</section>
<section aria-labelledby="record-title">
<h2 id="record-title">Check it yourself</h2>
<p><a id="download-record" href="#">Download the public record (ledger.jsonl)</a> · <a id="download-checkpoint" href="#">checkpoint</a> · <a id="download-vkey" href="#">ledger.vkey</a></p>
<p id="verify-howto-text">Anyone can verify the election from the public record alone, trusting no one: install Urna's <code>scrutineer</code> (<a id="verify-howto" href="#verify">instructions</a>) and run</p>
<pre id="verify"></pre>
</section>

"""#),
        ("pages/layout.html", #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title><!--title--> · Urna</title>
<link rel="stylesheet" href="/assets/css/urna.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body data-page="<!--page-->" data-state="loading">
<a class="skip" href="#main">Skip to content</a>
<header>
<p class="brand">Urna <span id="election-title"></span></p>
<nav aria-label="Pages">
<ul>
<li><a id="nav-home" href="/">Election</a></li>
<li><a id="nav-vote" href="/vote">Vote</a></li>
<li><a id="nav-receipt" href="/receipt">Check a receipt</a></li>
<li><a id="nav-ledger" href="/ledger">Ledger</a></li>
<li><a id="nav-check" href="/check">Was a token issued in my name?</a></li>
</ul>
</nav>
</header>
<main id="main" tabindex="-1">
<h1><!--title--></h1>
<p id="status" role="status" aria-live="polite"></p>
<div id="error" role="alert" hidden></div>
<!--main-->
</main>
<footer>
<p>This page loads nothing from anywhere but this service, and says on the page what it checked in your browser and against which key. The whole public record can be verified independently with <code>scrutineer verify</code>.</p>
</footer>
<!--scripts-->
</body>
</html>

"""#),
        ("pages/ledger.html", #"""
<p>Every entry of the public ledger, in order. This page fetches the whole ledger up to the latest checkpoint and checks it in your browser: every entry hashes to its stated hash and links to the one before it, and together they hash to the root the ledger key signed.</p>
<form id="ledger-form" novalidate>
<label for="ledger-fingerprint">Ledger key fingerprint (from the election notice)</label>
<input type="text" id="ledger-fingerprint" autocomplete="off" spellcheck="false">
<button type="submit" id="ledger-load">Show the ledger</button>
</form>
<section id="checkpoints" hidden aria-labelledby="checkpoints-title">
<h2 id="checkpoints-title">Latest checkpoint</h2>
<ul class="checks" id="checkpoint-facts"></ul>
</section>
<section id="entries-section" hidden aria-labelledby="entries-title">
<h2 id="entries-title">Entries</h2>
<p id="entries-range"></p>
<div class="table-wrap">
<table id="entries">
<caption class="muted">Kind, time, entry hash; ballots with their tracking code</caption>
<thead><tr><th scope="col" class="num">Seq</th><th scope="col">Kind</th><th scope="col">Time</th><th scope="col">Hash / tracking code</th></tr></thead>
<tbody id="entries-body"></tbody>
</table>
</div>
<button type="button" id="prev-page" class="secondary">Previous entries</button>
<button type="button" id="next-page" class="secondary">Next entries</button>
</section>

"""#),
        ("pages/receipt.html", #"""
<p>Paste the receipt you downloaded after voting (or just its tracking code), or load the receipt file. The page fetches a fresh proof from the ledger and checks everything in this browser against the ledger key you pinned.</p>
<form id="receipt-form" novalidate>
<label for="ledger-fingerprint">Ledger key fingerprint (from the election notice)</label>
<input type="text" id="ledger-fingerprint" autocomplete="off" spellcheck="false" required>
<label for="receipt-input">Receipt or tracking code</label>
<textarea id="receipt-input" spellcheck="false" aria-describedby="receipt-help"></textarea>
<p id="receipt-help" class="muted">A receipt is a JSON file starting with {"checkpoint": …; a tracking code is 64 hexadecimal digits, or the short form 3f2a-91bc-0d4e-77a1.</p>
<label for="receipt-file">Or load a receipt file</label>
<input type="file" id="receipt-file" accept=".json,application/json">
<details>
<summary>Witness keys (optional)</summary>
<label for="witness-keys">One witness verifier key per line, as the witnesses published them</label>
<textarea id="witness-keys" spellcheck="false"></textarea>
</details>
<button type="submit" id="receipt-check">Check</button>
</form>
<section id="receipt-result" hidden aria-labelledby="receipt-result-title">
<h2 id="receipt-result-title">Result</h2>
<p id="receipt-verdict"></p>
<ul class="checks" id="receipt-checks"></ul>
</section>

"""#),
        ("pages/vote.html", #"""
<section id="login-section" hidden>
<p>Your voting letter gives your pseudonym and activation code. The ledger key fingerprint is on the commission's published election notice; it lets this page check that it is talking to the real election.</p>
<form id="login-form" novalidate>
<label for="ledger-fingerprint">Ledger key fingerprint (from the election notice)</label>
<input type="text" id="ledger-fingerprint" name="ledger-fingerprint" autocomplete="off" spellcheck="false" inputmode="text" aria-describedby="fp-help" required>
<p id="fp-help" class="muted">32 hexadecimal digits in groups of four, e.g. 3f9a-0c12-77be-4d01-9e2a-5b6c-d8f0-1a2b.</p>
<label for="pseudonym">Pseudonym (or voter id, from your letter)</label>
<input type="text" id="pseudonym" name="pseudonym" autocomplete="off" spellcheck="false" required>
<label for="code">Activation code</label>
<input type="text" id="code" name="code" autocomplete="off" spellcheck="false" aria-describedby="code-help" required>
<p id="code-help" class="muted">As printed, e.g. 0410-6105-0R3G-G28A-1C60-TE; dashes and case do not matter.</p>
<button type="submit" id="login">Get my ballot</button>
</form>
</section>

<section id="ballot-section" hidden>
<p id="ballot-intro"></p>
<form id="ballot-form" novalidate>
<div id="contests"></div>
<button type="submit" id="review">Review my choices</button>
</form>
</section>

<section id="review-section" hidden>
<h2>Your choices</h2>
<ul id="review-choices"></ul>
<p>Your ballot is encrypted. Its tracking code is</p>
<p class="code" id="tracking-code"></p>
<p>Cast it, or audit it: an audited ballot is published with its secrets so that anyone can see what it contains, then it is spoiled (never counted) and you get a fresh one. Audit as often as you like (up to the election's limit) to check this device encrypts what you chose.</p>
<button type="button" id="cast">Cast this ballot</button>
<button type="button" id="audit" class="secondary">Audit this ballot</button>
<button type="button" id="change" class="secondary">Change my choices</button>
</section>

<section id="audited-section" hidden>
<h2>Audited ballot</h2>
<p>The ballot with tracking code <span class="code" id="audit-tracking-code"></span> was published as spoiled, with its secrets. This page read it back from the ledger and decrypted it with those secrets; anyone can do the same. It contains:</p>
<ul id="audit-result"></ul>
<p id="audit-verdict"></p>
<button type="button" id="reencrypt">Encrypt my choices afresh</button>
<button type="button" id="audit-change" class="secondary">Change my choices</button>
</section>

<section id="cast-section" hidden>
<h2>Your ballot is cast</h2>
<p>Keep your tracking code. You can look it up on the ledger, or check your receipt at any time on the receipt page.</p>
<p class="code" id="receipt-code"></p>
<p class="hex">Full code: <span id="receipt-full"></span></p>
<ul class="checks" id="cast-checks"></ul>
<p><a id="receipt-download" href="#">Download your receipt</a></p>
<details>
<summary>Receipt (JSON)</summary>
<pre id="receipt-json"></pre>
</details>
</section>

"""#),
    ]
}
