import Testing
@testable import LivePet

/// Pets as players meet them: adoption, rooms, ticks, feeding, treats, death and listings.
@Suite struct PetRoomTests {
    @Test func tickLinesReachExactlyTheRoomsSessions() async throws {
        try await PetWorldFixture.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            let carol = try await fixture.player("Carol")
            try await alice.run("adopt Fluffy cat", expecting: "You adopt Fluffy the cat")
            try await alice.run("adopt Rex dog", expecting: "You adopt Rex the dog")
            try await alice.run("visit Fluffy", expecting: "Fluffy the cat (#1), cared for by Alice.")
            try await bob.run("visit #1", expecting: "Visiting: Alice.")
            try await carol.run("visit Rex", expecting: "Rex the dog (#2)")

            await fixture.advance()
            try await alice.readUntil("[Fluffy] age 1, hunger 255/500, ♥♥♥♡♡ content\n")
            try await bob.readUntil("[Fluffy] age 1, hunger 255/500")
            try await carol.readUntil("[Rex] age 1, hunger 255/500")
            // Nothing of Fluffy's ever reaches Carol: her next answer comes with no Fluffy line before it.
            let who = try await carol.run("who", expecting: "3 players online.")
            #expect(!who.contains("Fluffy]"))
            #expect(who.contains("Rex's room"))
            #expect(who.contains("Fluffy's room"))
        }
    }

    @Test func ticksOffHidesStatusLinesForThatSessionOnly() async throws {
        try await PetWorldFixture.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            try await alice.run("adopt Nemo fish", expecting: "You adopt Nemo")
            try await alice.run("visit Nemo", expecting: "Nemo the fish")
            try await bob.run("visit Nemo", expecting: "Visiting: Alice.")
            try await bob.run("ticks off", expecting: "Pet status lines are off.")
            await fixture.advance(2)
            try await alice.readUntil("[Nemo] age 2")
            let look = try await bob.run("look", expecting: "Age 2 ticks")
            #expect(!look.contains("[Nemo]"))
            try await bob.run("ticks on", expecting: "Pet status lines are on.")
            await fixture.advance()
            try await bob.readUntil("[Nemo] age 3")
        }
    }

    @Test func feedingIsForOwnersAndTreatsCostOneAndFloorAtZero() async throws {
        try await PetWorldFixture.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            try await alice.run("adopt Shelly sea turtle", expecting: "You adopt Shelly the sea turtle")
            try await bob.run("visit Shelly", expecting: "Shelly the sea turtle")
            try await bob.run("feed", expecting: "Only Alice can feed Shelly.")
            try await alice.run("feed Shelly", expecting: "You feed Shelly. Hunger 250 → 150.")
            try await bob.readUntil("Alice feeds Shelly. Shelly is happy (hunger 150/500")
            try await alice.run("feed Shelly", expecting: "Hunger 150 → 50.")
            try await alice.run("feed Shelly", expecting: "Hunger 50 → 0.")
            let treat = try await bob.run("treat", expecting: "You give Shelly a treat.")
            #expect(treat.contains("Hunger 0 → 0. You have 4 treats left."))
            try await bob.run("treats", expecting: "You hold 4 of 5 treats.")
            for left in (0...3).reversed() {
                try await bob.run("treat Shelly", expecting: "You have \(left) treat")
            }
            try await bob.run("treat Shelly", expecting: "You have no treats left.")
        }
    }

    @Test func deadPetsAreQuietMemorialsThatRefuseCare() async throws {
        try await PetWorldFixture.run { fixture in
            let alice = try await fixture.player("Alice")
            try await alice.run("adopt Old Timer cat", expecting: "You adopt Old Timer")
            await fixture.advance(Int(PetState.lifespan))
            try await alice.run("visit Old Timer", expecting: "Age 10000 ticks")
            await fixture.advance()
            try await alice.readUntil("Old Timer has died peacefully of old age")
            await fixture.advance(3)
            let look = try await alice.run("look", expecting: "lived 10001 ticks")
            #expect(!look.contains("[Old Timer]"), "a dead pet never ticks")
            #expect(!look.contains("has died"), "the death is told once")
            try await alice.run("feed", expecting: "has passed away and no longer needs food")
            try await alice.run("treat", expecting: "your treat stays in your pocket")
            try await alice.run("treats", expecting: "You hold 5 of 5 treats.")
            try await alice.run("pets dead", expecting: "Old Timer")
        }
    }

    @Test func guestsLookAroundButCannotAdoptFeedOrTreat() async throws {
        try await PetWorldFixture.run { fixture in
            let alice = try await fixture.player("Alice")
            try await alice.run("adopt Pip rabbit", expecting: "You adopt Pip")
            let guest = try await TestClient.connect(port: fixture.server.port)
            try await guest.readUntil(TestClient.namePrompt)
            try await guest.send("guest")
            try await guest.readUntil("] > ")
            try await guest.run("adopt Mine cat", expecting: "Guests can look around and chat, but not adopt pets.")
            try await guest.run("visit Pip", expecting: "Pip the rabbit")
            try await guest.run("treat", expecting: "Guests can look around and chat, but not give treats.")
            try await guest.run("feed", expecting: "Guests can look around and chat, but not feed pets.")
        }
    }

    @Test func petsListsBusiestFirstThenPagesThroughTheRest() async throws {
        try await PetWorldFixture.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            for index in 1...20 {
                try await alice.run("adopt Pet \(String(format: "%02d", index)) fish", expecting: "You adopt Pet")
            }
            try await alice.run("adopt Extra", expecting: "You already care for 20 live pets")
            try await bob.run("visit Pet 17", expecting: "Pet 17 the fish")
            let first = try await alice.run("pets", expecting: "More: pets 2")
            let rows = first.split(separator: "\n").filter { $0.contains("#") }
            #expect(rows.count == 15)
            #expect(rows.first?.contains("Pet 17") == true && rows.first?.contains("[1 visiting]") == true)
            let second = try await alice.run("pets 2", expecting: "Page 2, the last.")
            #expect(second.split(separator: "\n").filter { $0.contains("#") }.count == 5)
            #expect(!second.contains("Pet 17"))
            let mine = try await alice.run("pets mine 2", expecting: "Page 2, the last.")
            #expect(mine.split(separator: "\n").filter { $0.contains("#") }.count == 5)
            // A trailing number is the page, so the prefix "pet 1" needs one: Pet 10 to Pet 19.
            let prefix = try await bob.run("pets pet 1 1", expecting: "Page 1, the last.")
            #expect(prefix.split(separator: "\n").filter { $0.contains("#") }.count == 10)
        }
    }
}
