#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import UrnaCryptoBackend

/// What every `urna` and `scrutineer` process does first (``prepare()``, at the top of `main`):
/// - no core dumps: a crash must not write the keys in its memory to a file;
/// - libcrypto initialised without its exit-time clean-up, which could crash a process whose
///   other threads still used libcrypto while it exited;
/// - SIGPIPE ignored: a closed pipe or socket is an error to handle (the output is then
///   reported incomplete), not a signal that ends the process mid-write.
public enum ProcessStart {
    public static func prepare() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
        _ = CryptoLibrary.initialiseWithoutExitHandler()
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
