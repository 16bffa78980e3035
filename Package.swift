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
        /// epoll and eventfd, which Glibc's Swift overlay does not export.
        .systemLibrary(name: "CLinux", path: "Sources/CLinux"),
        .target(
            name: "LivePet",
            dependencies: ["CSQLite", "CCrypt", "CLinux"],
            path: "Sources/LivePet"
        ),
        .executableTarget(
            name: "livepet",
            dependencies: ["LivePet"],
            path: "Sources/livepet"
        ),
        /// The load generator (its own epoll loop; no dependency on the server's code).
        .executableTarget(
            name: "livepet-bench",
            dependencies: ["CLinux"],
            path: "Sources/livepet-bench",
            // Single-threaded, and the static checks still apply: the runtime's exclusivity
            // checks were a quarter of its CPU in fanout, CPU the server it measures shares.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])]
        ),
        .testTarget(
            name: "LivePetTests",
            dependencies: ["LivePet"],
            path: "Tests/LivePetTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
