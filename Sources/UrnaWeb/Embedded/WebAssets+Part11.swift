// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part11: [(String, String)] = [
        ("js/urna-ledger.js", #"""
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
    ]
}
