import Testing
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetWorld

/// A world that remembers (issue 19.3), end to end: preferences saved and restored, offline
/// tells kept within their bounds and delivered once, and the ignore list's silence.
@Suite struct WorldMemoryTests {
    /// Logs `name` in on a new connection and returns everything up to the first game prompt
    /// (the welcome, the room, what happened while away).
    static func relogin(_ server: TestServer, _ name: String) async throws -> (client: TestClient, text: String) {
        let client = try await server.connect()
        try await client.readUntil(TestClient.namePrompt)
        try await client.send("connect \(name) \(name)-password")
        let text = try await client.readUntil(TestClient.promptEnd)
        return (client, text)
    }

    /// Quits and waits until the logout is recorded (its last-seen time is the clock's now).
    static func quit(_ server: TestServer, _ client: TestClient, _ name: String, clock: ManualClock) async throws {
        clock.advance(by: .seconds(1))
        let now = clock.unixSeconds()
        try await client.send("quit")
        _ = try await client.expectClosed()
        try await server.waitUntil("\(name)'s logout is recorded") {
            await server.store.account(named: name)?.lastSeen == now
        }
    }

    @Test func explicitChoicesComeBackAtTheNextLogin() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            let alice = try await server.player("Alice")
            let before = try await alice.command("score", until: "charset")
            #expect(before.contains("Settings: color off, screenreader off, ticks changes, channel on, charset utf-8"))
            try await alice.command("color on", until: "is on.\n")
            try await alice.command("screenreader on", until: "Screen-reader mode is on")
            try await alice.command("ticks off", until: "Pet status lines: off.")
            try await alice.command("channel off", until: "The chat channel is off.")
            try await alice.command("charset ascii", until: "Charset is ASCII")
            try await alice.command("channel", until: "The chat channel is off for you.")
            try await Self.quit(server, alice, "Alice", clock: clock)
            let stored = await server.store.preferences(accountID: try #require(await server.store.account(named: "Alice")).id)
            #expect(stored == ["color": "on", "screenreader": "on", "ticks": "off", "channel": "off", "charset": "ascii"])

            let (again, _) = try await Self.relogin(server, "Alice")
            let after = try await again.command("score", until: "Settings:")
            #expect(after.contains("Settings: color on, screenreader on, ticks off, channel off, charset ascii.\n"))
            try await again.command("channel", until: "The chat channel is off for you.")
            // The restored channel choice holds: chat is not heard.
            let bob = try await server.player("Bob")
            try await bob.command("chat anyone?", until: "[chat] Bob: anyone?")
            try await again.command("channel on", until: "The chat channel is on.")
            try await bob.command("chat now?", until: "[chat] Bob: now?")
            let heard = try await again.readUntil("Bob: now?")
            #expect(!heard.contains("anyone?"))
        }
    }

    /// A saved choice wins over what the client announces (TinTin++ says MTTS 141: ANSI and
    /// UTF-8), whenever the announcement arrives; without one, the announcement holds.
    @Test func aSavedChoiceOverridesWhatTheClientAnnounces() async throws {
        try await TestServer.run { server in
            let detected = try await server.player("Bob", mode: .tintin)
            let bobs = try await detected.command("score", until: "Settings:")
            #expect(bobs.contains("color on,"))
            try await detected.send("quit")
            _ = try await detected.expectClosed()
            let account = try #require(await server.store.account(named: "Bob"))
            try await server.store.setPreference(accountID: account.id, key: "color", value: "off")
            try await server.store.setPreference(accountID: account.id, key: "charset", value: "ascii")
            let chosen = try await server.player("Bob", mode: .tintin)
            let score = try await chosen.command("score", until: "Settings:")
            #expect(score.contains("Settings: color off, screenreader off, ticks changes, channel on, charset ascii.\n"))
            #expect(!score.contains("\u{1B}["))
        }
    }

    @Test func unknownStoredValuesKeepTheDefaults() async throws {
        let store = MemoryStore()
        let account = try await store.createAccount(name: "Alice", passwordHash: try await PasswordHasher(cost: 1).hash("Alice-password"),
                                                    isAdmin: false, createdAt: 0)
        try await store.setPreference(accountID: account.id, key: "ticks", value: "sometimes")  // a newer build's mode
        try await store.setPreference(accountID: account.id, key: "color", value: "purple")
        try await store.setPreference(accountID: account.id, key: "charset", value: "changes")
        try await store.setPreference(accountID: account.id, key: "volume", value: "11")
        try await TestServer.run(store: store) { server in
            let alice = try await server.player("Alice")
            let score = try await alice.command("score", until: "Settings:")
            #expect(score.contains("Settings: color off, screenreader off, ticks changes, channel on, charset utf-8"))
        }
    }

    @Test func aTellToSomeoneOfflineIsDeliveredAtTheirNextLoginOnce() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            try await server.createAccount("Bob", password: "Bob-password")
            let alice = try await server.player("Alice")
            try await alice.command("tell Bob see you at the fox's room", until: "Bob is not online; your message is saved and they will get it when they next log in.\n")
            try await alice.command("tell bob \u{1B}[31mred\u{07} alert", until: "your message is saved")
            try await alice.command("tell Nobody hi", until: "Nobody called Nobody is online, and there is no player by that name.\n")

            clock.advance(by: .seconds(2 * 3600))
            let (bob, text) = try await Self.relogin(server, "Bob")
            #expect(text.contains("While you were away:\n  Alice told you 2 hours ago, \"see you at the fox's room\"\n  Alice told you 2 hours ago, \"[31mred alert\"\n"))
            #expect(!text.contains("\u{1B}"))
            try await Self.quit(server, bob, "Bob", clock: clock)
            let (_, second) = try await Self.relogin(server, "Bob")
            #expect(!second.contains("While you were away"))
        }
    }

    @Test func offlineTellsAreBoundedAndIgnoredSendersLearnNothing() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")
            try await bob.command("ignore Carol", until: "You are now ignoring Carol")
            try await Self.quit(server, bob, "Bob", clock: clock)

            let alice = try await server.player("Alice")
            for number in 1...3 {
                try await alice.command("tell Bob note \(number)", until: "Bob is not online; your message is saved")
            }
            try await alice.command("tell Bob note 4", until: "You already have as many messages waiting for Bob as you may leave (3 each, 60 in all), so this one was not saved.\n")
            // Ignored: the same answer as a saved message, and nothing kept.
            try await carol.command("tell Bob let me in", until: "Bob is not online; your message is saved and they will get it when they next log in.\n")
            let guest = try await server.connect()
            try await guest.loginGuest()
            try await guest.command("tell Bob from a guest", until: "Nobody called Bob is online. Guests can only tell players who are online.\n")

            let (_, text) = try await Self.relogin(server, "Bob")
            #expect(text.contains("Alice told you 1 second ago, \"note 1\"\n  Alice told you 1 second ago, \"note 2\"\n  Alice told you 1 second ago, \"note 3\"\n"))
            #expect(!text.contains("note 4"))
            #expect(!text.contains("let me in"))
            #expect(!text.contains("from a guest"))
        }
    }

    @Test func aFullBoxRefusesTheTwentyFirstMessage() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            try await server.createAccount("Bob", password: "Bob-password")
            let bob = try #require(await server.store.account(named: "Bob"))
            // 20 messages already waiting, from seven other players.
            for index in 0..<20 {
                let sender = try await server.store.createAccount(name: "Sender\(index)", passwordHash: "h", isAdmin: false, createdAt: 0)
                let saved = try await server.store.leaveMessage(
                    OfflineMessage(recipientID: bob.id, senderID: sender.id, senderName: sender.name, text: "m\(index)", sentAt: clock.unixSeconds()),
                    limits: .init())
                #expect(saved == .saved)
            }
            let alice = try await server.player("Alice")
            try await alice.command("tell Bob one more", until: "Bob is away and already has 20 messages waiting, so yours was not saved. Try again after they have been back.\n")
        }
    }
}
