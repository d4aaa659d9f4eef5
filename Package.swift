// swift-tools-version:6.0
// Urna — verifiable district e-voting. Dependencies: Foundation, OpenSSL libcrypto, SQLite. No Swift packages.
import PackageDescription

let package = Package(
    name: "Urna",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "UrnaCrypto", targets: ["UrnaCrypto"]),
        .library(name: "UrnaLedger", targets: ["UrnaLedger"]),
        .library(name: "UrnaRecord", targets: ["UrnaRecord"]),
        .library(name: "UrnaLedgerStore", targets: ["UrnaLedgerStore"]),
        .library(name: "UrnaVerifier", targets: ["UrnaVerifier"]),
        .executable(name: "urna", targets: ["urna"]),
        .executable(name: "scrutineer", targets: ["scrutineer"]),
    ],
    targets: [
        // Layer 1: C shims.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // glibc's malloc tuning (mallopt), for the verifier's bounded memory.
        .systemLibrary(name: "CMalloc"),
        // Layer 2: the only importer of OpenSSL. Exposes `package` API only.
        // Optimized in debug builds too: its own P-256 field code (verification) is some 50×
        // slower unoptimized, which would make the test suite crawl.
        .target(
            name: "UrnaCryptoBackend",
            dependencies: ["COpenSSL"],
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Layer 3: the public cryptographic core.
        .target(
            name: "UrnaCrypto",
            dependencies: ["UrnaCryptoBackend"]
        ),
        // Layer 4: record formats (no storage). Ledger: entries, hash chain, Merkle tree, checkpoints, JSONL.
        .target(
            name: "UrnaLedger",
            dependencies: ["UrnaCrypto"]
        ),
        // Layer 4: election record formats shared by the service and the verifier.
        .target(
            name: "UrnaRecord",
            dependencies: ["UrnaCrypto"]
        ),
        // Layer 4: the trustee's own tool (key file, DKG, partial decryption). Secrets stay in its key file.
        .target(
            name: "UrnaTrustee",
            dependencies: ["UrnaRecord", "UrnaCrypto"]
        ),
        // Layer 4: the registrar's own tool (the roll, pseudonyms, codes, letters). Never the service's.
        .target(
            name: "UrnaRegistrar",
            dependencies: ["UrnaRecord", "UrnaCrypto"]
        ),
        // Layer 5: storage. The only importer of SQLite for the ledger.
        .target(
            name: "UrnaLedgerStore",
            dependencies: ["UrnaLedger", "CSQLite"]
        ),
        // Layer 5: the election service and its private store.
        .target(
            name: "UrnaService",
            dependencies: ["UrnaRecord", "UrnaLedger", "UrnaLedgerStore", "UrnaCrypto"]
        ),
        // Layer 7: a whole election in one process (`urna demo`, end-to-end tests).
        .target(
            name: "UrnaDemo",
            dependencies: ["UrnaService", "UrnaTrustee", "UrnaRegistrar", "UrnaVerifier", "UrnaRecord", "UrnaCrypto",
                           "UrnaAPI", "UrnaClient", "UrnaObserver", "UrnaHTTP", "UrnaLedger"]
        ),
        // Layer 3: TLS 1.2+ through libssl (server and client sessions over a socket), wrapping the backend.
        .target(
            name: "UrnaTLS",
            dependencies: ["UrnaCryptoBackend"]
        ),
        // Layer 6: HTTP/1.1 on our own parser (no packages): requests, responses, problems, the
        // socket server and a client, plain or over UrnaTLS. Knows nothing of elections.
        .target(
            name: "UrnaHTTP",
            dependencies: ["UrnaTLS"]
        ),
        // Layer 6: the browser pages (booth, receipt checker, ledger explorer, election page) and
        // their plain JavaScript, embedded in the binary (Assets/ → Embedded/WebAssets+*.swift,
        // regenerated and checked by UrnaWebTests) and served with a strict CSP.
        .target(
            name: "UrnaWeb",
            dependencies: ["UrnaHTTP"],
            exclude: ["Assets"]
        ),
        // Layer 6: the service's JSON API (`Specs/api.md`): routes over ElectionService, metrics,
        // abuse limits, witness pushes, the local admin socket, and the pages of UrnaWeb.
        .target(
            name: "UrnaAPI",
            dependencies: ["UrnaService", "UrnaLedgerStore", "UrnaHTTP", "UrnaWeb", "UrnaRecord", "UrnaLedger", "UrnaCrypto"]
        ),
        // Layer 6: the voter's network client (`urna vote --server`): the API's client side,
        // checking everything it is told against the pinned ledger key. Never the service's code.
        .target(
            name: "UrnaClient",
            dependencies: ["UrnaHTTP", "UrnaRecord", "UrnaLedger", "UrnaCrypto"]
        ),
        // Layer 7: observers on the network (`scrutineer verify URL`, `follow`, `witness`): fetch
        // the public record over HTTP into a local mirror and verify it with UrnaVerifier.
        .target(
            name: "UrnaObserver",
            dependencies: ["UrnaVerifier", "UrnaHTTP", "UrnaRecord", "UrnaLedger", "UrnaCrypto"]
        ),
        // Layer 6: the independent verifier. Reads the public record only: record formats, the
        // crypto core, and its own read-only SQLite reader (never the service's storage).
        .target(
            name: "UrnaVerifier",
            dependencies: ["UrnaRecord", "UrnaLedger", "UrnaCrypto", "CSQLite"]
        ),
        // Layer 7: executables.
        .executableTarget(
            name: "scrutineer",
            dependencies: ["UrnaObserver", "UrnaVerifier", "UrnaRecord", "UrnaLedger", "UrnaCrypto", "CMalloc"]
        ),
        .executableTarget(
            name: "urna",
            dependencies: ["UrnaAPI", "UrnaClient", "UrnaDemo", "UrnaService", "UrnaTrustee", "UrnaRegistrar", "UrnaVerifier", "UrnaRecord", "UrnaLedger", "UrnaLedgerStore", "UrnaCrypto"]
        ),
        .executableTarget(
            name: "urna-bench",
            dependencies: ["UrnaCrypto", "UrnaLedger", "UrnaLedgerStore", "UrnaRecord", "UrnaVerifier", "UrnaTrustee", "UrnaRegistrar"],
            path: "Tools/UrnaBench"
        ),
        // A load generator for a running `urna serve`: voters' tokens and ballots over HTTP only.
        .executableTarget(
            name: "urna-loadgen",
            dependencies: ["UrnaClient", "UrnaHTTP", "UrnaRecord", "UrnaLedger", "UrnaCrypto"],
            path: "Tools/UrnaLoadgen"
        ),
        .executableTarget(
            name: "msm-lab",
            dependencies: ["UrnaCrypto", "UrnaCryptoBackend"],
            path: "Tools/MSMLab",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "ledger-crash-writer",
            dependencies: ["UrnaLedgerStore"],
            path: "Tools/LedgerCrashWriter"
        ),
        .testTarget(
            name: "UrnaCryptoTests",
            dependencies: ["UrnaCrypto", "UrnaCryptoBackend"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "UrnaLedgerTests",
            dependencies: ["UrnaLedger", "UrnaCrypto"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "UrnaRecordTests",
            dependencies: ["UrnaRecord", "UrnaCrypto"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "UrnaVerifierTests",
            dependencies: ["UrnaVerifier", "UrnaRecord", "UrnaLedger", "UrnaCrypto", "UrnaLedgerStore", "UrnaTrustee", "UrnaRegistrar", "UrnaDemo", "CSQLite", "scrutineer"]
        ),
        .testTarget(
            name: "UrnaWebTests",
            dependencies: ["UrnaWeb", "UrnaHTTP"]
        ),
        .testTarget(
            name: "UrnaHTTPTests",
            dependencies: ["UrnaHTTP"]
        ),
        // Observers on the network against an in-test service; `scrutineer` run as a subprocess.
        .testTarget(
            name: "UrnaObserverTests",
            dependencies: ["UrnaObserver", "UrnaHTTP", "UrnaTLS", "UrnaVerifier", "UrnaLedger", "UrnaRecord", "UrnaCrypto", "UrnaDemo", "UrnaService", "scrutineer"]
        ),
        .testTarget(
            name: "UrnaTLSTests",
            dependencies: ["UrnaTLS", "UrnaHTTP"]
        ),
        .testTarget(
            name: "UrnaTrusteeTests",
            dependencies: ["UrnaTrustee", "UrnaRecord", "UrnaCrypto"]
        ),
        // Test support shared by the service's and the API's tests: an election in a temporary folder.
        .target(
            name: "UrnaServiceFixtures",
            dependencies: ["UrnaService", "UrnaTrustee", "UrnaRegistrar", "UrnaRecord", "UrnaCrypto"],
            path: "Tests/Fixtures/UrnaServiceFixtures"
        ),
        .testTarget(
            name: "UrnaServiceTests",
            dependencies: ["UrnaServiceFixtures", "UrnaService", "UrnaTrustee", "UrnaRegistrar", "UrnaRecord", "UrnaLedger", "UrnaCrypto"]
        ),
        .testTarget(
            name: "UrnaAPITests",
            dependencies: ["UrnaAPI", "UrnaServiceFixtures", "UrnaService", "UrnaHTTP", "UrnaRecord", "UrnaLedger", "UrnaCrypto"]
        ),
        // The voter's network client against the real router on a loopback socket, with answers
        // rewritten by a lying service.
        .testTarget(
            name: "UrnaClientTests",
            dependencies: ["urna", "UrnaClient", "UrnaAPI", "UrnaServiceFixtures", "UrnaService", "UrnaHTTP", "UrnaRecord", "UrnaLedger", "UrnaCrypto"]
        ),
        .testTarget(
            name: "UrnaDemoTests",
            dependencies: ["UrnaDemo", "UrnaRecord", "UrnaObserver", "UrnaLedger", "UrnaCrypto", "urna"]
        ),
        .testTarget(
            name: "UrnaLedgerStoreTests",
            dependencies: ["UrnaLedgerStore", "UrnaLedger", "UrnaCrypto", "CSQLite", "ledger-crash-writer"]
        ),
        // The observer's witness (`scrutineer witness`): WitnessCore in-process, then the real
        // executable on a loopback port. UrnaDemo, UrnaService and UrnaLedgerStore build fixtures only.
        .testTarget(
            name: "UrnaWitnessTests",
            dependencies: ["UrnaObserver", "UrnaHTTP", "UrnaVerifier", "UrnaLedger", "UrnaRecord", "UrnaCrypto",
                           "UrnaDemo", "UrnaService", "UrnaLedgerStore", "scrutineer"]
        ),
        // The command lines as a user runs them: the built `urna` and `scrutineer` as subprocesses.
        .testTarget(
            name: "UrnaCLITests",
            dependencies: ["urna", "scrutineer", "urna-loadgen", "UrnaHTTP", "UrnaClient", "UrnaRecord", "UrnaCrypto", "UrnaLedger"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
