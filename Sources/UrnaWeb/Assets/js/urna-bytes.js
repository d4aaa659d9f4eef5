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
