import Testing
import UrnaCrypto
@testable import UrnaLedger

@Suite struct CheckpointTests {
    @Test func textIsByteExact() throws {
        let entries = try SpecExample.entries()
        let verifier = try ChainVerifier.verify(entries)
        let checkpoint = try Checkpoint(origin: "urna.example/e/2025-city", size: 2, root: verifier.root, chainHead: verifier.head)
        let text = "urna.example/e/2025-city\n2\nydVkdG3SUzc4cxYz+ljQ/+yu3HWRP9TmhALkJnn/1Vw=\n"
            + "urna/v1/chain-head \(SpecExample.hash1)\n"
        #expect(checkpoint.text == text)
        #expect(try Checkpoint(text: text) == checkpoint)
        let empty = try Checkpoint(origin: "o", size: 0, root: MerkleHash.emptyRoot, chainHead: Entry.genesisPrev)
        #expect(empty.text == "o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nurna/v1/chain-head \(String(repeating: "0", count: 64))\n")
        #expect(try Checkpoint(text: empty.text) == empty)
    }

    @Test func malformedTextsAreRefused() throws {
        let good = try Checkpoint(origin: "o", size: 5, root: [UInt8](repeating: 1, count: 32), chainHead: [UInt8](repeating: 2, count: 32))
        let lines = good.text.split(separator: "\n").map(String.init)
        func text(_ l: [String]) -> String { l.joined(separator: "\n") + "\n" }
        let bad: [String] = [
            String(good.text.dropLast()),                                   // no final newline
            text(Array(lines.prefix(3))),                                   // no extension line
            text(lines + ["extra"]),                                        // unknown extension line
            text(["", lines[1], lines[2], lines[3]]),                       // empty origin
            text(["o o", lines[1], lines[2], lines[3]]),                    // space in origin
            text(["a+b", lines[1], lines[2], lines[3]]),                    // plus in origin
            text([lines[0], "05", lines[2], lines[3]]),                     // leading zero
            text([lines[0], "+5", lines[2], lines[3]]),                     // sign
            text([lines[0], "9223372036854775808", lines[2], lines[3]]),   // above 2^63-1
            text([lines[0], lines[1], String(lines[2].dropLast()), lines[3]]), // missing padding
            text([lines[0], lines[1], "AQEB", lines[3]]),                   // 3-byte root
            text([lines[0], lines[1], lines[2], "urna/v1/chain-head " + String(repeating: "A", count: 64)]), // upper-case hex
            text([lines[0], lines[1], lines[2], "chain-head " + String(repeating: "0", count: 64)]),
            text([lines[0], lines[1], lines[2], "urna/v1/chain-head 00"]),  // short head
        ]
        for t in bad {
            #expect(throws: LedgerError.self, "\(t.debugDescription)") { try Checkpoint(text: t) }
        }
    }
}
