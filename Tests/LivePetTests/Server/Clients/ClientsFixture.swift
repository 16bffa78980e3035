import Foundation
import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport

/// A running server for client-option tests (loopback, port 0, accounts and pets in one
/// memory store, the simulation driven by hand with `services.world.advance()`) plus the
/// `TestClient`s opened through it; every client is closed and the server stopped when the
/// body ends, thrown or not.
final class ClientsFixture: Sendable {
    /// IAC DO TTYPE, IAC DO NAWS, IAC WILL EOR: what every connection gets first.
    static let openingOffer: [UInt8] = [255, 253, 24, 255, 253, 31, 255, 251, 25]
    static let willMSSP: [UInt8] = [255, 251, 70]
    static let willGMCP: [UInt8] = [255, 251, 201]
    static let iacEOR: [UInt8] = [255, 239]
    static let iacGA: [UInt8] = [255, 249]
    static let esc: UInt8 = 0x1B

    /// The shared fixture underneath: accounts and pets in one memory store; it closes the
    /// clients opened through it.
    let host: TestServer

    private init(host: TestServer) {
        self.host = host
    }

    var server: Server { host.server }
    var store: MemoryStore { host.store }
    var hasher: PasswordHasher { host.hasher }
    var services: Services { host.services }
    var port: Int { host.port }

    /// `TestServer.run` (loopback, port 0, no simulation timers, cheap hashing) changed by
    /// `configure`. The negotiation timeout stays the production one: a shorter one makes a
    /// loaded machine file a slow telnet client as raw (tests of the raw decision move a manual
    /// clock instead, see `onManualClock`).
    static func run<R>(configure: (inout ServerConfig) -> Void = { _ in },
                       _ body: (ClientsFixture) async throws -> R) async throws -> R {
        try await TestServer.run(configure: configure) { host in try await body(ClientsFixture(host: host)) }
    }

    func waitUntil(_ what: String, timeout: Duration = .seconds(5), _ condition: () async -> Bool) async throws {
        try await host.waitUntil(what, timeout: timeout, condition)
    }

    /// Opens a client and reads up to the name prompt.
    func connect(_ profile: TestClient.Options) async throws -> TestClient {
        let client = try await host.connect(profile)
        try await client.readUntil(TestClient.namePrompt)
        return client
    }

    /// A guest on a new client; returns the client and its Guest-NNNN name, after the first prompt.
    func guest(_ profile: TestClient.Options) async throws -> (TestClient, String) {
        let client = try await connect(profile)
        return (client, try await client.enterAsGuest())
    }

    /// A player with an account (created in the store if needed) on a new client, logged in
    /// with the one-line form, after the first prompt.
    func player(_ name: String, _ profile: TestClient.Options) async throws -> TestClient {
        let password = try await account(name)
        let client = try await connect(profile)
        try await client.send("connect \(name) \(password)")
        try await client.readUntil("Welcome back, \(name)!")
        try await client.readPrompt()
        return client
    }

    /// Puts the server on `clock` (see `TestServer.useManualClock`): a client that says nothing
    /// in telnet is raw only once the test calls `passNegotiationTimeout`.
    static func onManualClock(_ clock: ManualClock) -> (inout ServerConfig) -> Void {
        { TestServer.useManualClock(clock, &$0) }
    }

    /// A raw guest that the server has decided is raw: `clock` moved past the negotiation timeout.
    func rawGuest(_ clock: ManualClock) async throws -> (TestClient, String) {
        let (client, name) = try await guest(.raw)
        try await passNegotiationTimeout(clock)
        try await waitForMode(of: name, .raw)
        return (client, name)
    }

    /// Moves `clock` past the negotiation timeout and waits until every loop has looked:
    /// clients that have not answered the telnet offer are raw now.
    func passNegotiationTimeout(_ clock: ManualClock) async throws {
        clock.advance(by: services.config.limits.negotiationTimeout)
        try await host.waitForHousekeeping()
    }

    /// Creates the account `name` in the store (once); returns its password, "<name>-password".
    @discardableResult
    func account(_ name: String) async throws -> String {
        let password = "\(name.lowercased())-password"
        if await store.account(named: name) == nil {
            _ = try await store.createAccount(name: name, passwordHash: try await hasher.hash(password), isAdmin: false, createdAt: 0)
        }
        return password
    }

    /// Waits until the server has decided that `name`'s connection is raw or telnet.
    func waitForMode(of name: String, _ mode: TelnetMode) async throws {
        try await waitUntil("\(name)'s connection is \(mode)") {
            await services.presence.entry(named: name)?.connection.mode == mode
        }
    }

    /// Adopts a pet for `owner` and walks them into its room; returns the pet's id.
    @discardableResult
    func adoptAndVisit(_ client: TestClient, pet: String, species: String = "cat") async throws -> Int64 {
        try await client.command("adopt \(pet) \(species)", until: "Visit with: visit")
        try await client.command("visit \(pet)", until: "cared for by")
        return try #require(services.world.pets.pet(named: pet)).id
    }
}

/// Text helpers for the wrapping and rendering tests.
enum ClientText {
    /// Lines of server output between a command's echo and its prompt.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// Drops the prompt that ends a command's output (it is never wrapped).
    static func withoutPrompt(_ text: String) -> String {
        guard let range = text.range(of: "\n[", options: .backwards) else { return text }
        return String(text[..<range.lowerBound]) + "\n"
    }
}
