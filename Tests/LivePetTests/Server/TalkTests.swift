import Testing

/// Two or three players talking: who, say, emote, tell, reply, chat, channel, afk.
@Suite struct TalkTests {
    @Test func whoListsEveryone() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            let who = try await bob.who()
            #expect(who.hasSuffix("2 players online.\n"))
            let rows = who.split(separator: "\n").map(String.init)
            #expect(rows.first?.hasPrefix("Name ") == true)
            #expect(rows.contains { $0.hasPrefix("Alice ") && $0.contains("Lobby") })
            #expect(rows.contains { $0.hasPrefix("Bob ") && $0.contains("Lobby") })
        }
    }

    @Test func sayAndEmoteReachTheRoom() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")

            try await alice.command("say hello, Bob", until: "You say, \"hello, Bob\"\n")
            try await bob.readUntil("Alice says, \"hello, Bob\"\n")
            try await alice.send("'quoted form")
            try await alice.readUntil("You say, \"quoted form\"\n")
            try await bob.readUntil("Alice says, \"quoted form\"\n")

            try await alice.send("emote waves")
            try await alice.readUntil("Alice waves\n")
            try await bob.readUntil("Alice waves\n")
            try await bob.send(":'s tail wags")
            try await bob.readUntil("Bob's tail wags\n")
            try await alice.readUntil("Bob's tail wags\n")

            try await bob.command("say", until: "Say what?\n")
        }
    }

    @Test func everyoneHearsTwoSpeakersInTheSameOrder() async throws {
        try await TestServer.run { server in
            // Four players over the two loops: the speakers' lines cross threads.
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")
            let dave = try await server.player("Dave")
            try await carol.readUntil("Dave arrives.\n")
            let lines = 15
            async let aliceDone: Void = { for index in 0..<lines { try await alice.send("say a\(index)") } }()
            async let bobDone: Void = { for index in 0..<lines { try await bob.send("say b\(index)") } }()
            try await aliceDone
            try await bobDone
            // Each speaker hears the other's last line, then one more line closes the burst.
            try await alice.readUntil("Bob says, \"b\(lines - 1)\"\n")
            try await bob.readUntil("Alice says, \"a\(lines - 1)\"\n")
            try await alice.send("say end")
            let heardByCarol = try await carol.readUntil("Alice says, \"end\"\n")
            let heardByDave = try await dave.readUntil("Alice says, \"end\"\n")
            func talk(_ text: String) -> [String] {
                text.split(separator: "\n").filter { $0.contains(" says, \"") }.map { String($0.drop { $0 == "\r" }) }
            }
            #expect(talk(heardByCarol).count == 2 * lines + 1)
            #expect(talk(heardByCarol) == talk(heardByDave))
        }
    }

    /// Alice and Bob are on different loops: Alice's thread writes to Bob's socket itself
    /// while Bob's loop is idle, and leaves it to Bob's loop while that loop is writing
    /// (Bob's own replies). Either way Bob hears every line once, in order.
    @Test func aListenerOnAnotherLoopHearsABurstInOrder() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            let lines = 200
            async let aliceDone: Void = { for index in 0..<lines { try await alice.send("say line \(index)") } }()
            async let bobDone: Void = { for _ in 0..<20 { try await bob.send("look") } }()
            try await aliceDone
            try await bobDone
            let heard = try await bob.readUntil("Alice says, \"line \(lines - 1)\"\n")
            let said = heard.split(separator: "\n").compactMap { line -> Int? in
                guard let range = line.range(of: "Alice says, \"line ") else { return nil }
                return Int(line[range.upperBound...].prefix { $0 != "\"" })
            }
            #expect(said == Array(0..<lines))
        }
    }

    @Test func tellAndReply() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")
            try await alice.readUntil("Carol arrives.\n")
            try await bob.readUntil("Carol arrives.\n")

            try await bob.command("reply hello?", until: "Nobody has sent you a tell yet.\n")
            try await alice.command("tell bob psst, over here", until: "You tell Bob, \"psst, over here\"\n")
            try await bob.readUntil("Alice tells you, \"psst, over here\"\n")
            try await bob.command("reply what is it?", until: "You tell Alice, \"what is it?\"\n")
            try await alice.readUntil("Bob tells you, \"what is it?\"\n")
            try await alice.command("tell Nobody hi", until: "Nobody called Nobody is online, and there is no player by that name.\n")
            try await alice.command("tell alice hi", until: "You mutter to yourself, \"hi\"\n")

            // Carol saw none of it: her next line is Alice's say, nothing before it (but the line
            // end that moves her off her prompt).
            try await alice.command("say done", until: "You say, \"done\"\n")
            let carolSaw = try await carol.readUntil("Alice says, \"done\"\n")
            #expect(carolSaw.drop { $0 == "\n" } == "Alice says, \"done\"\n")
        }
    }

    @Test func chatAndChannelOff() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")

            try await alice.send("chat hello world")
            try await alice.readUntil("[chat] Alice: hello world\n")
            try await bob.readUntil("[chat] Alice: hello world\n")

            try await bob.command("channel off", until: "The chat channel is off. You will not see chat until you turn it on.\n")
            try await bob.command("chat can anyone hear me", until: "Your chat channel is off. Type \"channel on\" to join it.\n")
            let aliceSaw = try await alice.command("chat second message", until: "[chat] Alice: second message\n")
            #expect(!aliceSaw.contains("can anyone hear me"))
            // Chat is delivered before Alice's next command runs, so had Bob got it, it would come first.
            try await alice.command("say sync", until: "You say, \"sync\"\n")
            let bobSaw = try await bob.readUntil("Alice says, \"sync\"\n")
            #expect(!bobSaw.contains("second message"))

            try await bob.command("channel on", until: "The chat channel is on.\n")
            try await alice.send("chat third")
            try await bob.readUntil("[chat] Alice: third\n")
        }
    }

    @Test func afkShowsInWhoAndTellsUntilTheNextCommand() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")

            try await bob.command("afk making tea", until: "You are now AFK: making tea\n")
            let who = try await alice.who()
            #expect(who.split(separator: "\n").contains { $0.hasPrefix("Bob ") && $0.contains("AFK") })
            #expect(!who.split(separator: "\n").contains { $0.hasPrefix("Alice ") && $0.contains("AFK") })

            let told = try await alice.command("tell Bob are you there?", until: "Bob is AFK: making tea\n")
            #expect(told.contains("You tell Bob, \"are you there?\"\nBob is AFK: making tea\n"))
            try await bob.readUntil("Alice tells you, \"are you there?\"\n")

            let back = try await bob.command("who", until: "players online.\n")
            #expect(back.contains("You are back (no longer AFK).\n"))
            #expect(!back.split(separator: "\n").contains { $0.hasPrefix("Bob ") && $0.contains("AFK") })
            try await alice.command("tell Bob welcome back", until: "You tell Bob, \"welcome back\"\n")
            let after = try await alice.command("say ok", until: "You say, \"ok\"\n")
            #expect(!after.contains("AFK"))

            try await bob.command("afk", until: "You are now AFK. Your next command brings you back.\n")
            let again = try await alice.command("tell Bob hello", until: "Bob is AFK.\n")
            #expect(again.contains("You tell Bob, \"hello\"\nBob is AFK.\n"))
        }
    }

    @Test func unknownCommandsSuggest() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            try await alice.command("sya hi", until: "Unknown command \"sya\". Did you mean \"say\"?\n")
            try await alice.command("xyzzy", until: "Unknown command \"xyzzy\". Type \"help\" for a list.\n")
            try await alice.command("help say", until: "Usage: say <text>")
        }
    }
}
