import Testing
@testable import LivePetSupport
@testable import LivePetWorld

/// Pets as players meet them: adoption, rooms, ticks, feeding, treats, death and listings.
@Suite struct PetRoomTests {
    @Test func tickLinesReachExactlyTheRoomsSessions() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            let carol = try await fixture.player("Carol")
            for client in [alice, bob, carol] { try await client.everyTick() }
            try await alice.command("adopt Fluffy cat", until: "You adopt Fluffy the cat")
            try await alice.command("adopt Rex dog", until: "You adopt Rex the dog")
            try await alice.command("visit Fluffy", until: "Fluffy the cat (#1), cared for by Alice.")
            try await bob.command("visit #1", until: "Visiting: Alice.")
            try await carol.command("visit Rex", until: "Rex the dog (#2)")

            await fixture.advance()
            try await alice.readUntil("[Fluffy] age 1, hunger 255/500, ♥♥♥♡♡ content\n")
            try await bob.readUntil("[Fluffy] age 1, hunger 255/500")
            try await carol.readUntil("[Rex] age 1, hunger 255/500")
            // Nothing of Fluffy's ever reaches Carol: her next answer comes with no Fluffy line before it.
            let who = try await carol.command("who", until: "3 players online.")
            #expect(!who.contains("Fluffy]"))
            #expect(who.contains("Rex's room"))
            #expect(who.contains("Fluffy's room"))
        }
    }

    @Test func aTickSpreadOverSlicesReachesEveryRoomOnce() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            let carol = try await fixture.player("Carol")
            for client in [alice, bob, carol] { try await client.everyTick() }
            try await alice.command("adopt Pip cat", until: "You adopt Pip the cat")
            try await alice.command("adopt Rex dog", until: "You adopt Rex the dog")
            try await alice.command("adopt Nemo fish", until: "You adopt Nemo the fish")
            try await alice.command("visit Pip", until: "Pip the cat (#1)")
            try await bob.command("visit Rex", until: "Rex the dog (#2)")
            try await carol.command("visit Nemo", until: "Nemo the fish (#3)")

            // Three rooms in two slices, timed by a manual clock: two rooms at once, the third
            // exactly when the second slice's share of the spread has passed.
            let clock = ManualClock()
            let tick = Task { await fixture.services.world.advance(spreadOver: .milliseconds(40), slices: 2, timer: clock) }
            let status = [(alice, "[Pip] age 1, hunger 255/500"), (bob, "[Rex] age 1, hunger 255/500"), (carol, "[Nemo] age 1, hunger 255/500")]
            let reached = { status.filter { $0.0.rawReceived.containsText($0.1) }.count }
            try await fixture.waitUntil("the first slice reached two rooms") { reached() == 2 }
            try await fixture.waitUntil("the second slice waits for the clock") { clock.sleeperCount == 1 }
            clock.advance(by: .milliseconds(19))
            #expect(clock.sleeperCount == 1, "the second slice went early")
            clock.advance(by: .milliseconds(1))
            await tick.value
            for (client, line) in status { try await client.readUntil(line) }
            await fixture.advance()
            for (client, pet) in [(alice, "Pip"), (bob, "Rex"), (carol, "Nemo")] {
                let between = try await client.readUntil("[\(pet)] age 2")
                #expect(!between.contains("age 1"))
            }
        }
    }

    @Test func ticksOffHidesStatusLinesForThatSessionOnly() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            try await alice.everyTick()
            try await alice.command("adopt Nemo fish", until: "You adopt Nemo")
            try await alice.command("visit Nemo", until: "Nemo the fish")
            try await bob.command("visit Nemo", until: "Visiting: Alice.")
            try await bob.command("ticks off", until: "Pet status lines: off.")
            await fixture.advance(2)
            try await alice.readUntil("[Nemo] age 2")
            let look = try await bob.command("look", until: "Age 2 ticks")
            #expect(!look.contains("[Nemo]"))
            try await bob.command("ticks on", until: "Pet status lines: all.")
            await fixture.advance()
            try await bob.readUntil("[Nemo] age 3")
        }
    }

    @Test func feedingIsForOwnersAndTreatsCostOneAndFloorAtZero() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            try await alice.command("adopt Shelly sea turtle", until: "You adopt Shelly the sea turtle")
            try await bob.command("visit Shelly", until: "Shelly the sea turtle")
            try await bob.command("feed", until: "Only Alice can feed Shelly.")
            try await alice.command("feed Shelly", until: "You feed Shelly. Hunger 250 → 150.")
            try await bob.readUntil("Alice feeds Shelly. Shelly is happy (hunger 150/500")
            try await alice.command("feed Shelly", until: "Hunger 150 → 50.")
            try await alice.command("feed Shelly", until: "Hunger 50 → 0.")
            let treat = try await bob.command("treat", until: "You give Shelly a treat.")
            #expect(treat.contains("Hunger 0 → 0. You have 4 treats left."))
            // The prompt is reused while nothing in it changes, and made again when it does.
            #expect(treat.hasSuffix("[Shelly ♥♥♥♥♥, 4 treats] > "))
            #expect(try await bob.command("treats", until: "You hold 4 of 5 treats.").hasSuffix("[Shelly ♥♥♥♥♥, 4 treats] > "))
            for left in (0...3).reversed() {
                let answer = try await bob.command("treat Shelly", until: "You have \(left) treat")
                #expect(answer.hasSuffix("[Shelly ♥♥♥♥♥, \(left) treat\(left == 1 ? "" : "s")] > "))
            }
            try await bob.command("treat Shelly", until: "You have no treats left.")
            #expect(try await bob.command("leave", until: "Lobby").hasSuffix("[Lobby, 0 treats] > "))
        }
    }

    @Test func deadPetsAreQuietMemorialsThatRefuseCare() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            try await alice.command("adopt Old Timer cat", until: "You adopt Old Timer")
            await fixture.advance(Int(PetState.lifespan))
            try await alice.command("visit Old Timer", until: "Age 10,000 ticks")
            await fixture.advance()
            try await alice.readUntil("Old Timer has died peacefully of old age")
            await fixture.advance(3)
            let look = try await alice.command("look", until: "lived 10,000 ticks")
            #expect(!look.contains("[Old Timer]"), "a dead pet never ticks")
            #expect(!look.contains("has died"), "the death is told once")
            try await alice.command("feed", until: "has passed away and no longer needs food")
            try await alice.command("treat", until: "your treat stays in your pocket")
            try await alice.command("treats", until: "You hold 5 of 5 treats.")
            try await alice.command("pets dead", until: "Old Timer")
        }
    }

    @Test func guestsLookAroundButCannotAdoptFeedOrTreat() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            try await alice.command("adopt Pip rabbit", until: "You adopt Pip")
            let guest = try await fixture.connect()
            try await guest.loginGuest()
            try await guest.command("adopt Mine cat", until: "Guests can look around and chat, but not adopt pets.")
            try await guest.command("visit Pip", until: "Pip the rabbit")
            try await guest.command("treat", until: "Guests can look around and chat, but not give treats.")
            try await guest.command("feed", until: "Guests can look around and chat, but not feed pets.")
        }
    }

    @Test func petsListsBusiestFirstThenPagesThroughTheRest() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            for index in 1...20 {
                try await alice.command("adopt Pet \(String(format: "%02d", index)) fish", until: "You adopt Pet")
            }
            try await alice.command("adopt Extra", until: "You already care for 20 live pets")
            try await bob.command("visit Pet 17", until: "Pet 17 the fish")
            let first = try await alice.command("pets", until: "More: pets 2")
            let rows = first.split(separator: "\n").filter { $0.contains("#") }
            #expect(first.contains("  Number  Name    Species  Health  Age  Owner  Visiting\n"))
            #expect(rows.count == 15)
            #expect(rows.first?.contains("Pet 17") == true && rows.first?.hasSuffix("       1") == true)
            let second = try await alice.command("pets 2", until: "Page 2, the last.")
            #expect(second.split(separator: "\n").filter { $0.contains("#") }.count == 5)
            #expect(!second.contains("Pet 17"))
            let mine = try await alice.command("pets mine 2", until: "Page 2, the last.")
            #expect(mine.split(separator: "\n").filter { $0.contains("#") }.count == 5)
            // A trailing number is the page, so the prefix "pet 1" needs one: Pet 10 to Pet 19.
            let prefix = try await bob.command("pets pet 1 1", until: "Page 1, the last.")
            #expect(prefix.split(separator: "\n").filter { $0.contains("#") }.count == 10)
        }
    }
}
