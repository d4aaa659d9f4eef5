// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let part09: [(String, String)] = [
        ("js/urna-hash.js", #"""
// Urna browser crypto — domain-separated hashing (Specs/crypto.md §2, §4.1). Defines Urna.hash.
// SHA-256/SHA-384 come from WebCrypto (crypto.subtle), which is asynchronous: every function that
// hashes returns a Promise. crypto.subtle exists only in secure contexts (https, localhost, file).
"use strict";
(function (U) {
  var B = U.bytes, E = U.Error;

  function subtle() {
    if (typeof crypto === "undefined" || !crypto.subtle) {
      throw E("unsupported", "WebCrypto (crypto.subtle) is not available; open the page over https or localhost");
    }
    return crypto.subtle;
  }

  function sha256(bytes) {
    return subtle().digest("SHA-256", bytes).then(function (d) { return new Uint8Array(d); });
  }
  function sha384(bytes) {
    return subtle().digest("SHA-384", bytes).then(function (d) { return new Uint8Array(d); });
  }

  function asBytes(part) { return typeof part === "string" ? B.utf8(part) : part; }

  // LP(tag, x1, …, xn) = len(tag) ‖ tag ‖ len(x1) ‖ x1 ‖ …; strings are UTF-8, everything else raw bytes.
  function encode(tag, parts) {
    var list = [], t = B.utf8(tag);
    list.push(B.u32(t.length), t);
    for (var i = 0; i < parts.length; i++) {
      var x = asBytes(parts[i]);
      list.push(B.u32(x.length), x);
    }
    return B.concat(list);
  }

  function hash(tag, parts) { return sha256(encode(tag, parts)); }

  // ctx = H("urna/v1/proof-context", p1, …, pk): 32 bytes.
  function proofContext(parts) { return hash("urna/v1/proof-context", parts); }

  // A challenge: H(tag, ctx, parts…) as a big-endian integer mod q.
  function challenge(tag, ctxDigest, parts) {
    return hash(tag, [ctxDigest].concat(parts)).then(function (d) { return U.p256.reduce(d); });
  }

  U.hash = {
    sha256: sha256, sha384: sha384, encode: encode, hash: hash,
    proofContext: proofContext, challenge: challenge
  };
})(Urna);

"""#),
    ]
}
