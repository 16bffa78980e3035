import Testing
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetWorld

/// The login summary, profiles (`finger`, `score`, `me`) and talk history, end to end on the
/// manual clock.
@Suite struct WorldMemorySummaryTests {
    @Test func theLoginSummaryTellsWhatHappenedWhileAway() async throws {
        let clock = ManualClock()
        let store = MemoryStore()
        let hash = try await PasswordHasher(cost: 1).hash("Alice-password")
        let aliceAccount = try await store.createAccount(name: "Alice", passwordHash: hash, isAdmin: false, createdAt: 1_790_000_000)
        // Born long ago: it dies at tick 6, while Alice is away.
        _ = try await store.insertPet(PetRecord(id: 0, name: "Oldie", species: "cat", ownerID: aliceAccount.id,
                                                bornTick: 6 - PetState.lifespan - 1, hunger: 0, hungerTick: 0))
        // Bob and Carol sit silent through a three-hour jump: the idle logout (an hour by
        // default; LimitsTests covers it) is off, or the loops' next housekeeping (on real
        // time) would log them out, racing their next commands.
        let configure = { (config: inout ServerConfig) in
            TestServer.useManualClock(clock, &config)
            config.abuse.idleLogout = .zero
        }
        try await TestServer.run(configure: configure, store: store) { server in
            // A first login: nothing to tell yet.
            let (alice, first) = try await WorldMemoryTests.relogin(server, "Alice")
            #expect(!first.contains("While you were away"))
            #expect(!first.contains("Your pets:"))
            try await alice.command("adopt Rex dog", until: "You adopt Rex the dog")
            try await alice.command("treat Rex", until: "You give Rex a treat")  // her own: not news
            try await WorldMemoryTests.quit(server, alice, "Alice", clock: clock)
            await server.advance(1)

            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")
            for _ in 0..<3 {
                try await bob.command("visit Rex", until: "This is Rex")
                try await bob.command("leave", until: "Lobby")
            }
            try await bob.command("treat Rex", until: "You give Rex a treat")
            // Half of it checkpointed, half still in memory: the summary reads both.
            try await server.services.world.checkpoint()
            try await bob.command("treat Rex", until: "You give Rex a treat")
            try await carol.command("visit Rex", until: "This is Rex")
            await server.advance(10)

            let (again, text) = try await WorldMemoryTests.relogin(server, "Alice")
            #expect(text.contains("""
                While you were away:
                  Oldie the cat died peacefully of old age.
                  Rex had visitors: Bob (3 times), Carol.
                  Rex got treats from Bob (2).
                Your pets:
                  Rex the dog: 
                """))
            #expect(!text.contains("Alice (") && !text.contains("treats from Alice"))
            #expect(!text.contains("Oldie the cat:"))  // the dead are not among "your pets"

            // Profiles: Bob's treats given, Alice online; after she leaves, last seen.
            let finger = try await carol.command("finger bob", until: "Treats given")
            #expect(finger.contains("Bob\n") && finger.contains("Online for "))
            #expect(finger.contains("Treats given: 2.\n"))
            let whois = try await bob.command("whois Alice", until: "Pets (")
            #expect(whois.contains("Joined 2026-09-21 "))
            #expect(whois.contains("Pets (1 alive): Rex the dog, Oldie the cat (died).\n"))
            try await WorldMemoryTests.quit(server, again, "Alice", clock: clock)
            clock.advance(by: .seconds(3 * 3600))
            try await server.waitForHousekeeping()  // the jump's timers have been looked at
            let seen = try await bob.command("finger alice", until: "Pets (")
            #expect(seen.contains("Last seen 3 hours ago ("))
            let unknown = try await bob.command("finger Alcie", until: "nobody")
            #expect(unknown.contains("There is nobody called Alcie. \"who\" lists who is online.\n"))
            let suggested = try await bob.command("finger Carl", until: "nobody")
            #expect(suggested.contains("There is nobody called Carl. Did you mean: Carol?\n"))
            let mine = try await bob.command("me", until: "Settings:")
            #expect(mine.contains("Treats held: 3 of 5."))
            try await bob.command("me waves", until: "Bob waves\n")
        }
    }

    @Test func historyKeepsTheLastTwentyLinesAndLeavesOutTheIgnored() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")
            try await alice.readUntil("Carol arrives.\n")
            try await carol.command("ignore Bob", until: "You are now ignoring Bob")
            try await alice.command("history", until: "Nothing has been said here lately.\n")
            for number in 1...22 {
                try await alice.command("say line \(number)", until: "You say, \"line \(number)\"")
            }
            try await bob.command("emote waves", until: "Bob waves\n")
            try await alice.readUntil("Bob waves\n")
            try await carol.readUntil("Alice says, \"line 22\"\n")
            let history = try await alice.command("history", until: "Bob waves\n")
            let lines = history.split(separator: "\n").filter { $0.hasPrefix("  [just now] ") }
            #expect(lines.count == 20)
            #expect(lines.first == "  [just now] Alice says, \"line 4\"")
            #expect(lines.last == "  [just now] Bob waves")
            let carols = try await carol.command("history", until: "line 22")
            #expect(carols.contains("Said in Lobby lately:\n"))
            #expect(!carols.contains("Bob waves"))

            try await alice.command("chat hello all", until: "[chat] Alice: hello all")
            try await bob.readUntil("[chat] Alice: hello all\n")
            let chat = try await bob.command("history chat", until: "hello all")
            #expect(chat.contains("Said on the chat channel lately:\n  [just now] [chat] Alice: hello all\n"))
            try await bob.command("channel off", until: "The chat channel is off.")
            try await bob.command("history chat", until: "Your chat channel is off: its history is for players on it.")
        }
    }

    @Test func enteringAPetRoomShowsTheLastFewRecentLines() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { TestServer.useManualClock(clock, &$0) }) { server in
            let alice = try await server.player("Alice")
            try await alice.command("adopt Rex dog", until: "You adopt Rex")
            try await alice.command("visit Rex", until: "This is Rex")
            try await alice.command("say too old to show", until: "You say")
            clock.advance(by: .seconds(11 * 60))
            // Eleven minutes on, the line is too old to be shown on arrival.
            let bob = try await server.player("Bob")
            let early = try await bob.command("visit Rex", until: "This is Rex")
            #expect(!early.contains("Said here recently") && !early.contains("too old"))
            try await bob.command("leave", until: "Lobby")
            for number in 1...7 {
                try await alice.command("say recent \(number)", until: "You say, \"recent \(number)\"")
            }
            clock.advance(by: .seconds(120))
            let arrival = try await bob.command("visit Rex", until: "recent 7\"\n")
            #expect(arrival.contains("Said here recently:\n  [2 minutes ago] Alice says, \"recent 3\"\n"))
            #expect(!arrival.contains("recent 2\""))
            #expect(!arrival.contains("too old"))
            #expect(arrival.split(separator: "\n").filter { $0.contains("] Alice says") }.count == 5)
            // The Lobby shows nothing on arrival, and history there is its own.
            try await bob.command("leave", until: "Lobby")
            try await bob.command("history", until: "Nothing has been said here lately.\n")
        }
    }

    @Test func historyMemoryIsBoundedByPlacesAndLines() {
        let history = TalkHistory()
        for place in 0..<(TalkHistory.maxPlaces + 10) {
            history.record(.place(.pet(Int64(place))), .say, speaker: "A", words: "hi \(place)", at: UInt64(place + 1))
        }
        #expect(history.placeCount == TalkHistory.maxPlaces)
        // The quietest (earliest) places went first.
        #expect(history.lines(.place(.pet(0))).isEmpty)
        #expect(history.lines(.place(.pet(Int64(TalkHistory.maxPlaces + 9)))).count == 1)
        for number in 0..<50 {
            history.record(.chat, .chat, speaker: "A", words: "c\(number)", at: 100_000 + UInt64(number))
        }
        let chat = history.lines(.chat)
        #expect(chat.map(\.text) == (30..<50).map { "[chat] A: c\($0)" })
        #expect(history.lines(.chat, limit: 5, since: 100_047).map(\.words) == ["c47", "c48", "c49"])
        history.record(.place(.lobby), .emote, speaker: "Ann", words: "'s cat purrs", at: 200_000)
        history.record(.place(.lobby), .emote, speaker: "Ann", words: "waves", at: 200_001)
        #expect(history.lines(.place(.lobby)).map(\.text) == ["Ann's cat purrs", "Ann waves"])
    }
}
