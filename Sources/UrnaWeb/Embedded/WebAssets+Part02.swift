// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part02: [(String, String)] = [
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
    ]
}
