// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part03: [(String, String)] = [
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
    ]
}
