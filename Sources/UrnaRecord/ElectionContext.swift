import UrnaCrypto

/// Everything needed to check ballots and tally entries, derived once from the `election`
/// and `joint-key` entries. Token keys are parsed once (an SPKI import costs milliseconds).
public struct ElectionContext: Sendable {
    public let body: ElectionBody
    public let bodyBytes: [UInt8]
    public let jointKey: Point
    /// `H("urna/v1/election-hash", election body, K)`.
    public let electionHash: [UInt8]
    public let tokenKeys: [String: BlindRSAPublicKey]

    public init(electionBodyBytes: [UInt8], jointKey: Point) throws {
        let body = try CanonicalJSON.decode(ElectionBody.self, from: electionBodyBytes)
        var keys: [String: BlindRSAPublicKey] = [:]
        for (district, encoded) in body.tokenKeys {
            guard let der = Base64.decode(encoded) else {
                throw RecordError(.invalidManifest, "token_keys.\(district): not base64")
            }
            do {
                keys[district] = try BlindRSAPublicKey(spkiDER: der)
            } catch {
                throw RecordError(.invalidManifest, "token_keys.\(district): \(error)")
            }
        }
        self.body = body
        self.bodyBytes = electionBodyBytes
        self.jointKey = jointKey
        self.electionHash = ElectionBody.electionHash(bodyBytes: electionBodyBytes, jointKey: jointKey)
        self.tokenKeys = keys
    }

    public var manifest: Manifest { body.manifest }
}

/// Standard base64 with padding (RFC 4648 §4), strict.
public enum Base64 {
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    public static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else { return nil }
        return Array(data)
    }
}

import Foundation
