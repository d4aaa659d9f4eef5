import Testing
import UrnaLedger
import UrnaRecord
import UrnaService
import UrnaServiceFixtures

@Suite struct ReceiptTests {
    @Test func receiptProvesInclusionUnderASignedCheckpoint() throws {
        let f = try ServiceFixture()
        let codes = try f.openWithRoll()
        let (request, token) = try f.token(try #require(codes["v1"]))
        let ballot = try f.ballot(request, token, district: "north", ["mayor": ["ben"], "council": ["ed"]]).0
        let cast = try f.service.castBallot(ballot)
        let receipt = try f.service.receipt(seq: cast.seq)
        #expect(receipt.trackingCode.bytes == ballot.trackingCode)
        #expect(receipt.seq == cast.seq)
        let checkpoint = try Checkpoint(signedNote: receipt.checkpoint)
        #expect(checkpoint.size > cast.seq)
        try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(receipt.entryHash.bytes), leafIndex: receipt.seq,
                                           treeSize: checkpoint.size, proof: receipt.inclusionProof.map(\.bytes), root: checkpoint.root)
        // The same proof does not place the entry anywhere else.
        #expect(throws: LedgerError.self) {
            try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(receipt.entryHash.bytes), leafIndex: receipt.seq - 1,
                                               treeSize: checkpoint.size, proof: receipt.inclusionProof.map(\.bytes), root: checkpoint.root)
        }
        expectRefused(.invalidInput) { _ = try f.service.receipt(seq: 0) }
    }
}
