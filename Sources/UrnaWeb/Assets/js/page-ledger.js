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
