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
