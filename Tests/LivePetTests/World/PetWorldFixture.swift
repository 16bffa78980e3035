import Foundation
@testable import LivePet

/// A running server whose accounts and pets share one memory store, with the simulation
/// driven by the test (`advance`), so hours of pet life take milliseconds.
final class PetWorldFixture: Sendable {
    let server: Server
    let store: MemoryStore
    let hasher = PasswordHasher(cost: 1)
    var world: World { server.services.world }

    private init(server: Server, store: MemoryStore) {
        self.server = server
        self.store = store
    }

    static func run(_ body: (PetWorldFixture) async throws -> Void) async throws {
        Logger.shared.configure(level: .error, format: .keyValue)
        let store = MemoryStore()
        let world = try await World.load(from: store)
        var config = ServerConfig()
        config.host = "127.0.0.1"
        config.port = 0
        config.runsSimulation = false
        config.limits.negotiationTimeout = .milliseconds(200)
        let services = Services(config: config, motd: "Pet world test\n", accounts: store, world: world,
                                hasher: PasswordHasher(cost: 1))
        let server = try Server(config: config, services: services)
        try server.start()
        let fixture = PetWorldFixture(server: server, store: store)
        do {
            try await body(fixture)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// Creates `name` and logs in; returns the client at its first prompt.
    func player(_ name: String) async throws -> TestClient {
        let password = "\(name)-password"
        if await store.account(named: name) == nil {
            _ = try await store.createAccount(name: name, passwordHash: try await hasher.hash(password), isAdmin: false, createdAt: 0)
        }
        let client = try await TestClient.connect(port: server.port)
        try await client.readUntil(TestClient.namePrompt)
        try await client.send("connect \(name) \(password)")
        try await client.readUntil("] > ")
        return client
    }

    func advance(_ ticks: Int = 1) async {
        for _ in 0..<ticks { await world.advance() }
    }
}

extension TestClient {
    /// Sends a command and reads through its answer and the following prompt.
    @discardableResult
    func run(_ line: String, expecting answer: String) async throws -> String {
        try await send(line)
        let text = try await readUntil(answer)
        return text + (try await readUntil("] > "))
    }
}
