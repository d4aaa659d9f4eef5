// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part08: [(String, String)] = [
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
    ]
}
