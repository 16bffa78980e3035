import Testing

/// Scripts pipe commands and close their side at once (`printf ... | nc -N`): they still get
/// every answer, then the server hangs up.
@Suite struct HalfCloseTests {
    @Test func commandsSentBeforeAHalfCloseAreAnsweredThenTheServerHangsUp() async throws {
        try await TestServer.run { server in
            let watcher = try await server.player("Alice")
            let script = try await server.connect()
            try await script.sendAndFinish(Array("guest\nsay bye from a script\nwho\n".utf8))
            let text = try await script.expectClosed()
            #expect(text.contains("You say, \"bye from a script\""))
            #expect(text.contains("players online."))
            try await watcher.readUntil("says, \"bye from a script\"")
        }
    }

    @Test func shutdownTwiceIsHarmlessAndCountsNothingAfterwards() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            async let first: Void = server.server.shutdown()
            async let second: Void = server.server.shutdown()
            _ = await (first, second)
            await server.server.shutdown()
            #expect(await server.server.connectionCount() == 0)
            _ = try await client.expectClosed()
        }
    }
}
