// swift-tools-version:6.0
// Urna — verifiable district e-voting. Dependencies: Foundation, OpenSSL libcrypto, SQLite. No Swift packages.
import PackageDescription

let package = Package(
    name: "Urna",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "UrnaCrypto", targets: ["UrnaCrypto"]),
        .library(name: "UrnaRecord", targets: ["UrnaRecord"]),
        .executable(name: "urna", targets: ["urna"]),
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
        // Layer 2: the only importer of OpenSSL. Exposes `package` API only.
        .target(
            name: "UrnaCryptoBackend",
            dependencies: ["COpenSSL"]
        ),
        // Layer 3: the public cryptographic core.
        .target(
            name: "UrnaCrypto",
            dependencies: ["UrnaCryptoBackend"]
        ),
        // Layer 4: record formats shared by the service and the verifier.
        .target(
            name: "UrnaRecord",
            dependencies: ["UrnaCrypto"]
        ),
        // Layer 7: executables.
        .executableTarget(
            name: "urna",
            dependencies: ["UrnaCrypto"]
        ),
        .executableTarget(
            name: "urna-bench",
            dependencies: ["UrnaCrypto"],
            path: "Tools/UrnaBench"
        ),
        .testTarget(
            name: "UrnaCryptoTests",
            dependencies: ["UrnaCrypto", "UrnaCryptoBackend"],
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "UrnaRecordTests",
            dependencies: ["UrnaRecord", "UrnaCrypto"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
