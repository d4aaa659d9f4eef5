import Foundation

/// The built `urna` run as a subprocess, as a voter runs it; output goes to files.
final class UrnaProcess {
    struct Outcome {
        let status: Int32
        let out: String
        let err: String
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    let process = Process()
    private let outURL: URL
    private let errURL: URL

    static func executable() throws -> URL {
        var candidates = [URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()]
        if let main = Bundle.main.executableURL { candidates.append(main.deletingLastPathComponent()) }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for directory in candidates {
            let url = directory.appendingPathComponent("urna")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw Failure(description: "urna not found near \(candidates.map(\.path))")
    }

    init(_ arguments: [String], in directory: URL) throws {
        let id = UUID().uuidString
        outURL = directory.appendingPathComponent("out-\(id)")
        errURL = directory.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    func wait() throws -> Outcome {
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                       err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL) throws -> Outcome {
        try UrnaProcess(arguments, in: directory).wait()
    }
}
