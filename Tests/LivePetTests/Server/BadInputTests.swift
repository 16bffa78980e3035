import Testing

/// Hostile or clumsy input end to end: long lines, endless lines, invalid UTF-8, terminal
/// control characters, split line ends, line editing, IAC inside a line.
@Suite struct BadInputTests {
    @Test func overlongLineIsCutWithANotice() async throws {
        try await TestServer.run { server in
            let alice = try await server.connect()
            try await alice.loginGuest()
            try await alice.send("say " + String(repeating: "a", count: 600))
            try await alice.readUntil("(Your line was longer than 512 bytes and was cut.)\n")
            let said = try await alice.readUntil("\"\n")
            #expect(said == "You say, \"" + String(repeating: "a", count: 512 - 4) + "\"\n")
            try await alice.readPrompt()
            try await alice.command("who", until: "1 player online.\n")
        }
    }

    @Test func fourKilobytesWithoutLineEndDisconnects() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.loginGuest()
            try await client.sendBytes(Array(repeating: UInt8(ascii: "b"), count: 5000))
            let last = try await client.expectClosed()
            #expect(last.contains("That is more than 4096 bytes without an end of line. Goodbye.\n"))
        }
    }

    @Test func invalidUTF8DoesNotBreakTheSession() async throws {
        try await TestServer.run { server in
            let alice = try await server.connect()
            let bob = try await server.connect()
            let aliceName = try await alice.loginGuest()
            try await bob.loginGuest()
            // A lone continuation byte, a truncated sequence, an overlong encoding, 0xFE.
            try await alice.sendBytes(Array("say x".utf8) + [0x80, 0xC3, 0x28, 0xC0, 0xAF, 0xFE] + Array(" y\r\n".utf8))
            try await alice.readUntil("You say, \"x")
            try await bob.readUntil("\(aliceName) says, \"x")
            #expect(try await bob.readLine().hasSuffix(" y\"\n"))
            try await alice.readPrompt()
            try await alice.command("who", until: "2 players online.\n")
            // Invalid bytes in a name at the login prompt are refused politely too.
            let third = try await server.connect()
            try await third.readUntil(TestClient.namePrompt)
            try await third.sendBytes([0xC3, 0x28, 0x41, 0x42, 0x43, 13, 10])
            try await third.readUntil("Names may use only the letters A-Z")
            try await third.readUntil(TestClient.namePrompt)
        }
    }

    /// ESC sequences, BEL, C1 CSI and bidi overrides typed by one player never reach another's
    /// terminal, whichever way they are sent.
    @Test func terminalControlsNeverReachOtherPlayers() async throws {
        try await TestServer.run { server in
            let alice = try await server.connect()
            let bob = try await server.connect()
            let aliceName = try await alice.loginGuest()
            let bobName = try await bob.loginGuest()
            try await alice.readUntil("\(bobName) arrives.\n")
            let nasty = "\u{1B}[2J\u{1B}]0;owned\u{07}hi\u{07} \u{202E}dlrow\u{202C} \u{9B}31m \u{2066}x\u{2069}"

            try await alice.command("say " + nasty, until: "You say, ")
            try await bob.readUntil("\(aliceName) says, \"")
            try await bob.readUntil("\n")
            try await alice.command("emote " + nasty, until: "\(aliceName) ")
            try await bob.readUntil("\(aliceName) ")
            try await bob.readUntil("\n")
            try await alice.command("tell \(bobName) " + nasty, until: "You tell ")
            try await bob.readUntil("\(aliceName) tells you, \"")
            try await bob.readUntil("\n")
            try await alice.command("chat " + nasty, until: "[chat] ")
            try await bob.readUntil("[chat] \(aliceName): ")
            let chatLine = try await bob.readUntil("\n")
            #expect(chatLine == "[2J]0;ownedhi dlrow 31m x\n")

            let bytes = bob.rawReceived
            #expect(!bytes.contains(0x1B))
            #expect(!bytes.contains(0x07))
            #expect(bytes.index(of: [0xC2, 0x9B]) == nil)
            for bidi: UInt32 in [0x202E, 0x202C, 0x2066, 0x2069] {
                #expect(bytes.index(of: Array(String(Unicode.Scalar(bidi)!).utf8)) == nil)
            }
        }
    }

    @Test func crlfSplitAcrossWritesIsOneLineEnd() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.loginGuest()
            try await client.sendBytes(Array("say one\r".utf8))
            // CR alone already ends the line; wait for its answer (and prompt) so that the LF
            // surely arrives in another read.
            try await client.readUntil("You say, \"one\"\n")
            try await client.readPrompt()
            try await client.sendBytes([10])
            try await client.send("say two")
            // A second line end would have been an empty command, answered by an extra prompt.
            #expect(try await client.readLine() == "You say, \"two\"\n")
            try await client.readPrompt()
            // The same for CR NUL.
            try await client.sendBytes(Array("say three\r".utf8))
            try await client.readUntil("You say, \"three\"\n")
            try await client.readPrompt()
            try await client.sendBytes([0])
            try await client.send("say four")
            #expect(try await client.readLine() == "You say, \"four\"\n")
        }
    }

    @Test func backspaceAndDeleteEditTheLine() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.loginGuest()
            try await client.send("sya\u{8}\u{8}ay hi")
            #expect(try await client.readLine() == "You say, \"hi\"\n")
            try await client.readPrompt()
            try await client.send("sya\u{7F}\u{7F}ay caf\u{E9}\u{7F}e")
            #expect(try await client.readLine() == "You say, \"cafe\"\n")
        }
    }

    @Test func telnetCommandsInsideALine() async throws {
        try await TestServer.run { server in
            let client = try await server.connect(.telnet)
            try await client.loginGuest()
            // IAC IAC is a data byte 0xFF (not UTF-8, so shown as U+FFFD); IAC NOP is invisible.
            try await client.sendBytes(Array("sa".utf8) + [255, 241] + Array("y a".utf8) + [255, 255] + Array("b\r\n".utf8))
            #expect(try await client.readLine() == "You say, \"a\u{FFFD}b\"\n")
            try await client.readPrompt()
            // IAC EC erases a character, IAC EL the whole line.
            try await client.sendBytes(Array("say abx".utf8) + [255, 247] + Array("c\r\n".utf8))
            #expect(try await client.readLine() == "You say, \"abc\"\n")
            try await client.readPrompt()
            try await client.sendBytes(Array("quit".utf8) + [255, 248] + Array("say still here\r\n".utf8))
            #expect(try await client.readLine() == "You say, \"still here\"\n")
        }
    }

    @Test func areYouThereIsAnswered() async throws {
        try await TestServer.run { server in
            let client = try await server.connect(.telnet)
            try await client.readUntil(TestClient.namePrompt)
            try await client.sendBytes([255, 246])
            try await client.readUntil("[LivePet is here]\n")
        }
    }
}
