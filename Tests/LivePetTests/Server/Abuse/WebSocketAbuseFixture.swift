import Foundation
import Testing
@testable import LivePetSession
@testable import LivePetSupport

/// The web client's hostile-client suite's fixture: a server with the production limits (as
/// `Abuse.run`) but for the chat limit, since the bystanders' probes are `say`s; two telnet
/// bystanders in the Lobby, one saying a line and the other waiting to hear it while an attack
/// runs; and attackers on the WebSocket from other loopback addresses.
enum WebAbuse {
    static func run<R>(_ configure: (inout ServerConfig) -> Void = { _ in },
                       _ body: (TestServer) async throws -> R) async throws -> R {
        try await Abuse.run({ config in
            config.abuse.chatMessages = 0
            configure(&config)
        }, body)
    }

    /// The manual clock, with the first-bytes window a browser needs put back (the manual
    /// clock's test servers skip it); it ends for each telnet client when the clock moves.
    static func useManualClock(_ clock: ManualClock, _ config: inout ServerConfig) {
        TestServer.useManualClock(clock, &config)
        config.limits.protocolSniffWindow = .milliseconds(100)
    }

    /// `bystanders` on the manual clock (`useManualClock`): the clock is moved past their
    /// first-bytes window, so they get the telnet greeting.
    static func bystanders(_ server: TestServer, clock: ManualClock) async throws -> (speaker: TestClient, listener: TestClient) {
        let speaker = try await server.connect()
        let listener = try await server.connect()
        try await server.waitForSleepers(TestServer.housekeepingSleepers + 2, on: clock, "the bystanders' first-bytes windows")
        clock.advance(by: .milliseconds(100))
        _ = try await speaker.loginGuest()
        _ = try await listener.loginGuest()
        return (speaker, listener)
    }

    /// Two telnet guests in the Lobby: a speaker and a listener.
    static func bystanders(_ server: TestServer) async throws -> (speaker: TestClient, listener: TestClient) {
        (try await Abuse.bystander(server), try await Abuse.bystander(server))
    }

    /// Runs `attack` while `speaker` says a numbered line every 150 ms and `listener` waits to
    /// hear it; every say must be heard within `Abuse.promptBound` (the attack must not slow
    /// the room's fan-out). Returns how many were heard and the slowest.
    @discardableResult
    static func whileAttacking(_ bystanders: (speaker: TestClient, listener: TestClient),
                               _ attack: @escaping @Sendable () async throws -> Void) async throws -> (probes: Int, slowest: Duration) {
        let done = Abuse.Flag()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { done.set() }
                try await attack()
            }
            var probes = 0
            var slowest: Duration = .zero
            repeat {
                probes += 1
                let started = ContinuousClock.now
                try await bystanders.speaker.send("say probe \(probes)")
                try await bystanders.listener.readUntil(" says, \"probe \(probes)\"\n", timeout: .seconds(10))
                let elapsed = ContinuousClock.now - started
                slowest = max(slowest, elapsed)
                #expect(elapsed < Abuse.promptBound, "a bystander's say took \(elapsed) to be heard during the attack")
                if !done.isSet { try await Task.sleep(for: .milliseconds(150)) }
            } while !done.isSet
            try await group.waitForAll()
            return (probes, slowest)
        }
    }

    /// An attacker's upgraded WebSocket from `source`, reading only while the test waits.
    static func attacker(_ server: TestServer, from source: String = "127.0.0.2",
                         receiveBufferSize: Int? = nil) async throws -> WebSocketTestClient {
        try await WebSocketTestClient.open(server, options: .hostile(from: source, receiveBufferSize: receiveBufferSize))
    }

    /// Opens a WebSocket from `source`, sends `bytes` and returns the code of the close frame
    /// the server answered with, once it has closed the connection (nil if it did not).
    static func closeCode(_ server: TestServer, after bytes: [UInt8], from source: String = "127.0.0.2") async throws -> UInt16? {
        let web = try await attacker(server, from: source)
        await web.client.write(bytes)
        let (_, closed) = await web.client.read(timeout: .seconds(5))
        web.client.close()
        return closed ? web.closeCode : nil
    }
}
