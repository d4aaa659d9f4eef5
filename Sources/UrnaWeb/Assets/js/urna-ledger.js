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
