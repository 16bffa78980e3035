import Testing
@testable import LivePetSupport

/// The login dialogue end to end: MOTD, new characters, passwords, one-line forms, guests.
@Suite struct LoginTests {
    @Test func motdThenNamePrompt() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            let text = try await client.readUntil(TestClient.namePrompt)
            #expect(text == TestServer.motd + TestClient.namePrompt)
        }
    }

    @Test func interactiveNewCharacter() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("Alice")
            try await client.readUntil("Alice is a new name. Create a new character called Alice? (yes/no) ")
            try await client.send("maybe")
            try await client.readUntil("Please answer yes or no. Create a new character called Alice? ")
            try await client.send("yes")
            try await client.readUntil("Choose a password for Alice (at least 8 characters): ")
            try await client.send("short")
            try await client.readUntil("Passwords must be at least 8 characters long.\n")
            try await client.readUntil("Choose a password for Alice: ")
            try await client.send("sunflower")
            try await client.readUntil("Repeat the password: ")
            try await client.send("sunfl0wer")
            try await client.readUntil("The passwords did not match.\n")
            try await client.readUntil("Choose a password for Alice (at least 8 characters): ")
            try await client.send("sunflower")
            try await client.readUntil("Repeat the password: ")
            try await client.send("sunflower")
            try await client.readUntil("Welcome to LivePet, Alice! Your character is saved.\n")
            let room = try await client.readPrompt()
            #expect(room.contains("Lobby\nA sunny hall"))

            let account = try await server.services.accounts.account(named: "alice")
            #expect(account?.name == "Alice")
            #expect(account?.passwordHash.hasPrefix("$y$") == true)
            #expect(account?.passwordHash.contains("sunflower") == false)
        }
    }

    @Test func answeringNoAsksForAnotherName() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("Alice")
            try await client.readUntil("(yes/no) ")
            try await client.send("n")
            try await client.readUntil(TestClient.namePrompt)
            #expect(try await server.services.accounts.account(named: "Alice") == nil)
        }
    }

    @Test func existingNameAsksForPassword() async throws {
        try await TestServer.run { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("ALICE")
            try await client.readUntil("Password: ")
            try await client.send("wrong-one")
            try await client.readUntil("Wrong password.\n")
            try await client.readUntil("Password: ")
            try await client.send("sunflower")
            // The stored spelling, not the typed one.
            try await client.readUntil("Welcome back, Alice! Type \"help\" for commands.\n")
            try await client.readPrompt()
        }
    }

    @Test func threeWrongPasswordsDisconnect() async throws {
        try await TestServer.run { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("Alice")
            for _ in 0..<2 {
                try await client.readUntil("Password: ")
                try await client.send("tulip-tulip")
                try await client.readUntil("Wrong password.\n")
            }
            try await client.readUntil("Password: ")
            try await client.send("tulip-tulip")
            let last = try await client.expectClosed()
            #expect(last.contains("Wrong password. Too many attempts; goodbye.\n"))
            #expect(await server.services.presence.count == 0)
        }
    }

    @Test func oneLineConnect() async throws {
        try await TestServer.run { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("connect Nobody sunflower")
            try await client.readUntil("There is no character called Nobody. Use \"create <name> <password>\" to make one.\n")
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("connect Alice")
            try await client.readUntil("Usage: connect <name> <password>\n")
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("connect alice wrong-password")
            try await client.readUntil("Wrong password.\n")
            // After a wrong one-line password the dialogue continues at the password prompt.
            try await client.readUntil("Password: ")
            try await client.send("sunflower")
            try await client.readUntil("Welcome back, Alice!")

            let second = try await server.connect()
            try await second.readUntil(TestClient.namePrompt)
            try await second.send("connect alice sunflower")
            try await second.readUntil("You take over your character from your other connection.\n")
        }
    }

    @Test func oneLineCreate() async throws {
        try await TestServer.run { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("create Bob")
            try await client.readUntil("Usage: create <name> <password>\n")
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("create Bob short")
            try await client.readUntil("Passwords must be at least 8 characters long.\n")
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("create who sunflower")
            try await client.readUntil("That name is reserved. Please choose another.\n")
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("create ALICE sunflower")
            try await client.readUntil("The name ALICE is taken. Please choose another.\n")
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("create Bob daffodil")
            try await client.readUntil("Welcome to LivePet, Bob! Your character is saved.\n")
            try await client.readPrompt()
            #expect(try await server.services.accounts.account(named: "bob")?.name == "Bob")
        }
    }

    @Test func guestsGetNumberedNamesAndCanTalk() async throws {
        try await TestServer.run { server in
            let first = try await server.connect()
            let second = try await server.connect()
            let firstName = try await first.loginGuest()
            let secondName = try await second.loginGuest()
            #expect(firstName.wholeMatch(of: /Guest-\d{4}/) != nil)
            #expect(secondName.wholeMatch(of: /Guest-\d{4}/) != nil)
            #expect(firstName != secondName)

            try await first.command("say hello there", until: "You say, \"hello there\"\n")
            try await second.readUntil("\(firstName) says, \"hello there\"\n")
            try await second.command("chat hi all", until: "[chat] \(secondName): hi all\n")
            try await first.readUntil("[chat] \(secondName): hi all\n")
            let who = try await first.who()
            #expect(who.contains("guest"))
        }
    }

    @Test(arguments: [
        ("ab", "Names must be 3 to 16 characters long."),
        ("Abcdefghijklmnopq", "Names must be 3 to 16 characters long."),
        ("1abc", "Names must start with a letter."),
        ("h\u{E9}llo", "Names may use only the letters A-Z and the digits 0-9, with no spaces."),
        ("bad_name", "Names may use only the letters A-Z and the digits 0-9, with no spaces."),
        ("Guest12", "Names starting with \"guest\" are kept for guests."),
        ("who", "That name is reserved. Please choose another."),
        ("emote", "That name is reserved. Please choose another."),
        ("two words", "A name is one word of letters and digits. Type \"guest\" to look around first."),
    ])
    func badNamesAreRefusedWithAReason(name: String, reason: String) async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send(name)
            let answer = try await client.readUntil(TestClient.namePrompt)
            #expect(answer == reason + "\n" + TestClient.namePrompt)
        }
    }

    @Test func quitAtTheNamePrompt() async throws {
        try await TestServer.run { server in
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("quit")
            #expect(try await client.expectClosed() == "Goodbye.\n")
        }
    }

    /// Login timeouts run on the server's clock: the test moves it, nobody waits for it.
    @Test func loginTimeoutSaysGoodbyeAndCloses() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            clock.advance(by: server.config.loginTimeout - .milliseconds(1))
            try await server.waitForHousekeeping()
            try await client.send("")
            try await client.readUntil(TestClient.namePrompt)
            #expect(!client.isClosedByServer, "a moment before the deadline")
            clock.advance(by: .milliseconds(1))
            let last = try await client.expectClosed()
            #expect(last == "\nYou took too long to log in. Goodbye.\n")
        }
    }

    @Test func loggedInPlayersHaveNoLoginTimeout() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            let player = try await server.connect()
            try await player.loginGuest()
            // Outlast the timeout, measured by a second client that does time out.
            let idle = try await server.connect()
            try await idle.readUntil(TestClient.namePrompt)
            clock.advance(by: server.config.loginTimeout)
            try await idle.expectClosed()
            try await player.command("who", until: "1 player online.\n")
            #expect(!player.isClosedByServer)
        }
    }
}
