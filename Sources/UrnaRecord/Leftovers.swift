import Foundation

/// Hidden files and folders that an interrupted command left beside its target, named
/// `.<target><marker><pid>[-…]`: removed once their process is gone.
public enum Leftovers {
    /// Removes every entry of `folder` whose name holds `marker` followed by the pid of a process
    /// that no longer runs (never this one's, never a path in `keep`).
    public static func removeAbandoned(in folder: String, marker: String, keep: Set<String> = []) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(".") {
            guard let range = name.range(of: marker, options: .backwards),
                  let pid = Int32(name[range.upperBound...].prefix { $0 != "-" }), pid > 0, pid != getpid(), kill(pid, 0) != 0
            else { continue }
            let path = (folder == "/" ? "/" : folder + "/") + name
            guard !keep.contains(path) else { continue }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
