// Loads the vector files next to the Swift tests, runs UrnaKAT and publishes the result as
// window.urnaKATResult ({lines: [...], ok: bool}) for run.py, and in the page.
"use strict";
(function () {
  var base = "../../Tests/UrnaCryptoTests/Resources/";
  function load(name) {
    return fetch(base + name + ".json").then(function (r) {
      if (!r.ok) throw new Error(name + ".json: HTTP " + r.status);
      return r.json();
    });
  }
  function publish(lines, ok) {
    window.urnaKATResult = { lines: lines, ok: ok };
    var out = document.getElementById("out");
    out.textContent = "";
    lines.forEach(function (line) {
      var span = document.createElement("span");
      span.className = line.slice(0, 4);
      span.textContent = line + "\n";
      out.appendChild(span);
    });
  }
  function loadFrom(dir, name) {
    return fetch("../../Tests/" + dir + "/Resources/" + name + ".json").then(function (r) {
      if (!r.ok) throw new Error(name + ".json: HTTP " + r.status);
      return r.json();
    });
  }
  var web;
  Promise.all([load("p256_scalar_mult_kat"), load("web_kat"), load("rfc9474_rsabssa"), load("rfc8032_ed25519"),
               loadFrom("UrnaLedgerTests", "web_ledger_kat"), loadFrom("UrnaRecordTests", "web_ballot_kat")]).then(function (f) {
    web = f[1];
    // Each kat-*.js file's run(vectors) returns a Promise of a list of groups
    // ({name, passed, total, failures}); kat-ledger.js and kat-ballot.js own their vector files.
    return UrnaKAT.run({ p256: f[0], web: f[1], rsa: f[2], ed: f[3] }).then(function (groups) {
      return UrnaKATLedger.run(f[4]).then(function (more) { return groups.concat(more); });
    }).then(function (groups) {
      return UrnaKATBallot.run(f[5]).then(function (more) { return groups.concat(more); });
    });
  }).then(function (groups) {
    return UrnaKAT.timeBallot(web, 10).then(function (ms) {
      return { groups: groups, timing: "INFO 10-candidate contest (10 encryptions, 10 0/1 proofs, sum proof): " + Math.round(ms) + " ms" };
    }, function (e) {
      groups.push({ name: "ballot-timing", passed: 0, total: 1, failures: [String(e && e.message || e)] });
      return { groups: groups, timing: null };
    });
  }).then(function (res) {
    var groups = res.groups, lines = [], ok = true;
    groups.forEach(function (g) {
      var pass = g.total > 0 && g.passed === g.total;
      ok = ok && pass;
      lines.push((pass ? "PASS " : "FAIL ") + g.name + " " + g.passed + "/" + g.total);
      g.failures.slice(0, 5).forEach(function (f) { lines.push("    " + f); });
    });
    if (res.timing) lines.push(res.timing);
    publish(lines, ok);
  }).catch(function (e) {
    publish(["FAIL runner " + String(e && e.message || e)], false);
  });
})();
