// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part12: [(String, String)] = [
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
