import COpenSSL

/// Zeroisation with `OPENSSL_cleanse`, which the compiler may not optimise away.
package enum Cleanse {
    /// Overwrites the array's buffer with zeros, keeping its length. Only a buffer the array
    /// owns alone is reached: Swift arrays copy on write, so a copy made earlier keeps its bytes.
    package static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { OPENSSL_cleanse(base, raw.count) }
        }
    }
}
