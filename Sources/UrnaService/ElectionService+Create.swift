import Foundation
import UrnaCrypto
import UrnaLedger
import UrnaLedgerStore
import UrnaRecord

extension ElectionService {
    /// Creates a new election in `directory`: the service's keys (ledger, one RSA token key per
    /// district) go into the private store; the `election` entry and a
    /// checkpoint start the public ledger. Phase: setup.
    ///
    /// Atomic: everything is built in a hidden sibling folder, closed, and renamed onto
    /// `directory` at the end (which must not exist yet, or be empty). An interrupt or a failure
    /// at any moment leaves no election behind, and a second `create` can simply run again.
    public static func create(
        directory: URL, manifest: Manifest, trustees: [TrusteePublicInfo], threshold: Int,
        registrar: RegistrarInfo, origin: String? = nil, tokenKeyBits: Int = BlindRSA.defaultModulusBits,
        progress: (String) -> Void = { _ in }
    ) throws -> ElectionService {
        let directory = directory.standardizedFileURL
        try requireEmptyTarget(directory)
        try checkTrustees(trustees, threshold: threshold)
        do {
            try registrar.validate(against: manifest)
        } catch let error as RecordError {
            throw ServiceError(.invalidInput, "the registrar's registration does not fit the manifest: \(error.reason); the registrar's roll must use exactly the manifest's district ids")
        }
        let parent = directory.deletingLastPathComponent()
        try wrap("creating \(parent.path)") { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) }
        Leftovers.removeAbandoned(in: directory.deletingLastPathComponent().path, marker: ".\(directory.lastPathComponent).creating-")
        let building = parent.appendingPathComponent(".\(directory.lastPathComponent).creating-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try wrap("creating \(building.path)") { try FileManager.default.createDirectory(at: building, withIntermediateDirectories: false) }
        do {
            let service = try build(in: building, manifest: manifest, trustees: trustees, threshold: threshold,
                                    registrar: registrar, origin: origin, tokenKeyBits: tokenKeyBits, progress: progress)
            service.close()
            try syncDirectory(building)
            // The commit point: one rename makes the whole election appear at once.
            guard rename(building.path, directory.path) == 0 else {
                let reason = String(cString: strerror(errno))
                throw errno == ENOTEMPTY || errno == EEXIST
                    ? ServiceError(.electionExists, "\(directory.path) is no longer empty (another create?); nothing was created")
                    : ServiceError(.internalFailure, "cannot move the new election into \(directory.path): \(reason)")
            }
            try syncDirectory(parent)
        } catch {
            try? FileManager.default.removeItem(at: building)
            throw error
        }
        return try open(directory: directory)
    }

    /// The trustee list, checked before any key is generated: distinct names and keys, and a
    /// threshold that the trustees can meet.
    private static func checkTrustees(_ trustees: [TrusteePublicInfo], threshold: Int) throws {
        guard !trustees.isEmpty else { throw ServiceError(.invalidInput, "an election needs at least one trustee (--trustee FILE)") }
        var names: [String: Int] = [:]
        for (offset, trustee) in trustees.enumerated() {
            if let first = names[trustee.name] {
                throw ServiceError(.invalidInput, "--trustee number \(offset + 1) is trustee '\(trustee.name)' again (already number \(first)); each trustee runs 'urna trustee init' with a name of its own")
            }
            names[trustee.name] = offset + 1
        }
        guard Set(trustees.map(\.encryptionKey)).count == trustees.count else {
            throw ServiceError(.invalidInput, "two --trustee files carry the same key; each trustee makes its own with 'urna trustee init'")
        }
        guard (1...trustees.count).contains(threshold) else {
            throw ServiceError(.invalidInput, "--threshold \(threshold) must be between 1 and the \(trustees.count) trustee(s)")
        }
    }

    /// `directory` must not exist, or be an empty folder.
    private static func requireEmptyTarget(_ directory: URL) throws {
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: directory.path)) != nil {
            throw ServiceError(.electionExists, "\(directory.path) is a symbolic link; give --dir a new folder name (the election is renamed into place, which a link cannot take)")
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath()
        guard directory.resolvingSymlinksInPath() != current, directory.path != "/" else {
            throw ServiceError(.electionExists, "\(directory.path) is the current folder; an election gets a folder of its own: give --dir a new folder name")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw ServiceError(.electionExists, "\(directory.path) is a file; give --dir a new folder name")
        }
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        if contents.contains(ledgerFileName) {
            throw ServiceError(.electionExists, "\(directory.path) already holds an election; refusing to overwrite it")
        }
        guard contents.isEmpty else {
            throw ServiceError(.electionExists, "\(directory.path) is not empty (\(contents.sorted().prefix(3).joined(separator: ", "))…); an election gets a folder of its own: give --dir a new folder name")
        }
    }

    static func syncDirectory(_ directory: URL) throws {
        let fd = Foundation.open(directory.path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw ServiceError(.internalFailure, "cannot open \(directory.path): \(String(cString: strerror(errno)))") }
        defer { Foundation.close(fd) }
        guard fsync(fd) == 0 else { throw ServiceError(.internalFailure, "cannot sync \(directory.path): \(String(cString: strerror(errno)))") }
    }

    /// Builds a complete election in the fresh folder `directory`.
    private static func build(
        in directory: URL, manifest: Manifest, trustees: [TrusteePublicInfo], threshold: Int,
        registrar: RegistrarInfo, origin: String?, tokenKeyBits: Int, progress: (String) -> Void
    ) throws -> ElectionService {
        let ledgerPath = directory.appendingPathComponent(ledgerFileName).path
        let privatePath = directory.appendingPathComponent(privateFileName).path
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
                threshold: threshold, registrar: registrar)
        }

        let privateStore = try PrivateStore(path: privatePath, create: true)
        try privateStore.transaction { db in
            try privateStore.setMeta("origin", Array(origin.utf8), in: db)
            var seed = ledgerKey.rawRepresentation
            defer { SecretMemory.wipe(&seed) }
            try privateStore.setMeta("ledger_key", seed, in: db)
            for (district, key) in tokenKeys {
                var der = try key.pkcs8DER
                defer { SecretMemory.wipe(&der) }
                try privateStore.setMeta("token_key/\(district)", der, in: db)
            }
        }
        let ledger = try wrap("creating \(ledgerPath)") {
            try LedgerStore.open(path: ledgerPath, origin: origin, configuration: configuration(signer: signer))
        }
        let service = ElectionService(directory: directory, directoryLock: directoryLock, ledger: ledger,
                                      privateStore: privateStore, signer: signer,
                                      tokenKeys: tokenKeys, state: ElectionState())
        try service.append(.election, body, checkpoint: true)
        return service
    }
}
