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
    /// District id → the contests on its ballot, in order: the manifest indexed once, so that
    /// checking a ballot never scans the manifest.
    public let ballots: [String: [Manifest.Contest]]

    public init(electionBodyBytes: [UInt8], jointKey: Point) throws {
        let body = try CanonicalJSON.decode(ElectionBody.self, from: electionBodyBytes)
        try self.init(body: body, bodyBytes: electionBodyBytes, tokenKeys: try Self.importTokenKeys(body), jointKey: jointKey)
    }

    /// A context from an election body already decoded and token keys already imported (each key
    /// is imported once per record: an RSA import costs milliseconds, more for large keys).
    public init(body: ElectionBody, bodyBytes: [UInt8], tokenKeys: [String: BlindRSAPublicKey], jointKey: Point) throws {
        guard Set(tokenKeys.keys) == Set(body.manifest.districts.map(\.id)) else {
            throw RecordError(.invalidManifest, "token_keys: need exactly one key per district")
        }
        self.body = body
        self.bodyBytes = bodyBytes
        self.jointKey = jointKey
        self.electionHash = ElectionBody.electionHash(bodyBytes: bodyBytes, jointKey: jointKey)
        self.tokenKeys = tokenKeys
        self.ballots = Self.index(body.manifest)
    }

    /// Imports every district's token key (`Specs/tokens.md` key policy).
    public static func importTokenKeys(_ body: ElectionBody) throws -> [String: BlindRSAPublicKey] {
        var keys: [String: BlindRSAPublicKey] = [:]
        for (district, encoded) in body.tokenKeys.sorted(by: { $0.key < $1.key }) {
            guard let der = Base64.decode(encoded) else {
                throw RecordError(.invalidManifest, "token_keys.\(district): not standard base64")
            }
            do {
                keys[district] = try BlindRSAPublicKey(spkiDER: der)
            } catch {
                throw RecordError(.invalidManifest, "token_keys.\(district): \(error)")
            }
        }
        return keys
    }

    /// District id → contests in ballot order, in one pass over the manifest.
    public static func index(_ manifest: Manifest) -> [String: [Manifest.Contest]] {
        var contests: [String: Manifest.Contest] = [:]
        for contest in manifest.contests where contests[contest.id] == nil { contests[contest.id] = contest }
        var ballots: [String: [Manifest.Contest]] = [:]
        for district in manifest.districts where ballots[district.id] == nil {
            ballots[district.id] = district.contests.compactMap { contests[$0] }
        }
        return ballots
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
