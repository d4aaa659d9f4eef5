import Foundation
import COpenSSL

/// Hash functions reachable through EVP.
package enum DigestAlgorithm: Sendable {
    case sha256
    case sha384

    package var outputSize: Int {
        switch self {
        case .sha256: 32
        case .sha384: 48
        }
    }

    package var evp: OpaquePointer {
        switch self {
        case .sha256: EVP_sha256()
        case .sha384: EVP_sha384()
        }
    }
}

/// An incremental hash; owns one `EVP_MD_CTX`.
package final class DigestContext {
    private let ctx: OpaquePointer
    package let algorithm: DigestAlgorithm

    package init(_ algorithm: DigestAlgorithm) throws {
        guard let ctx = EVP_MD_CTX_new() else { throw backendFailure("EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(ctx, algorithm.evp, nil) == 1 else {
            EVP_MD_CTX_free(ctx)
            throw backendFailure("EVP_DigestInit_ex")
        }
        self.ctx = ctx
        self.algorithm = algorithm
    }

    deinit { EVP_MD_CTX_free(ctx) }

    package func update(_ bytes: some ContiguousBytes) throws {
        let ok = bytes.withUnsafeBytes { raw in
            raw.count == 0 || EVP_DigestUpdate(ctx, raw.baseAddress, raw.count) == 1
        }
        guard ok else { throw backendFailure("EVP_DigestUpdate") }
    }

    package func finalize() throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(ctx, &out, &length) == 1 else { throw backendFailure("EVP_DigestFinal_ex") }
        return Array(out.prefix(Int(length)))
    }

    /// One-shot digest.
    package static func hash(_ algorithm: DigestAlgorithm, _ bytes: some ContiguousBytes) throws -> [UInt8] {
        let context = try DigestContext(algorithm)
        try context.update(bytes)
        return try context.finalize()
    }
}
