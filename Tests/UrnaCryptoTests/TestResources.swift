import Foundation
import UrnaCrypto

/// Loads a JSON vector file copied into this test target's Resources folder.
enum TestResources {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func json(_ name: String) throws -> [String: Any] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources") else {
            throw Missing(description: "resource \(name).json not found")
        }
        guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw Missing(description: "resource \(name).json is not a JSON object")
        }
        return object
    }
}

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) throws -> String {
        guard let value = self[key] as? String else { throw TestResources.Missing(description: "field \(key)") }
        return value
    }

    func object(_ key: String) throws -> [String: Any] {
        guard let value = self[key] as? [String: Any] else { throw TestResources.Missing(description: "object \(key)") }
        return value
    }

    func objects(_ key: String) throws -> [[String: Any]] {
        guard let value = self[key] as? [[String: Any]] else { throw TestResources.Missing(description: "array \(key)") }
        return value
    }
}

/// Compressed SEC1 encoding from affine hex coordinates.
func compressedPoint(x: String, y: String) throws -> Point {
    let yBytes = try Hex.decode(y)
    let prefix: UInt8 = (yBytes.last ?? 0) & 1 == 1 ? 3 : 2
    return try Point(bytes: [prefix] + Hex.decode(x))
}
