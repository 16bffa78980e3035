// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LivePet",
    products: [
        .executable(name: "livepet", targets: ["livepet"]),
        .executable(name: "livepet-bench", targets: ["livepet-bench"]),
        .library(name: "LivePet", targets: ["LivePet"]),
    ],
    targets: [
        /// SQLite from Debian's libsqlite3-dev.
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        /// libxcrypt (yescrypt) from Debian's libcrypt-dev.
        .systemLibrary(
            name: "CCrypt",
            path: "Sources/CCrypt",
            pkgConfig: "libxcrypt",
            providers: [.apt(["libcrypt-dev"])]
        ),
        /// OpenSSL 3 (libssl, libcrypto) from Debian's libssl-dev: the TLS stage.
        .systemLibrary(
            name: "COpenSSL",
            path: "Sources/COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        /// zlib from Debian's zlib1g-dev: MCCP2 compression.
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        /// epoll and eventfd, which Glibc's Swift overlay does not export.
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        // The library: one target per folder of Sources/LivePet. Every arrow points one way
        // (an import of a higher target is a circular-dependency error):
        // Support <- Telnet <- Net <- World <- Store <- Session <- LivePet (Server) <- livepet.
        .target(name: "LivePetSupport", path: "Sources/LivePet/Support"),
        .target(name: "LivePetTelnet", dependencies: ["LivePetSupport"], path: "Sources/LivePet/Telnet"),
        .target(
            name: "LivePetNet",
            dependencies: ["LivePetTelnet", "LivePetSupport", "CLinux", "COpenSSL", "CZlib"],
            path: "Sources/LivePet/Net"
        ),
        .target(name: "LivePetWorld", dependencies: ["LivePetNet", "LivePetTelnet", "LivePetSupport"], path: "Sources/LivePet/World"),
        .target(name: "LivePetStore", dependencies: ["LivePetWorld", "LivePetSupport", "CSQLite", "CCrypt"], path: "Sources/LivePet/Store"),
        .target(
            name: "LivePetSession",
            dependencies: ["LivePetStore", "LivePetWorld", "LivePetNet", "LivePetTelnet", "LivePetSupport"],
            path: "Sources/LivePet/Session"
        ),
        /// Server composition, options, signals and `LivePetMain`: what `livepet` runs.
        .target(
            name: "LivePet",
            dependencies: ["LivePetSession", "LivePetStore", "LivePetWorld", "LivePetNet", "LivePetSupport", "CLinux"],
            path: "Sources/LivePet/Server"
        ),
        .executableTarget(
            name: "livepet",
            dependencies: ["LivePet"],
            path: "Sources/livepet"
        ),
        /// The load generator (its own epoll loop; no dependency on the server's code; OpenSSL
        /// for `--tls`).
        .executableTarget(
            name: "livepet-bench",
            dependencies: ["CLinux", "CZlib", "COpenSSL"],
            path: "Sources/livepet-bench",
            // Single-threaded, and the static checks still apply: the runtime's exclusivity
            // checks were a quarter of its CPU in fanout, CPU the server it measures shares.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        // Tests, one target per layer that needs no server: the compiler proves that the
        // Support and Telnet tests use no socket, no world and no store.
        .testTarget(name: "LivePetSupportTests", dependencies: ["LivePetSupport"], path: "Tests/LivePetSupportTests"),
        .testTarget(
            name: "LivePetTelnetTests",
            dependencies: ["LivePetTelnet", "LivePetSupport"],
            path: "Tests/LivePetTelnetTests"
        ),
        /// Everything else, one folder per library target (Net, World, Store, Session, Server for
        /// `LivePet`), with the socket test client and fixtures in TestSupport.
        .testTarget(
            name: "LivePetTests",
            dependencies: ["LivePet", "LivePetSession", "LivePetStore", "LivePetWorld", "LivePetNet",
                           "LivePetTelnet", "LivePetSupport", "CSQLite", "COpenSSL", "CZlib"],
            path: "Tests/LivePetTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
