// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part10: [(String, String)] = [
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

"""#),
    ]
}
