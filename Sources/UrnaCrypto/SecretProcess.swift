#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import UrnaCryptoBackend

/// What a process that holds keys does first (every `urna` and `scrutineer` command calls
/// ``prepare()`` at the top of `main`):
/// - no core dumps: a crash must not write the keys in memory to a file;
/// - libcrypto without its exit-time clean-up, which crashed a process whose other threads
///   still used libcrypto while it exited.
public enum SecretProcess {
    public static func prepare() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
        _ = CryptoLibrary.initialiseWithoutExitHandler()
    }
}
