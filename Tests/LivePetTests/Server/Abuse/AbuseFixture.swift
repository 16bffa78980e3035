import Foundation
import Synchronization
import Testing
@testable import LivePetSession
@testable import LivePetSupport

/// Servers with the production limits, and a bystander that keeps checking the server still
/// answers promptly while an attack runs.
enum Abuse {
    /// A test server with the default limits (the shared test default turns the flood limits
    /// off), changed by `configure`.
    static func run<R>(_ configure: (inout ServerConfig) -> Void = { _ in },
                       _ body: (TestServer) async throws -> R) async throws -> R {
        try await TestServer.run(configure: { config in
            config.abuse = AbuseLimits()
            configure(&config)
        }, body)
    }

    /// The longest a well-behaved client may wait for `who` during an attack. A responsiveness
    /// check with a generous bound (debug build, two cores, tests in parallel), not a benchmark.
    static let promptBound: Duration = .seconds(2)

    /// Growth of the test process's resident memory an attack may cause.
    static let memoryBound = 96 << 20

    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .relaxed) }
        var isSet: Bool { value.load(ordering: .relaxed) }
    }

    /// Runs `attack` while `bystander` asks `who` every 150 ms (well inside its own command
    /// rate); returns how many answers came and the slowest. Every answer must come within
    /// `promptBound`.
    @discardableResult
    static func whileAttacking(_ bystander: TestClient,
                               _ attack: @escaping @Sendable () async throws -> Void) async throws -> (probes: Int, slowest: Duration) {
        let done = Flag()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { done.set() }
                try await attack()
            }
            var probes = 0
            var slowest: Duration = .zero
            repeat {
                let started = ContinuousClock.now
                try await bystander.command("who", until: " online.\n", timeout: .seconds(10))
                let elapsed = ContinuousClock.now - started
                slowest = max(slowest, elapsed)
                probes += 1
                #expect(elapsed < promptBound, "a bystander's who took \(elapsed) during the attack")
                if !done.isSet { try await Task.sleep(for: .milliseconds(150)) }
            } while !done.isSet
            try await group.waitForAll()
            return (probes, slowest)
        }
    }

    /// Checks that memory grew by less than `memoryBound` since `start` (from `ResidentMemory`).
    static func expectBoundedMemory(since start: Int, _ what: String) {
        let growth = ResidentMemory.bytes() - start
        #expect(growth < memoryBound, "\(what): resident memory grew by \(growth >> 20) MiB")
    }

    /// A logged-in guest to watch the server from 127.0.0.1.
    static func bystander(_ server: TestServer) async throws -> TestClient {
        let client = try await server.connect()
        try await client.loginGuest()
        return client
    }
}

/// The process's resident memory, from /proc/self/status (the server runs in the test process).
enum ResidentMemory {
    static func bytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}

/// The fuzz tests' generator (as in LivePetTelnetTests): the library's SplitMix64.
typealias TelnetTestRandom = SplitMix64
