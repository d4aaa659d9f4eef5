import Foundation

/// Replacing a folder by another in one step, so readers see the old one or the new one,
/// never a mix (an export's entries and its checkpoint must match).
enum AtomicFolder {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    /// Linux's `renameat2` (glibc 2.28+), looked up at run time: the Swift Glibc module does not
    /// declare it.
    private static let renameat2: RenameAt2? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    private static let exchange: UInt32 = 2  // RENAME_EXCHANGE

    /// Puts `new` at `target`. If `target` exists, the two are exchanged atomically and the old
    /// one removed; where the kernel or file system cannot exchange, the old folder is moved
    /// aside first (a crash in between leaves it complete, beside a complete new one).
    static func replace(_ target: URL, with new: URL) throws {
        if !FileManager.default.fileExists(atPath: target.path) {
            guard rename(new.path, target.path) == 0 else { throw failure("move \(new.path) to \(target.path)") }
        } else if let renameat2, renameat2(AT_FDCWD, new.path, AT_FDCWD, target.path, exchange) == 0 {
            try? FileManager.default.removeItem(at: new)  // now the old folder
        } else {
            let aside = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).previous-\(getpid())")
            guard rename(target.path, aside.path) == 0 else { throw failure("move \(target.path) aside") }
            guard rename(new.path, target.path) == 0 else {
                let error = failure("move \(new.path) to \(target.path)")
                _ = rename(aside.path, target.path)
                throw error
            }
            try? FileManager.default.removeItem(at: aside)
        }
        let parent = target.deletingLastPathComponent().path
        let fd = open(parent, O_RDONLY | O_DIRECTORY)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// Flushes every file of `folder` and the folder itself to disk.
    static func syncFiles(in folder: URL) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let fd = open(folder.appendingPathComponent(name).path, O_RDONLY)
            guard fd >= 0 else { throw failure("open \(name)") }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw failure("sync \(name)") }
        }
        let fd = open(folder.path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw failure("open \(folder.path)") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("sync \(folder.path)") }
    }

    private static func failure(_ what: String) -> FileError {
        FileError(description: "cannot \(Console.safe(what)): \(String(cString: strerror(errno)))")
    }
}
