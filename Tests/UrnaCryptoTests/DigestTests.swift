import Testing
import UrnaCrypto

@Suite struct DigestTests {
    @Test func sha256KnownAnswer() {
        #expect(SHA256.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func sha384KnownAnswer() {
        #expect(SHA384.hash(Array("abc".utf8)).hex
            == "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7")
    }

    @Test func domainHashEncodingIsLengthPrefixed() {
        let encoded = DomainHash.encode(tag: "urna/v1/t", [[1, 2], []])
        #expect(encoded == [0, 0, 0, 9] + Array("urna/v1/t".utf8) + [0, 0, 0, 2, 1, 2, 0, 0, 0, 0])
        #expect(DomainHash.hash(tag: "urna/v1/t", [[1, 2], []]) == SHA256.hash(encoded))
        // Moving a byte between parts changes the hash: the lengths are bound.
        #expect(DomainHash.hash(tag: "urna/v1/t", [[1], [2]]) != DomainHash.hash(tag: "urna/v1/t", [[1, 2], []]))
    }

    @Test func hexRoundTripAndRejections() throws {
        #expect(try Hex.decode("00ff10") == [0, 255, 16])
        #expect([0, 255, 16].hex == "00ff10")
        #expect(throws: CryptoError.self) { try Hex.decode("0") }
        #expect(throws: CryptoError.self) { try Hex.decode("FF") }
        #expect(throws: CryptoError.self) { try Hex.decode("zz") }
    }
}
