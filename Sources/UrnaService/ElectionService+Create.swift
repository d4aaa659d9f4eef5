import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord

extension ElectionService {
    /// Creates a new election in `directory`: the service's keys (ledger, one RSA token key per
    /// district, the commission secret) go into the private store; the `election` entry and a
    /// checkpoint start the public ledger. Phase: setup.
    public static func create(
        directory: URL, manifest: Manifest, trustees: [TrusteePublicInfo], threshold: Int,
        origin: String? = nil, tokenKeyBits: Int = BlindRSA.defaultModulusBits,
        progress: (String) -> Void = { _ in }
    ) throws -> ElectionService {
        let ledgerPath = directory.appendingPathComponent(ledgerFileName).path
        let privatePath = directory.appendingPathComponent(privateFileName).path
        for path in [ledgerPath, privatePath] where FileManager.default.fileExists(atPath: path) {
            throw ServiceError(.electionExists, "\(path) already exists; refusing to overwrite an election")
        }
        try wrap("creating \(directory.path)") {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let directoryLock = try DirectoryLock(directory: directory)
        let origin = origin ?? "urna.local/\(manifest.electionID)"
        let ledgerKey = try wrap("ledger key") { try Ed25519PrivateKey() }
        let signer = try wrap("ledger key") { try CheckpointSigner(origin: origin, privateKey: ledgerKey) }
        var tokenKeys: [String: BlindRSAPrivateKey] = [:]
        for (index, district) in manifest.districts.enumerated() {
            progress("generating the RSA-\(tokenKeyBits) token key of district '\(district.id)' (\(index + 1)/\(manifest.districts.count))")
            tokenKeys[district.id] = try wrap("token key") { try BlindRSAPrivateKey.generate(bits: tokenKeyBits) }
        }
        let body = try wrap("election body") {
            try ElectionBody(
                manifest: manifest, ledgerKey: signer.verifierKey,
                tokenKeys: tokenKeys.mapValues { Base64.encode($0.publicKey.spkiDER) },
                trustees: trustees.enumerated().map { $0.element.trustee(index: $0.offset + 1) },
                threshold: threshold)
        }
        let secret = try wrap("commission secret") { try RandomBytes.generate(32) }

        let privateStore = try PrivateStore(path: privatePath, create: true)
        try privateStore.transaction { db in
            try privateStore.setMeta("origin", Array(origin.utf8), in: db)
            try privateStore.setMeta("ledger_key", ledgerKey.rawRepresentation, in: db)
            try privateStore.setMeta("commission_secret", secret, in: db)
            for (district, key) in tokenKeys { try privateStore.setMeta("token_key/\(district)", key.pkcs8DER, in: db) }
        }
        let ledger = try wrap("creating \(ledgerPath)") {
            try LedgerStore.open(path: ledgerPath, origin: origin, configuration: configuration(signer: signer))
        }
        let service = ElectionService(directory: directory, directoryLock: directoryLock, ledger: ledger,
                                      privateStore: privateStore, signer: signer, commissionSecret: secret,
                                      tokenKeys: tokenKeys, state: ElectionState())
        try service.append(.election, body, checkpoint: true)
        return service
    }
}
