import UrnaCrypto
import UrnaRecord

extension RegistrarInfo {
    /// A registrar with a fresh identity key and `voters` voters announced in every district.
    static func forTests(_ manifest: Manifest, voters: Int = 0) throws -> RegistrarInfo {
        try RegistrarInfo(name: "registrar", identityKey: Ed25519PrivateKey().publicKey.rawRepresentation,
                          voters: Dictionary(uniqueKeysWithValues: manifest.districts.map { ($0.id, voters) }))
    }
}
