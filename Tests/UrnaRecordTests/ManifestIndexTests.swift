import Testing
import UrnaCrypto
import UrnaRecord

/// Finding 6 of the soundness review: a district's ballot is looked up in an index built once per
/// election, never by scanning the manifest per contest per ballot (which made each tiny invalid
/// ballot cost seconds against a large manifest).
@Suite struct ManifestIndexTests {
    @Test func theIndexIsTheManifestsBallots() throws {
        let f = try RecordFixture()
        for district in f.manifest.districts {
            #expect(f.election.ballots[district.id]?.map(\.id) == f.manifest.contests(inDistrict: district.id).map(\.id))
        }
        #expect(f.election.ballots["nowhere"] == nil)
    }

    /// 4,000 contests on one district's ballot, and 3,000 ballots with none: with a scan per
    /// contest each refusal cost ~8 million id comparisons (hours in all); with the index it is
    /// one dictionary lookup and a count comparison.
    @Test(.timeLimit(.minutes(1))) func shapeRefusalsDoNotScanTheManifest() throws {
        let contests = (0..<4_000).map { index in
            Manifest.Contest(id: "c\(index)", title: "Contest \(index)", min: 0, max: 1,
                             candidates: [.init(id: "yes", name: "Yes"), .init(id: "no", name: "No")])
        }
        let manifest = try Manifest(electionID: "big-2026", title: "Many contests", contests: contests,
                                    districts: [.init(id: "d", name: "D", contests: contests.map(\.id))])
        let key = try BlindRSAPrivateKey.generate(bits: 2048)
        let signer = try NoteSigner(name: "urna.example/big-2026", privateKey: Ed25519PrivateKey())
        let body = try ElectionBody(manifest: manifest, ledgerKey: signer.verifier.verifierKeyString,
                                    tokenKeys: ["d": Base64.encode(key.publicKey.spkiDER)],
                                    trustees: [.init(index: 1, name: "t1", encryptionKey: try Point.generator(),
                                                      identityKey: HexBytes(try Ed25519PrivateKey().publicKey.rawRepresentation))], threshold: 1,
                                    registrar: .forTests(manifest))
        let election = try ElectionContext(electionBodyBytes: CanonicalJSON.encode(body), jointKey: Point.generator())
        let ballot = Ballot(electionHash: election.electionHash, district: "d", credential: Array(repeating: 7, count: 32),
                            token: .init(prefix: Array(repeating: 0, count: 32), signature: Array(repeating: 1, count: 256)),
                            contests: [], signature: Array(repeating: 2, count: 64))
        for _ in 0..<3_000 {
            #expect(throws: RecordError.self) { _ = try BallotCheck.equations(ballot, in: election) }
        }
    }
}
