import UrnaCrypto
import UrnaRecord

/// A small election with two districts sharing a city-wide question, for record tests.
struct RecordFixture {
    let manifest: Manifest
    let election: ElectionContext
    let jointSecret: Scalar
    let tokenKeys: [String: BlindRSAPrivateKey]

    static func manifest(revoting: Bool = false) throws -> Manifest {
        try Manifest(
            electionID: "city-2026", title: "City election 2026",
            contests: [
                .init(id: "mayor", title: "Mayor", min: 0, max: 1, candidates: [
                    .init(id: "alice", name: "Alice"), .init(id: "bob", name: "Bob"), .init(id: "carol", name: "Carol"),
                ]),
                .init(id: "council-north", title: "Council (North)", min: 1, max: 2, candidates: [
                    .init(id: "dan", name: "Dan"), .init(id: "erin", name: "Erin"), .init(id: "frank", name: "Frank"),
                ]),
            ],
            districts: [
                .init(id: "north", name: "North", contests: ["mayor", "council-north"]),
                .init(id: "south", name: "South", contests: ["mayor"]),
            ],
            revoting: revoting)
    }

    init() throws {
        manifest = try Self.manifest()
        var keys: [String: BlindRSAPrivateKey] = [:]
        for district in manifest.districts { keys[district.id] = try BlindRSAPrivateKey.generate(bits: 2048) }
        tokenKeys = keys
        let ledgerKey = try NoteSigner(name: "urna.example/city-2026", privateKey: Ed25519PrivateKey())
        let trustee = ElectionBody.Trustee(index: 1, name: "t1", encryptionKey: try Point.base(Scalar.random()),
                                           identityKey: HexBytes(try Ed25519PrivateKey().publicKey.rawRepresentation))
        let body = try ElectionBody(manifest: manifest, ledgerKey: ledgerKey.verifier.verifierKeyString,
                                    tokenKeys: keys.mapValues { Base64.encode($0.publicKey.spkiDER) },
                                    trustees: [trustee], threshold: 1, registrar: .forTests(manifest))
        jointSecret = try Scalar.random()
        election = try ElectionContext(electionBodyBytes: CanonicalJSON.encode(body), jointKey: Point.base(jointSecret))
    }

    /// Runs the token protocol for `district` directly against its signing key.
    func token(district: String) throws -> (TokenRequest, Ballot.Token) {
        guard let key = election.tokenKeys[district], let signing = tokenKeys[district] else {
            throw RecordError(.unknownDistrict, district)
        }
        let request = try TokenRequest.make(electionID: manifest.electionID, district: district, tokenKey: key)
        return (request, try request.finalize(blindSignature: signing.blindSign(request.blindedMessage), tokenKey: key))
    }
}
