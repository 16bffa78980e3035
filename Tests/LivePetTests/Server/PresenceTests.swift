import Testing

/// Who is online as connections come and go: arrivals, quits, dropped links, takeovers.
@Suite struct PresenceTests {
    @Test func arrivalsAndDeparturesAreSeenByTheRoom() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")

            let carol = try await server.player("Carol")
            try await alice.readUntil("Carol arrives.\n")
            try await bob.readUntil("Carol arrives.\n")
            let look = try await carol.who()
            #expect(look.hasSuffix("3 players online.\n"))
            #expect(look.contains("Alice"))

            try await carol.send("quit")
            #expect(try await carol.expectClosed() == "Goodbye, Carol! Your pets will be waiting.\n")
            try await alice.readUntil("Carol has left LivePet.\n")
            try await bob.readUntil("Carol has left LivePet.\n")

            let guest = try await server.connect()
            let guestName = try await guest.loginGuest()
            try await alice.readUntil("\(guestName) arrives.\n")
            guest.close()
            try await alice.readUntil("\(guestName) disconnects.\n")
            try await bob.readUntil("\(guestName) disconnects.\n")

            let who = try await alice.who()
            #expect(who.contains("\n2 players online.\n"))
            #expect(!who.contains("Carol"))
            #expect(!who.contains(guestName))
        }
    }

    @Test func arrivingPlayerSeesWhoIsHere() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.connect()
            try await server.createAccount("Bob", password: "Bob-password")
            try await bob.readUntil(TestClient.namePrompt)
            try await bob.send("connect Bob Bob-password")
            let entry = try await bob.readPrompt()
            #expect(entry.contains("Lobby\nA sunny hall"))
            #expect(entry.contains("Here: Alice.\n"))
            try await alice.readUntil("Bob arrives.\n")
        }
    }

    @Test func secondLoginTakesOverTheCharacter() async throws {
        try await TestServer.run { server in
            let first = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await first.readUntil("Bob arrives.\n")

            let second = try await server.connect()
            try await second.readUntil(TestClient.namePrompt)
            try await second.send("connect alice Alice-password")
            let takeover = try await second.readPrompt()
            #expect(takeover.contains("You take over your character from your other connection.\n"))
            #expect(!takeover.contains("Welcome back"))
            #expect(takeover.contains("Here: Bob.\n"))

            let farewell = try await first.expectClosed()
            #expect(farewell.contains("Someone logged in as Alice from another connection. Goodbye.\n"))
            let seen = try await bob.readUntil("Alice reconnects.\n")
            #expect(!seen.contains("Alice arrives"))

            let who = try await second.who()
            let aliceRows = who.split(separator: "\n").filter { $0.hasPrefix("Alice ") }
            #expect(aliceRows.count == 1)
            #expect(who.contains("\n2 players online.\n"))

            // The new connection is the one the room talks to; the old one's close left nothing behind.
            try await bob.command("say still there?", until: "You say, \"still there?\"\n")
            try await second.readUntil("Bob says, \"still there?\"\n")
            try await second.command("say yes", until: "You say, \"yes\"\n")
            let bobSaw = try await bob.readUntil("Alice says, \"yes\"\n")
            #expect(!bobSaw.contains("disconnects"))
            #expect(!bobSaw.contains("has left"))
        }
    }
}
