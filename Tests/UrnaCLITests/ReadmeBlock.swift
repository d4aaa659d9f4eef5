import Foundation

/// The README's "How an election runs" script, found by the one rule `Tools/readme-election`
/// also uses: the section runs from the line "## How an election runs" to the next line
/// starting with "## " outside a fence; a fence opens at a line starting with ``` and closes at
/// the next line that is exactly ```; the script is the body of the one fence in the section
/// opened by the line exactly ```sh. No such fence, two of them, an unclosed fence or a missing
/// (or repeated) heading is an error.
struct ReadmeBlock {
    static let heading = "## How an election runs"

    /// The script, one element per line of the block.
    let lines: [String]

    /// The repository's root: this file is `Tests/UrnaCLITests/ReadmeBlock.swift`.
    static func repositoryRoot(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The block of the repository's README.md.
    static func load() throws -> ReadmeBlock {
        let url = repositoryRoot().appendingPathComponent("README.md")
        return try ReadmeBlock(markdown: String(contentsOf: url, encoding: .utf8))
    }

    init(markdown: String) throws {
        var headings = 0, blocks = 0
        var inSection = false, inFence = false, inBlock = false
        var lines: [String] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if inFence {
                if line == "```" {
                    inFence = false
                    inBlock = false
                } else if inBlock {
                    lines.append(line)
                }
            } else if line.hasPrefix("```") {
                inFence = true
                if inSection && line == "```sh" {
                    inBlock = true
                    blocks += 1
                }
            } else if line.hasPrefix("## ") {
                inSection = line == Self.heading
                if inSection { headings += 1 }
            }
        }
        guard headings == 1 else { throw CLI.Failure(description: "the README has \(headings) '\(Self.heading)' headings; expected 1") }
        guard !inFence else { throw CLI.Failure(description: "a fence in the README is not closed") }
        guard blocks == 1 else { throw CLI.Failure(description: "the section has \(blocks) ```sh blocks; expected 1") }
        self.lines = lines
    }

    /// The script as a file's contents.
    var script: String { lines.joined(separator: "\n") + "\n" }

    /// The commands as the shell reads them: continuation lines joined, comments, blank lines
    /// and here-document bodies left out.
    var commands: [String] {
        var commands: [String] = []
        var pending = ""
        var hereDocumentEnd: String?
        for line in lines {
            if let end = hereDocumentEnd {
                if line == end { hereDocumentEnd = nil }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (trimmed.isEmpty || trimmed.hasPrefix("#")) { continue }
            if trimmed.hasSuffix("\\") {
                pending += trimmed.dropLast() + " "
                continue
            }
            var command = pending + trimmed
            pending = ""
            if let comment = command.range(of: " #") {  // a trailing comment (no README argument holds " #")
                command = command[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            commands.append(command)
            hereDocumentEnd = Self.hereDocumentDelimiter(in: command)
        }
        return commands
    }

    /// The words of a command split at white space (enough for the README's plain arguments).
    static func words(_ command: String) -> [String] {
        command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// `EOF` in `cat > f <<'EOF'`, `<<EOF` or `<<"EOF"`.
    static func hereDocumentDelimiter(in command: String) -> String? {
        guard let range = command.range(of: "<<") else { return nil }
        let rest = command[range.upperBound...].drop { $0 == "-" || $0 == " " }
        let word = rest.prefix { !$0.isWhitespace }.filter { $0 != "'" && $0 != "\"" }
        return word.isEmpty ? nil : String(word)
    }
}
