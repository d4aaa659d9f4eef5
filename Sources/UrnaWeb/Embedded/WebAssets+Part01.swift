// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part01: [(String, String)] = [
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
    ]
}
