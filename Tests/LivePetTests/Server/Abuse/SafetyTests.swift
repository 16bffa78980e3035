import Testing

/// Players protecting themselves: ignore and password.
@Suite struct SafetyTests {
    @Test func ignoreHidesSaysEmotesTellsAndChat() async throws {
        try await Abuse.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")
            try await alice.readUntil("Carol arrives.\n")
            try await alice.command("ignore bob", until: "You are now ignoring Bob: you will not see their says, emotes, tells or chat. \"unignore Bob\" undoes it.\n")
            try await alice.command("ignore", until: "You are ignoring: Bob.\n")

            try await bob.command("say buy my treats", until: "You say, \"buy my treats\"\n")
            try await bob.command("emote waves a sign", until: "Bob waves a sign\n")
            try await bob.command("chat cheap treats here", until: "[chat] Bob: cheap treats here\n")
            try await bob.command("tell Alice psst", until: "Alice is not available.\n")
            try await carol.readUntil("Bob says, \"buy my treats\"\n")
            try await carol.readUntil("[chat] Bob: cheap treats here\n")
            // Carol speaks last: once Alice sees it, Bob's lines would have arrived before.
            try await carol.command("say hi all", until: "You say, \"hi all\"\n")
            let seen = try await alice.readUntil("Carol says, \"hi all\"\n")
            #expect(!seen.contains("Bob says"))
            #expect(!seen.contains("Bob waves"))
            #expect(!seen.contains("[chat] Bob"))
            #expect(!seen.contains("psst"))

            try await alice.command("ignore Alice", until: "You cannot ignore yourself.\n")
            try await alice.command("ignore Nobody", until: "There is nobody called Nobody.\n")
            try await alice.command("unignore Bob", until: "You are no longer ignoring Bob.\n")
            try await bob.command("say back again", until: "You say, \"back again\"\n")
            try await alice.readUntil("Bob says, \"back again\"\n")
        }
    }

    @Test func anIgnoreListOutlivesTheConnection() async throws {
        try await Abuse.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.command("ignore Bob", until: "You are now ignoring Bob")
            try await alice.send("quit")
            try await alice.expectClosed()
            let again = try await server.connect()
            try await again.login(name: "Alice", password: "Alice-password")
            try await again.command("ignore", until: "You are ignoring: Bob.\n")
            try await bob.command("tell Alice hello?", until: "Alice is not available.\n")
        }
    }

    @Test func passwordChangeAsksForTheOldOneAndHidesInput() async throws {
        try await Abuse.run { server in
            let alice = try await server.player("Alice", mode: .telnet)
            try await alice.command("who", until: "1 player online.\n")
            let before = alice.rawReceived.count
            try await alice.send("password")
            try await alice.readUntil("Changing your password. An empty line cancels.\n")
            try await alice.readUntil("Current password: ")
            // IAC WILL ECHO: the client stops echoing what is typed.
            #expect(Array(alice.rawReceived[before...]).index(of: [255, 251, 1]) != nil)
            try await alice.send("not-my-password")
            try await alice.readUntil("That is not your current password; your password is unchanged.\n")

            try await alice.send("password")
            try await alice.readUntil("Current password: ")
            try await alice.send("Alice-password")
            try await alice.readUntil("New password (at least 8 characters): ")
            try await alice.send("short")
            try await alice.readUntil("Passwords must be at least 8 characters long.\n")
            try await alice.readUntil("New password: ")
            try await alice.send("lavender-fields")
            try await alice.readUntil("Repeat the new password: ")
            try await alice.send("lavender-fieldz")
            try await alice.readUntil("The passwords did not match; your password is unchanged.\n")

            try await alice.send("password")
            try await alice.readUntil("Current password: ")
            try await alice.send("Alice-password")
            try await alice.readUntil("New password")
            try await alice.send("lavender-fields")
            try await alice.readUntil("Repeat the new password: ")
            try await alice.send("lavender-fields")
            try await alice.readUntil("Your password is changed.\n")
            // Committed before the player was told.
            let account = try #require(try await server.services.accounts.account(named: "Alice"))
            #expect(await server.hasher.verify("lavender-fields", against: account.passwordHash))
            // Echo is back on, and the password never came back in the clear.
            #expect(Array(alice.rawReceived[before...]).index(of: [255, 252, 1]) != nil)
            #expect(!alice.rawReceived.containsText("lavender"))
            try await alice.command("who", until: "1 player online.\n")
            try await alice.send("quit")
            try await alice.expectClosed()

            let old = try await server.connect()
            try await old.readUntil(TestClient.namePrompt)
            try await old.send("connect Alice Alice-password")
            try await old.readUntil("Wrong password.\n")
            let fresh = try await server.connect()
            try await fresh.login(name: "Alice", password: "lavender-fields")
        }
    }

    @Test func anEmptyLineCancelsAndGuestsHaveNoPassword() async throws {
        try await Abuse.run { server in
            let alice = try await server.player("Alice")
            try await alice.send("password")
            try await alice.readUntil("Current password: ")
            try await alice.send("")
            try await alice.readUntil("Password change cancelled; your password is unchanged.\n")
            try await alice.command("who", until: "1 player online.\n")
            let guest = try await server.connect()
            try await guest.loginGuest()
            try await guest.command("password", until: "Guests have no password.")
        }
    }
}
