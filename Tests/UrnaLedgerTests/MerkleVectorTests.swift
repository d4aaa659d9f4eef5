import Foundation
import Testing
import UrnaCrypto
@testable import UrnaLedger

/// RFC 6962 / RFC 9162 known answers (`Resources/rfc6962_ct_merkle.json`) and the
/// accept/reject probes of `Resources/ct_merkle_verifier_probes.json`.
@Suite struct MerkleVectorTests {
    struct Vectors: Decodable {
        struct Root: Decodable { let tree_size: UInt64; let root: String }
        struct Inclusion: Decodable { let leaf_index: UInt64; let tree_size: UInt64; let leaf: String; let root: String; let path: [String] }
        struct Consistency: Decodable { let size1: UInt64; let size2: UInt64; let root1: String; let root2: String; let path: [String] }
        let leaves: [String]
        let empty_tree_root: String
        let node_hashes: [[String]]
        let roots: [Root]
        let inclusion_proofs: [Inclusion]
        let consistency_proofs: [Consistency]
    }

    struct Probes: Decodable {
        struct Inclusion: Decodable {
            let leafIdx: UInt64; let treeSize: UInt64; let root: String; let leafHash: String
            let proof: [String]; let desc: String; let wantErr: Bool; let file: String
        }
        struct Consistency: Decodable {
            let size1: UInt64; let size2: UInt64; let root1: String; let root2: String
            let proof: [String]; let desc: String; let wantErr: Bool; let file: String
        }
        let inclusion: [Inclusion]
        let consistency: [Consistency]
    }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources"))
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func tree(_ vectors: Vectors) throws -> InMemoryMerkleTree {
        var tree = InMemoryMerkleTree()
        for leaf in vectors.leaves { tree.append(leafHash: MerkleHash.leaf(try Hex.decode(leaf))) }
        return tree
    }

    @Test func emptyTreeAndRoots() throws {
        let vectors = try Self.load("rfc6962_ct_merkle", as: Vectors.self)
        #expect(MerkleHash.emptyRoot.hex == vectors.empty_tree_root)
        #expect(MerkleFrontier().root.hex == vectors.empty_tree_root)
        let tree = try Self.tree(vectors)
        #expect(try tree.prover.root(treeSize: 0).hex == vectors.empty_tree_root)
        #expect(vectors.roots.count == 8)
        var frontier = MerkleFrontier()
        for (i, leaf) in vectors.leaves.enumerated() {
            frontier.append(leafHash: MerkleHash.leaf(try Hex.decode(leaf)))
            let expected = try #require(vectors.roots.first { $0.tree_size == UInt64(i + 1) })
            #expect(frontier.root.hex == expected.root, "streaming root of size \(i + 1)")
            #expect(try tree.prover.root(treeSize: UInt64(i + 1)).hex == expected.root, "stored-tree root of size \(i + 1)")
        }
    }

    @Test func storedNodeHashesMatch() throws {
        let vectors = try Self.load("rfc6962_ct_merkle", as: Vectors.self)
        let tree = try Self.tree(vectors)
        #expect(tree.levels.map { $0.map(\.hex) } == vectors.node_hashes)
    }

    @Test func inclusionProofs() throws {
        let vectors = try Self.load("rfc6962_ct_merkle", as: Vectors.self)
        let tree = try Self.tree(vectors)
        #expect(vectors.inclusion_proofs.count == 5)
        for v in vectors.inclusion_proofs {
            let proof = try tree.prover.inclusionProof(leafIndex: v.leaf_index, treeSize: v.tree_size)
            #expect(proof.map(\.hex) == v.path, "PATH(\(v.leaf_index), D[\(v.tree_size)])")
            try MerkleVerifier.verifyInclusion(leafHash: MerkleHash.leaf(try Hex.decode(v.leaf)), leafIndex: v.leaf_index,
                                               treeSize: v.tree_size, proof: try v.path.map(Hex.decode),
                                               root: try Hex.decode(v.root))
        }
    }

    @Test func consistencyProofs() throws {
        let vectors = try Self.load("rfc6962_ct_merkle", as: Vectors.self)
        let tree = try Self.tree(vectors)
        #expect(vectors.consistency_proofs.count == 5)
        for v in vectors.consistency_proofs {
            let proof = try tree.prover.consistencyProof(oldSize: v.size1, newSize: v.size2)
            #expect(proof.map(\.hex) == v.path, "PROOF(\(v.size1), D[\(v.size2)])")
            try MerkleVerifier.verifyConsistency(oldSize: v.size1, newSize: v.size2, oldRoot: try Hex.decode(v.root1),
                                                 newRoot: try Hex.decode(v.root2), proof: try v.path.map(Hex.decode))
        }
    }

