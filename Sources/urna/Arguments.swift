import Foundation
import UrnaRecord
import UrnaService

/// A command's arguments: `--name value` options (repeatable), `--flag` switches and positionals.
/// Small and strict: an unknown option is a usage error naming it.
struct Arguments {
    struct UsageError: Error, CustomStringConvertible {
        let description: String
        /// The command whose `--help` explains the usage (`election create`); nil: the top command.
        var helpCommand: String?

        init(description: String, helpCommand: String? = nil) {
            self.description = description
            self.helpCommand = helpCommand
        }
    }

    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []
    let wantsHelp: Bool

    /// - Parameters:
    ///   - valued: option names that take a value (without `--`).
    ///   - switches: option names that take none.
    init(_ arguments: [String], valued: Set<String>, switches: Set<String> = []) throws {
        var index = 0
        var help = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                help = true
                continue
            }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if switches.contains(name) {
                guard inlineValue == nil else { throw UsageError(description: "--\(Console.safe(name)) takes no value") }
                flags.insert(name)
            } else if valued.contains(name) {
                if let inlineValue {
                    options[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count else { throw UsageError(description: "--\(Console.safe(name)) needs a value") }
                    options[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                throw UsageError(description: "unknown option --\(Console.safe(name))")
            }
        }
        wantsHelp = help
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func optional(_ name: String) -> String? { options[name]?.last }

    func all(_ name: String) -> [String] { options[name] ?? [] }

    func required(_ name: String) throws -> String {
        guard let value = optional(name) else { throw UsageError(description: "--\(name) is required") }
        return value
    }

    func integer(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = optional(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(description: "--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(Console.safe(text))'")
        }
        return number
    }

    func directory(_ name: String = "dir") throws -> URL {
        URL(fileURLWithPath: try required(name))
    }
}

/// Console output: results on stdout, diagnostics and progress on stderr.
///
/// Strings from a record or a user (ids, names, titles, paths, error reasons) are escaped
/// with `TerminalText` before they are printed (review finding 10): ``safe(_:)`` for one
/// field, and every stderr message goes through `TerminalText.escapedLines` as a last guard.
enum Console {
    /// One record or user string, with every control character escaped (newlines too).
    static func safe(_ text: String) -> String { TerminalText.escaped(text) }

    static func error(_ message: String) {
        FileHandle.standardError.writeSafely(Data("urna: \(TerminalText.escapedLines(message))\n".utf8))
    }

    static func progress(_ message: String) {
        FileHandle.standardError.writeSafely(Data("\(TerminalText.escapedLines(message))\n".utf8))
    }

    /// A one-line progress bar on stderr, redrawn in place (only when stderr is a terminal).
    static func bar(_ label: String, _ done: Int, _ total: Int) {
        guard isatty(2) == 1, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let line = "\r\(TerminalText.escaped(label)) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)"
        FileHandle.standardError.writeSafely(Data((done >= total ? line + "\n" : line).utf8))
    }
}

/// A file that cannot be read or written (exit status 1, not a usage error).
struct FileError: Error, CustomStringConvertible {
    let description: String
}

/// Reads and writes files for commands, with errors that name the path.
enum Files {
    /// Reads a whole input file (at most `limit` bytes), naming the path and the reason.
    static func read(_ path: String, limit: Int = 256 << 20) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw FileError(description: "cannot read \(Console.safe(path)): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(description: "cannot read \(Console.safe(path)): it is \((info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"), not a file")
        }
        guard Int(info.st_size) <= limit else {
            throw FileError(description: "\(Console.safe(path)) is \(info.st_size) bytes, more than the \(limit) this command reads")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(description: "cannot read \(Console.safe(path)): \(String(cString: strerror(errno)))")
        }
        return Array(data)
    }

    /// Refuses, before anything is done, an output path whose folder is missing or not writable.
    static func requireWritableFolder(for path: String, what: String) throws {
        let directory = PathParts(path).folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FileError(description: "\(what) \(Console.safe(path)): the folder \(Console.safe(directory)) does not exist; create it first")
        }
        guard access(directory, W_OK) == 0 else {
            throw FileError(description: "\(what) \(Console.safe(path)): the folder \(Console.safe(directory)) is not writable")
        }
    }

    /// Writes atomically (temporary file, fsync, rename). Private files are created mode 0600
    /// before any byte is written, so a secret is never readable by others, even briefly.
    static func write(_ bytes: [UInt8], to path: String, private isPrivate: Bool = false) throws {
        // Hidden, beside the target (same file system, so the rename is atomic).
        let temporary = PathParts(path).sibling { ".\($0).tmp-\(getpid())" }
        unlink(temporary)  // a leftover of an interrupted process that had this pid
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, isPrivate ? 0o600 : 0o644)
        guard fd >= 0 else { throw FileError(description: "cannot create \(Console.safe(temporary)): \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else {
                close(fd)
                unlink(temporary)
                throw FileError(description: "cannot write \(Console.safe(path)): \(String(cString: strerror(errno)))")
            }
            written += n
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw FileError(description: "cannot write \(Console.safe(path)): \(String(cString: strerror(errno)))")
        }
    }
}
