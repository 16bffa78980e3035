import Testing

/// Graceful shutdown as players see it.
@Suite struct ShutdownTests {
    @Test func shutdownTellsPlayersAndClosesEveryConnection() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice", mode: .telnet)
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            let atLogin = try await server.connect()
            try await atLogin.readUntil(TestClient.namePrompt)

            await server.shutdown()

            for player in [alice, bob] {
                let last = try await player.expectClosed()
                #expect(last.contains("LivePet is shutting down. See you soon!\n"))
            }
            try await atLogin.expectClosed()
            // Sessions log out as they handle their close, which may finish after shutdown returns.
            try await server.waitUntil("everyone is logged out") { await server.services.presence.count == 0 }
        }
    }

    @Test func shutdownWithAStalledReaderFinishesPromptly() async throws {
        try await TestServer.run { server in
            let talker = try await server.connect()
            try await talker.loginGuest()
            let stalled = try await server.connect(receiveBufferSize: 4096, reading: false)
            try await stalled.send("guest")
            try await talker.readUntil(" arrives.\n")
            let text = String(repeating: "z", count: 400)
            for round in 0..<10 {
                try await talker.sendBytes(Array((0..<8).map { "say \(text)\(round).\($0)\r\n" }.joined().utf8))
                try await talker.readUntil("\(text)\(round).7\"\n")
            }
            let started = ContinuousClock.now
            await server.shutdown()
            #expect(ContinuousClock.now - started < .seconds(3))
            try await talker.expectClosed()
        }
    }
}
