import Foundation

/// Edits one leaf of a JSON body, as a commission rewriting an entry would: parses the body,
/// replaces the value at a path with any JSON literal text (so it can write numbers no
/// `Int` holds, `-0`, `1e3`, …), and writes it back with sorted keys.
struct JSONFieldEditor {
    enum Step: Hashable, CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): "[\(index)]"
            }
        }
    }

    /// A leaf: its path and its value (NSNumber, String, NSNull or Bool).
    struct Leaf {
        let path: [Step]
        let value: Any
        var pathText: String { path.map(\.description).joined(separator: ".") }
        var isNumber: Bool { value is NSNumber && !(value is Bool) }
        var string: String? { value as? String }
    }

    let root: Any

    init?(body: [UInt8]) {
        guard let root = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else { return nil }
        self.root = root
    }

    /// Every leaf, depth first (object keys sorted).
    var leaves: [Leaf] {
        var leaves: [Leaf] = []
        func walk(_ value: Any, _ path: [Step]) {
            if let object = value as? [String: Any] {
                for key in object.keys.sorted() { walk(object[key] as Any, path + [.key(key)]) }
            } else if let array = value as? [Any] {
                for (index, item) in array.enumerated() { walk(item, path + [.index(index)]) }
            } else {
                leaves.append(Leaf(path: path, value: value))
            }
        }
        walk(root, [])
        return leaves
    }

    /// Every object key path (to drop a field or rename a key).
    var keyPaths: [[Step]] {
        var paths: [[Step]] = []
        func walk(_ value: Any, _ path: [Step]) {
            if let object = value as? [String: Any] {
                for key in object.keys.sorted() {
                    paths.append(path + [.key(key)])
                    walk(object[key] as Any, path + [.key(key)])
                }
            } else if let array = value as? [Any] {
                for (index, item) in array.enumerated() { walk(item, path + [.index(index)]) }
            }
        }
        walk(root, [])
        return paths
    }

    /// The body with the value at `path` replaced by the JSON text `literal` (nil: the key removed).
    func replacing(_ path: [Step], with literal: String?) -> [UInt8]? {
        let marker = "__urna_mutation_\(UUID().uuidString)__"
        guard let edited = set(root, path[...], marker, remove: literal == nil),
              let data = try? JSONSerialization.data(withJSONObject: edited, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]),
              let text = String(data: data, encoding: .utf8) else { return nil }
        return Array(text.replacingOccurrences(of: "\"\(marker)\"", with: literal ?? "null").utf8)
    }

    private func set(_ value: Any, _ path: ArraySlice<Step>, _ marker: String, remove: Bool) -> Any? {
        guard let step = path.first else { return marker }
        switch step {
        case .key(let key):
            guard var object = value as? [String: Any], let child = object[key] else { return nil }
            if path.count == 1, remove {
                object[key] = nil
            } else {
                guard let replaced = set(child, path.dropFirst(), marker, remove: remove) else { return nil }
                object[key] = replaced
            }
            return object
        case .index(let index):
            guard var array = value as? [Any], array.indices.contains(index) else { return nil }
            if path.count == 1, remove {
                array.remove(at: index)
            } else {
                guard let replaced = set(array[index], path.dropFirst(), marker, remove: remove) else { return nil }
                array[index] = replaced
            }
            return array
        }
    }
}
