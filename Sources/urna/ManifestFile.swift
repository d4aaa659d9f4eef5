import Foundation
import UrnaRecord

/// Reads a manifest file for `urna manifest check` and `urna election create`: every refusal
/// names the file and, where the fault is in the text, its line and column
/// (`manifest FILE:LINE:COL: …`), the field and the fix. No Foundation or decoding text reaches
/// the user.
enum ManifestFile {
    /// A manifest is a few kilobytes; anything much larger is not one.
    static let maxBytes = 4 << 20

    static func load(path: String) throws -> Manifest {
        let bytes = try read(path)
        func refuse(at offset: Int?, _ problem: String) -> RecordError {
            let position = offset.map { RecordError.Position(ofByte: $0, in: bytes) }
            return RecordError(.malformed, "manifest \(path)\(position.map { ":\($0)" } ?? ""): \(problem)", position: position)
        }
        guard bytes.contains(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) else {
            throw refuse(at: nil, "the file is empty; a manifest is one JSON object (see 'Manifest and roll' in README.md)")
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw refuse(at: 0, "the file starts with a byte order mark (U+FEFF); save it as UTF-8 without BOM")
        }
        if let offset = firstInvalidUTF8(bytes) {
            throw refuse(at: offset, "byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) is not UTF-8; save the file as UTF-8 text")
        }
        do {
            return try CanonicalJSON.decodeInput(Manifest.self, from: bytes)
        } catch let error as RecordError {
            // decodeInput names the type first ("Manifest: …"); the file name says it already.
            var reason = error.reason.hasPrefix("Manifest: ") ? String(error.reason.dropFirst("Manifest: ".count)) : error.reason
            // The parser names the field last ("… at contests[1].max"); lead with it, as the rules do.
            if let field = error.field, reason.hasSuffix(" at \(field)") {
                reason = "\(field): " + reason.dropLast(" at \(field)".count)
            }
            let position = error.position.map { ":\($0)" } ?? ""
            throw RecordError(error.code, "manifest \(path)\(position): \(reason)", field: error.field, position: error.position)
        }
    }

    /// The file's bytes; a missing file, a directory, a permission or a size problem is a
    /// `FileError` naming the path and what to do.
    static func read(_ path: String) throws -> [UInt8] {
        func refuse(_ problem: String) -> FileError { FileError(description: "manifest \(Console.safe(path)): \(problem)") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw refuse("no such file; check the path (a manifest is a JSON file, see 'Manifest and roll' in README.md)")
        }
        guard !isDirectory.boolValue else { throw refuse("is a directory; give the manifest's JSON file, e.g. \(Console.safe(path))/manifest.json") }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == EACCES ? "permission denied; make the file readable (chmod u+r)" : String(cString: strerror(errno))
            throw refuse("cannot be opened: \(reason)")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw refuse("cannot be read: \(String(cString: strerror(errno)))") }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
            guard bytes.count <= maxBytes else { throw refuse("is larger than \(maxBytes >> 20) MiB; this is not a manifest") }
        }
    }

    /// The offset of the first byte that does not start a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
