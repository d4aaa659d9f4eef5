import COpenSSL

/// Process-wide libcrypto settings, made before anything else uses it.
package enum CryptoLibrary {
    /// Initialises libcrypto without its `atexit` clean-up. That handler frees libcrypto's
    /// global state while `exit` runs; a thread still using libcrypto then (a writer finishing a
    /// batch, a worker signing) crashes the process at its very end. The system frees the memory
    /// anyway; keys themselves are cleared when their objects are freed, not at exit.
    package static func initialiseWithoutExitHandler() -> Bool {
        OPENSSL_init_crypto(UInt64(OPENSSL_INIT_NO_ATEXIT), nil) == 1
    }
}
