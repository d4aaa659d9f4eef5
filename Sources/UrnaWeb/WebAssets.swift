/// The embedded files, by path. `WebAssets+Embedded.swift` is generated from `Assets/` by
/// `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`, and the same test fails when
/// the two differ, so the binary serves exactly the reviewed files.
public enum WebAssets {
    public static let all: [WebAsset] = embedded.map { WebAsset(path: $0.0, text: $0.1) }

    private static let byPath: [String: WebAsset] = Dictionary(all.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })

    public static func asset(_ path: String) -> WebAsset? {
        byPath[path]
    }

    /// The Swift source of `WebAssets+Embedded.swift` for these files (sorted by path): each file
    /// a raw multi-line string literal whose delimiter occurs nowhere in the file.
    public static func embeddedSource(_ files: [(path: String, text: String)]) -> String {
        var out = "// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.\n"
        out += "// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.\n\n"
        out += "extension WebAssets {\n    static let embedded: [(String, String)] = [\n"
        for file in files.sorted(by: { $0.path < $1.path }) {
            var hashes = "#"
            while file.text.contains("\"\"\"" + hashes) || file.text.contains("\\" + hashes) {
                hashes += "#"
            }
            out += "        (\"\(file.path)\", \(hashes)\"\"\"\n\(file.text)\n\"\"\"\(hashes)),\n"
        }
        out += "    ]\n}\n"
        return out
    }
}
