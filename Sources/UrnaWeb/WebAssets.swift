/// The embedded files, by path. `Embedded/WebAssets+*.swift` are generated from `Assets/` by
/// `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`, and the same test fails when
/// they differ, so the binary serves exactly the reviewed files.
public enum WebAssets {
    public static let all: [WebAsset] = joined(embeddedPieces).map { WebAsset(path: $0.0, text: $0.1) }

    private static let byPath: [String: WebAsset] = Dictionary(all.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })

    public static func asset(_ path: String) -> WebAsset? {
        byPath[path]
    }

    /// Consecutive pieces of one path joined back into its file.
    static func joined(_ pieces: [(String, String)]) -> [(String, String)] {
        var out: [(String, String)] = []
        for (path, text) in pieces {
            if let last = out.last, last.0 == path {
                out[out.count - 1].1 += text
            } else {
                out.append((path, text))
            }
        }
        return out
    }

    /// Lines per piece and per generated file, so no generated file grows past a few hundred lines.
    static let linesPerPiece = 400
    static let linesPerFile = 450

    /// The generated sources (file name under `Embedded/`, Swift source) for these files, sorted
    /// by path: each file cut at line ends into pieces, each piece a raw multi-line string literal
    /// whose delimiter occurs nowhere in it, pieces packed into `WebAssets+PartNN.swift` files and
    /// listed in order by `WebAssets+Embedded.swift`.
    public static func embeddedSources(_ files: [(path: String, text: String)]) -> [(name: String, source: String)] {
        let header = "// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.\n"
            + "// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.\n\n"
        var parts: [[String]] = [[]]
        var partLines = 0
        for file in files.sorted(by: { $0.path < $1.path }) {
            for piece in pieces(of: file.text) {
                let entry = "        (\"\(file.path)\", \(literal(piece))),\n"
                let lines = entry.split(separator: "\n", omittingEmptySubsequences: false).count
                if partLines > 0 && partLines + lines > linesPerFile {
                    parts.append([])
                    partLines = 0
                }
                parts[parts.count - 1].append(entry)
                partLines += lines
            }
        }
        var out: [(name: String, source: String)] = []
        var names: [String] = []
        for (index, entries) in parts.enumerated() where !entries.isEmpty {
            let number = index + 1 < 10 ? "0\(index + 1)" : "\(index + 1)"
            names.append("part\(number)")
            out.append(("WebAssets+Part\(number).swift",
                        header + "extension WebAssets {\n    static let part\(number): [(String, String)] = [\n" + entries.joined() + "    ]\n}\n"))
        }
        let list = names.isEmpty ? "[]" : names.joined(separator: " + ")
        out.insert(("WebAssets+Embedded.swift", header + "extension WebAssets {\n    static let embeddedPieces: [(String, String)] = \(list)\n}\n"), at: 0)
        return out
    }

    /// `text` cut after every `linesPerPiece`-th newline.
    static func pieces(of text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var lines = 0
        for character in text {
            current.append(character)
            if character == "\n" {
                lines += 1
                if lines == linesPerPiece {
                    out.append(current)
                    current = ""
                    lines = 0
                }
            }
        }
        if !current.isEmpty || out.isEmpty { out.append(current) }
        return out
    }

    /// A raw multi-line string literal of `text`, with a delimiter that occurs nowhere in it.
    static func literal(_ text: String) -> String {
        var hashes = "#"
        while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) {
            hashes += "#"
        }
        return "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)"
    }
}