    @Test func inclusionProbes() throws {
        let probes = try Self.load("ct_merkle_verifier_probes", as: Probes.self)
        #expect(probes.inclusion.count == 98)
        var accepted = 0
        for p in probes.inclusion {
            let result = Result {
                try MerkleVerifier.verifyInclusion(leafHash: try Hex.decode(p.leafHash), leafIndex: p.leafIdx,
                                                   treeSize: p.treeSize, proof: try p.proof.map(Hex.decode),
                                                   root: try Hex.decode(p.root))
            }
            if Self.judge(result, wantErr: p.wantErr, probe: "\(p.file) (\(p.desc))") { accepted += 1 }
        }
        #expect(accepted == 6)
    }

    @Test func consistencyProbes() throws {
        let probes = try Self.load("ct_merkle_verifier_probes", as: Probes.self)
        #expect(probes.consistency.count == 98)
        var accepted = 0
        for p in probes.consistency {
            let result = Result {
                try MerkleVerifier.verifyConsistency(oldSize: p.size1, newSize: p.size2, oldRoot: try Hex.decode(p.root1),
                                                     newRoot: try Hex.decode(p.root2), proof: try p.proof.map(Hex.decode))
            }
            if Self.judge(result, wantErr: p.wantErr, probe: "\(p.file) (\(p.desc))") { accepted += 1 }
        }
        #expect(accepted == 6)
    }

    /// Expects a probe's outcome to match `wantErr` (failures must be typed); returns whether it was accepted.
    static func judge(_ result: Result<Void, any Error>, wantErr: Bool, probe: String) -> Bool {
        switch result {
        case .success:
            #expect(!wantErr, "accepted \(probe)")
            return true
        case .failure(let error):
            #expect(wantErr, "rejected \(probe): \(error)")
            #expect(error is LedgerError, "\(probe): \(error)")
            return false
        }
    }

    @Test func rootMismatchCarriesBothRoots() throws {
        let vectors = try Self.load("rfc6962_ct_merkle", as: Vectors.self)
        let tree = try Self.tree(vectors)
        let proof = try tree.prover.inclusionProof(leafIndex: 3, treeSize: 8)
        let leaf = MerkleHash.leaf(try Hex.decode(vectors.leaves[3]))
        let wrongRoot = [UInt8](repeating: 7, count: 32)
        let error = try #require(throws: LedgerError.self) {
            try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: 3, treeSize: 8, proof: proof, root: wrongRoot)
        }
        #expect(error.code == .rootMismatch)
        #expect(error.detail == .rootMismatch(expected: wrongRoot, computed: try tree.prover.root(treeSize: 8)))
        // Wrong leaf index, tampered proof byte, truncated proof.
        #expect(throws: LedgerError.self) {
            try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: 2, treeSize: 8, proof: proof, root: tree.root)
        }
        var tampered = proof
        tampered[1][0] ^= 1
        #expect(throws: LedgerError.self) {
            try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: 3, treeSize: 8, proof: tampered, root: tree.root)
        }
        let short = try #require(throws: LedgerError.self) {
            try MerkleVerifier.verifyInclusion(leafHash: leaf, leafIndex: 3, treeSize: 8, proof: Array(proof.dropLast()), root: tree.root)
        }
        #expect(short.code == .invalidProof)
    }

    @Test func proverRefusesOutOfRange() throws {
        let tree = try Self.tree(try Self.load("rfc6962_ct_merkle", as: Vectors.self))
        #expect(throws: LedgerError.self) { try tree.prover.inclusionProof(leafIndex: 8, treeSize: 8) }
        #expect(throws: LedgerError.self) { try tree.prover.inclusionProof(leafIndex: 0, treeSize: 9) }
        #expect(throws: LedgerError.self) { try tree.prover.consistencyProof(oldSize: 0, newSize: 8) }
        #expect(throws: LedgerError.self) { try tree.prover.consistencyProof(oldSize: 5, newSize: 4) }
        #expect(throws: LedgerError.self) { try tree.prover.root(treeSize: 9) }
        #expect(try tree.prover.consistencyProof(oldSize: 8, newSize: 8).isEmpty)
    }
}
