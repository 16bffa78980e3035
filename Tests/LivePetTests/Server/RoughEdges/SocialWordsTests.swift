import Testing
@testable import LivePet
@testable import LivePetSession
@testable import LivePetSupport

/// Issue 19's rough edges between players: possessives, guests' goodbyes, ignore without a
/// tell-tale, the room after a resume, the last words of a shutdown, and `--help`.
@Suite struct SocialWordsTests {
    @Test func namesEndingInSTakeAnApostropheAlone() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice", mode: .telnet)
            try await alice.command("adopt Whiskers cat", until: "You adopt Whiskers")
            try await alice.command("adopt Fluffy dog", until: "You adopt Fluffy")
            let room = try await alice.command("visit Whiskers", until: "Nobody else is visiting.")
            #expect(room.hasSuffix("[Whiskers ♥♥♥♡♡, 5 treats] > "))  // the prompt names the pet alone
            let who = try await alice.who()
            #expect(who.contains("Whiskers' room") && !who.contains("Whiskers's"))
            #expect(try await alice.command("look Alice", until: "Alice is visiting").contains("Alice is visiting Whiskers (#1).\n"))
            try await alice.command("visit Fluffy", until: "Nobody else is visiting.")
            #expect(try await alice.who().contains("Fluffy's room"))
            #expect(Possessive.of("Chris") == "Chris'" && Possessive.of("BOSS") == "BOSS'" && Possessive.of("Bob") == "Bob's")
        }
    }

    @Test func guestsAreNotPromisedPets() async throws {
        try await TestServer.run { fixture in
            let guest = try await fixture.connect()
            let name = try await guest.loginGuest()
            try await guest.send("quit")
            let goodbye = try await guest.expectClosed()
            #expect(goodbye.contains("Goodbye, \(name)! Thanks for visiting"))
            #expect(!goodbye.contains("pets will be waiting"))
            let alice = try await fixture.player("Alice")
            try await alice.send("quit")
            #expect(try await alice.expectClosed().contains("Goodbye, Alice! Your pets will be waiting."))
        }
    }

    @Test func theIgnoredAreToldNothingAndATellFindsSomeoneUnavailable() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            try await alice.command("ignore Bob", until: "You are now ignoring Bob")
            try await bob.command("say can you hear me", until: "You say, \"can you hear me\"")
            let told = try await bob.command("tell Alice hello?", until: "Alice is not available.\n")
            #expect(!told.contains("listening"))
            try await bob.command("say second", until: "You say, \"second\"")
            // Alice's next answer comes with none of Bob's words before it.
            let seen = try await alice.command("who", until: " online.\n")
            #expect(!seen.contains("can you hear me") && !seen.contains("hello?") && !seen.contains("second"))
        }
    }

    @Test func aResumedCharacterSeesItsRoomAsLookShowsIt() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: {
            TestServer.useManualClock(clock, &$0)
            $0.abuse.linkDeadGrace = .seconds(60)
        }) { fixture in
            let alice = try await fixture.player("Alice")
            try await alice.command("adopt Nemo fish", until: "You adopt Nemo")
            try await alice.command("visit Nemo", until: "Nemo the fish (#1)")
            alice.close()
            try await fixture.waitUntil("Alice is link-dead") { await fixture.services.presence.who(now: 0).first?.flags.contains("link-dead") == true }
            let again = try await fixture.connect()
            try await again.readUntil(TestClient.namePrompt)
            try await again.send("connect Alice Alice-password")
            try await again.readUntil("you are back where you were.\n")
            let room = try await again.readPrompt()
            #expect(room.contains("This is Nemo the fish (#1), cared for by Alice."))
            #expect(room.contains("Age 0 ticks, hunger 250/500"))
            #expect(room.hasSuffix("[Nemo ♥♥♥♡♡, 5 treats] > "))
        }
    }

    @Test func noPromptFollowsTheShutdownNotice() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice", mode: .telnet)
            let bob = try await fixture.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            await fixture.shutdown()
            for player in [alice, bob] {
                let last = try await player.expectClosed()
                let notice = try #require(last.range(of: "LivePet is shutting down. See you soon!\n"))
                #expect(!last[notice.upperBound...].contains("> "), "a prompt after the notice: \(last.debugDescription)")
            }
        }
    }

    @Test func everyOptionSummaryStartsInOneColumn() throws {
        let lines = Options.helpText.split(separator: "\n").filter { $0.hasPrefix("  --") }
        #expect(lines.count == Options.settings.count)
        let columns = Set(lines.map { line -> Int in
            // The summary starts after the flag, its placeholder and the run of spaces after them.
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            let afterPlaceholder = line.range(of: " \(words[1]) ")!.upperBound
            let rest = line[afterPlaceholder...]
            return line.distance(from: line.startIndex, to: rest.firstIndex { $0 != " " }!)
        })
        #expect(columns.count == 1, "summaries start in columns \(columns.sorted())")
        let log = lines.first { $0.contains("--login-failure-window") }
        #expect(log != nil)
    }
}
