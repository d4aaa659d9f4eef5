import UrnaCryptoBackend

/// EMSA-PSS encoding (RFC 8017 §9.1.1) with SHA-384 and MGF1-SHA-384, done here rather than in
/// libcrypto because RFC 9474 Blind must encode before blinding and the tests need a fixed salt.
extension BlindRSA {
    static let hashLength = SHA384.outputSize

    /// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with Hash = SHA-384, MGF = MGF1-SHA-384.
    ///
    /// - Parameters:
    ///   - message: M, the message to encode (the prepared message).
    ///   - emBits: maximal bit length of OS2IP(EM); RSASSA-PSS uses `modBits - 1` (RFC 8017 §8.1.1 step 1).
    ///   - salt: the salt, `sLen` bytes (random in production; injected by the known-answer tests).
    /// - Returns: EM, `emLen = ceil(emBits / 8)` bytes.
    static func emsaPSSEncode(_ message: [UInt8], emBits: Int, salt: [UInt8]) throws -> [UInt8] {
        let hLen = hashLength, sLen = salt.count
        let emLen = (emBits + 7) / 8
        // 1. If the length of M is greater than the input limitation for the hash function
        //    (2^125 - 1 octets for SHA-384), output "message too long" and stop.
        //    (An in-memory Swift array cannot reach that limit.)
        // 2. Let mHash = Hash(M), an octet string of length hLen.
        let mHash = SHA384.hash(message)
        // 3. If emLen < hLen + sLen + 2, output "encoding error" and stop.
        guard emLen >= hLen + sLen + 2 else {
            throw CryptoError(.messageTooLong, "EMSA-PSS encoding error: emLen \(emLen) < hLen \(hLen) + sLen \(sLen) + 2")
        }
        // 4. Generate a random octet string salt of length sLen; if sLen = 0, then salt is the empty string.
        //    (The caller supplies it.)
        // 5. Let M' = (0x)00 00 00 00 00 00 00 00 || mHash || salt;
        //    M' is an octet string of length 8 + hLen + sLen with eight initial zero octets.
        let mPrime = [UInt8](repeating: 0, count: 8) + mHash + salt
        // 6. Let H = Hash(M'), an octet string of length hLen.
        let h = SHA384.hash(mPrime)
        // 7. Generate an octet string PS consisting of emLen - sLen - hLen - 2 zero octets.
        //    The length of PS may be 0.
        let ps = [UInt8](repeating: 0, count: emLen - sLen - hLen - 2)
        // 8. Let DB = PS || 0x01 || salt; DB is an octet string of length emLen - hLen - 1.
        let db = ps + [0x01] + salt
        // 9. Let dbMask = MGF(H, emLen - hLen - 1).
        let dbMask = mgf1SHA384(seed: h, length: emLen - hLen - 1)
        // 10. Let maskedDB = DB \xor dbMask.
        var maskedDB = zip(db, dbMask).map { $0 ^ $1 }
        // 11. Set the leftmost 8emLen - emBits bits of the leftmost octet in maskedDB to zero.
        let clearBits = 8 * emLen - emBits
        maskedDB[0] &= UInt8(truncatingIfNeeded: 0xff >> clearBits)
        // 12. Let EM = maskedDB || H || 0xbc.
        // 13. Output EM.
        return maskedDB + h + [0xbc]
    }

    /// MGF1 (RFC 8017 Appendix B.2.1) with Hash = SHA-384.
    static func mgf1SHA384(seed: [UInt8], length maskLen: Int) -> [UInt8] {
        // 1. If maskLen > 2^32 hLen, output "mask too long" and stop.
        //    (maskLen here is below the modulus length, far under the limit.)
        // 2. Let T be the empty octet string.
        var t: [UInt8] = []
        t.reserveCapacity(maskLen + hashLength)
        // 3. For counter from 0 to \ceil (maskLen / hLen) - 1, do the following:
        //    A. Convert counter to an octet string C of length 4 octets: C = I2OSP (counter, 4).
        //    B. Concatenate the hash of the seed mgfSeed and C to the octet string T:
        //       T = T || Hash(mgfSeed || C).
        var counter: UInt32 = 0
        while t.count < maskLen {
            t += SHA384.hash(seed + DomainHash.uint32(counter))
            counter += 1
        }
        // 4. Output the leading maskLen octets of T as the octet string mask.
        return Array(t.prefix(maskLen))
    }
}
