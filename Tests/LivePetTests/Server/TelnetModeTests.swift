import Testing
@testable import LivePetSupport

/// Byte-level behaviour towards raw (`nc`) clients and telnet clients: the opening offer, no
/// IAC ever to a raw client, password echo hiding for telnet clients.
@Suite struct TelnetModeTests {
    static let iac: UInt8 = 255
    /// IAC DO TTYPE, IAC DO NAWS, IAC WILL EOR.
    static let offer: [UInt8] = [255, 253, 24, 255, 253, 31, 255, 251, 25]
    static let willEcho: [UInt8] = [255, 251, 1]
    /// WONT ECHO and the line end that stands in for the one the client did not echo.
    static let wontEcho: [UInt8] = [255, 252, 1, 13, 10]

    /// The rule of the brief: exactly the 9-byte offer, then never 0xFF again, across a whole
    /// interactive login with a password prompt and some play.
    @Test func rawClientGetsTheOfferAndThenNoIAC() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            try await server.createAccount("Alice", password: "sunflower")
            let raw = try await server.connect(.raw)
            try await raw.readUntil(TestClient.namePrompt)
            // A raw guest, whose mode presence shows, connected at the same moment.
            let probe = try await server.connect(.raw)
            let probeName = try await probe.loginGuest()

            // The server decides that both are raw when the negotiation times out.
            clock.advance(by: server.config.limits.negotiationTimeout)
            try await server.waitForHousekeeping()
            #expect(await server.services.presence.entry(named: probeName)?.connection.mode == .raw)

            try await raw.send("Alice")
            try await raw.readUntil("Password: ")
            try await raw.send("sunflower")
            try await raw.readUntil("Welcome back, Alice!")
            try await raw.readPrompt()
            try await raw.command("who", until: "2 players online.\n")
            try await raw.command("say caf\u{E9} \u{FF} ok", until: "You say, ")
            #expect(await server.services.presence.entry(named: "Alice")?.connection.mode == .raw)

            let bytes = raw.rawReceived
            #expect(Array(bytes.prefix(9)) == Self.offer)
            #expect(!bytes.dropFirst(9).contains(Self.iac))
        }
    }

    /// A raw client that types before the negotiation timeout decides anything (a script, or
    /// a fast typist) must not get IAC either: it never spoke telnet.
    @Test func rawClientThatTypesBeforeTheDecisionGetsNoIAC() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            try await server.createAccount("Alice", password: "sunflower")
            let raw = try await server.connect(.raw)
            try await raw.readUntil(TestClient.namePrompt)
            try await raw.send("Alice")
            try await raw.readUntil("Password: ")
            try await raw.send("sunflower")
            try await raw.readUntil("Welcome back, Alice!")
            try await raw.readPrompt()

            // The clock has not moved: the negotiation has not timed out.
            #expect(await server.services.presence.entry(named: "Alice")?.connection.mode == .undetermined)

            let bytes = raw.rawReceived
            #expect(Array(bytes.prefix(9)) == Self.offer)
            #expect(!bytes.dropFirst(9).contains(Self.iac))
        }
    }

    @Test func telnetClientNegotiatesAndGetsPromptMarks() async throws {
        try await TestServer.run { server in
            let client = try await server.connect(.telnet)
            try await client.readUntil(TestClient.namePrompt)
            let name = try await client.enterAsGuest()
            let entry = await server.services.presence.entry(named: name)
            #expect(entry?.connection.mode == .telnet)
            let bytes = client.rawReceived
            #expect(Array(bytes.prefix(9)) == Self.offer)
            // It agreed to TTYPE, so the server asks for the terminal type.
            #expect(bytes.index(of: [255, 250, 24, 1, 255, 240]) != nil)
            // It agreed to EOR, so prompts end with IAC EOR (the name prompt may have gone out
            // before the answer arrived, the game prompt certainly not).
            let prompt = Array("] > ".utf8)
            let at = try #require(bytes.lastIndex(of: prompt))
            #expect(Array(bytes[(at + prompt.count)...].prefix(2)) == [255, 239])
        }
    }

    @Test func passwordEchoIsHiddenForTelnetClients() async throws {
        try await TestServer.run { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect(.telnet)
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("Alice")
            try await client.readUntil("Password: ")
            try await client.send("sunflower")
            try await client.readUntil("Welcome back, Alice!")
            try await client.readPrompt()

            let bytes = client.rawReceived
            let prompt = try #require(bytes.index(of: Array("Password: ".utf8)))
            let hide = try #require(bytes.index(of: Self.willEcho))
            let show = try #require(bytes.index(of: Self.wontEcho))
            let welcome = try #require(bytes.index(of: Array("Welcome back".utf8)))
            #expect(hide < prompt)
            #expect(prompt < show)
            #expect(show < welcome)
            #expect(bytes.occurrences(of: Self.willEcho) == 1)
            #expect(bytes.occurrences(of: [255, 252, 1]) == 1)
        }
    }

    @Test func newCharacterPasswordsAreHiddenToo() async throws {
        try await TestServer.run { server in
            let client = try await server.connect(.telnet)
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("Alice")
            try await client.readUntil("(yes/no) ")
            try await client.send("yes")
            try await client.readUntil("Choose a password for Alice (at least 8 characters): ")
            try await client.send("sunflower")
            try await client.readUntil("Repeat the password: ")
            try await client.send("sunflower")
            try await client.readUntil("Welcome to LivePet, Alice!")
            try await client.readPrompt()

            let bytes = client.rawReceived
            #expect(bytes.occurrences(of: Self.willEcho) == 2)
            #expect(bytes.occurrences(of: Self.wontEcho) == 2)
            let choose = try #require(bytes.index(of: Array("Choose a password".utf8)))
            let repeatPrompt = try #require(bytes.index(of: Array("Repeat the password".utf8)))
            let firstHide = try #require(bytes.index(of: Self.willEcho))
            let firstShow = try #require(bytes.index(of: Self.wontEcho))
            let secondHide = try #require(bytes.index(of: Self.willEcho, from: firstHide + 1))
            let secondShow = try #require(bytes.index(of: Self.wontEcho, from: firstShow + 1))
            #expect(firstHide < choose && choose < firstShow)
            #expect(firstShow < secondHide && secondHide < repeatPrompt && repeatPrompt < secondShow)
        }
    }

    @Test func echoComesBackOnLoginTimeout() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect(.telnet)
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("Alice")
            try await client.readUntil("Password: ")
            clock.advance(by: server.config.loginTimeout)
            let last = try await client.expectClosed()
            #expect(last.contains("You took too long to log in. Goodbye.\n"))

            let bytes = client.rawReceived
            let hide = try #require(bytes.index(of: Self.willEcho))
            let show = try #require(bytes.index(of: Self.wontEcho))
            #expect(hide < show)
            #expect(bytes.occurrences(of: Self.wontEcho) == 1)
        }
    }

    @Test func echoComesBackBeforeTheThirdWrongPasswordHangsUp() async throws {
        try await TestServer.run { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect(.telnet)
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("Alice")
            for _ in 0..<3 {
                try await client.readUntil("Password: ")
                try await client.send("tulip-tulip")
            }
            try await client.expectClosed()

            let bytes = client.rawReceived
            #expect(bytes.occurrences(of: Self.willEcho) == 3)
            #expect(bytes.occurrences(of: [255, 252, 1]) == 3)
            let lastHide = try #require(bytes.lastIndex(of: Self.willEcho))
            let lastShow = try #require(bytes.lastIndex(of: Self.wontEcho))
            #expect(lastHide < lastShow)
        }
    }
}
