import Foundation

/// A path's folder and last component, split on the last `/` (no Foundation path bridging:
/// `NSString.deletingLastPathComponent` traps on some one-character names on Linux).
public struct PathParts: Sendable, Hashable {
    /// The folder (`.` for a bare name, `/` at the root).
    public let folder: String
    /// The last component.
    public let name: String

    public init(_ path: String) {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else {
            folder = "."
            name = String(trimmed)
            return
        }
        let head = trimmed[..<slash]
        folder = head.isEmpty ? "/" : String(head)
        name = String(trimmed[trimmed.index(after: slash)...])
    }

    /// `folder/prefix+name+suffix`, e.g. the hidden temporary file beside a target.
    public func sibling(_ transform: (String) -> String) -> String {
        (folder == "/" ? "/" : folder + "/") + transform(name)
    }

    /// `path` made absolute against the current directory (not resolving `..` or links).
    public static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
