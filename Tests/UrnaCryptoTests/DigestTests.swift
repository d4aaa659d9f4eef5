import Testing
@testable import UrnaCryptoBackend

@Suite struct DigestTests {
    @Test func sha256KnownAnswer() throws {
        let digest = try DigestContext.hash(.sha256, Array("abc".utf8))
        #expect(digest.hexString == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

extension Array where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
import Foundation
