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
