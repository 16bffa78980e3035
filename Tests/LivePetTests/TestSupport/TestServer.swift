import Foundation
import Synchronization
@testable import LivePet
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetWorld

/// A running server on 127.0.0.1 and an ephemeral port, with accounts and pets in one
/// in-memory store, cheap password hashing and the simulation driven by the test
/// (`advance`), plus the clients a test opened through it.
///
/// Use `TestServer.run { server in ... }`: it stops the server and closes every client even
/// when the test throws.
final class TestServer: Sendable {
    static let motd = "Welcome to the LivePet test server!\nBe kind to every pet.\n"

    let server: Server
    let services: Services
    let store: MemoryStore
    let hasher = PasswordHasher(cost: 1)
    private let clients = Mutex<[TestClient]>([])

    var port: Int { server.port }
    var config: ServerConfig { server.config }

    /// Test defaults: loopback, port 0, cheap hashing, no simulation timers. The negotiation
    /// timeout stays at the server's default: shorter ones make a telnet client whose answer is
    /// late on a busy machine count as raw. Tests that need a raw decision set a short one.
    static func defaultConfig() -> ServerConfig {
        var config = ServerConfig()
        config.host = "127.0.0.1"
        config.port = 0
        config.passwordCost = 1
        config.runsSimulation = false
        // Many tests flood on purpose (backpressure, bursts of prompts): the command rate and
        // the chat cooldown are off here; the Abuse suite turns them on and tests them.
        config.abuse.commandRate = 0
        config.abuse.chatMessages = 0
        return config
    }

    /// Puts the server on `clock`: its deadlines, rate limits and timers move only when the
    /// test advances it. Connections start at once (no sniff window, which would wait for the
    /// clock), and the raw decision stays the test's: a silent client is raw once the test
    /// moves the clock past `negotiationTimeout`. Without a sniff window the telnet port does
    /// not recognise a ClientHello: TLS on the manual clock goes through the TLS-only port
    /// (`tlsPort`, which never has one), or a test sets a window after this (its timer sleeps
    /// on the clock, so a TLS client that speaks at once is recognised before it ends).
    static func useManualClock(_ clock: ManualClock, _ config: inout ServerConfig) {
        config.clock = clock
        config.limits.protocolSniffWindow = .zero
    }

    private init(config: ServerConfig, store: MemoryStore, world: World) throws {
        Self.quietLogs
        self.store = store
        services = Services(config: config, motd: Self.motd, accounts: store, world: world, hasher: hasher)
        server = try Server(config: config, services: services)
        try server.start()
    }

    /// Starts a server over `store` (its world loaded from it); the caller stops it.
    static func start(config: ServerConfig = defaultConfig(), store: MemoryStore = MemoryStore()) async throws -> TestServer {
        try TestServer(config: config, store: store, world: try await World.load(from: store))
    }

    /// Starts a server configured by `configure`, runs `body`, then stops it and its clients.
    static func run<R>(configure: (inout ServerConfig) -> Void = { _ in },
                       store: MemoryStore = MemoryStore(),
                       _ body: (TestServer) async throws -> R) async throws -> R {
        var config = defaultConfig()
        configure(&config)
        let server = try await start(config: config, store: store)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Server logs go to stderr at error level only, unless LIVEPET_TEST_LOG names a level.
    private static let quietLogs: Void = {
        let level = ProcessInfo.processInfo.environment["LIVEPET_TEST_LOG"].flatMap(Logger.Level.init(name:)) ?? .error
        Logger.shared.configure(level: level, format: .keyValue)
    }()

    /// Creates an account directly in the store, as if made earlier.
    @discardableResult
    func createAccount(_ name: String, password: String) async throws -> AccountRecord {
        let hash = try await hasher.hash(password)
        return try await services.accounts.createAccount(name: name, passwordHash: hash, isAdmin: false, createdAt: 0)
    }

    /// Opens a client; it is closed when the server stops.
    func connect(_ options: TestClient.Options = .raw, receiveBufferSize: Int? = nil, reading: Bool = true) async throws -> TestClient {
        var options = options
        options.receiveBufferSize = receiveBufferSize ?? options.receiveBufferSize
        if !reading { options.reading = .later }
        let client = try await TestClient.connect(port: port, options)
        clients.withLock { $0.append(client) }
        return client
    }

    /// Creates the account `name` (password "\(name)-password") and logs it in on a new client.
    func player(_ name: String, mode: TestClient.Options = .raw) async throws -> TestClient {
        let password = "\(name)-password"
        if try await services.accounts.account(named: name) == nil {
            try await createAccount(name, password: password)
        }
        let client = try await connect(mode)
        try await client.login(name: name, password: password)
        return client
    }

    /// Runs the server's own graceful shutdown (what a test of shutdown calls); it runs once,
    /// however often it is called.
    func shutdown() async {
        await server.shutdown()
    }

    /// Closes every client, then shuts the server down.
    func stop() async {
        for client in clients.withLock({ $0 }) { client.close() }
        await shutdown()
    }

    /// Moves the world on by `ticks` (the simulation timers are off in tests), each followed
    /// by the GMCP lists' flush, as the server's tick loop does.
    func advance(_ ticks: Int = 1) async {
        for _ in 0..<ticks {
            await services.world.advance()
            await services.lists.flush()
        }
    }

    /// Waits until every loop has looked at its connections' timers since this call (after a
    /// test moved a manual clock): two rounds, as one may have been under way.
    func waitForHousekeeping() async throws {
        let start = server.loops.map { $0.housekeepingRounds.load(ordering: .acquiring) }
        try await waitUntil("the loops' housekeeping ran") {
            zip(server.loops, start).allSatisfy { $0.housekeepingRounds.load(ordering: .acquiring) >= $1 + 2 }
        }
    }

    /// Waits until exactly `count` tasks sleep on `clock`: the timers a test is about to pass
    /// are armed, and every task an earlier `advance` woke has done its work and slept again.
    /// The server's housekeeping task always sleeps on it (`housekeepingSleepers`); a session
    /// waiting for the command rate, a shutdown countdown and the simulation's timers add theirs.
    func waitForSleepers(_ count: Int, on clock: ManualClock, _ what: String) async throws {
        try await waitUntil("\(count) sleepers on the clock: \(what)") { clock.sleeperCount == count }
    }

    /// Tasks of an idle server sleeping on its clock: the housekeeping task (link-dead grace,
    /// pruning).
    static let housekeepingSleepers = 1

    /// Polls `condition` every 10 ms until it holds; for server state that sends no output.
    func waitUntil(_ what: String, timeout: Duration = .seconds(5), _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { throw TestClientError("timed out after \(timeout) waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
