import Testing
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld

/// Issue 19's rough edges around pets, end to end: adopting with a species, finding pets,
/// `look` at something, plurals and numbers, and `pets` listings.
@Suite struct PetWordsTests {
    @Test func adoptRefusesAnUnknownSpeciesAndTakesQuotedNames() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let refused = try await alice.command("adopt Nessie dragon", until: "There is no species called \"dragon\".")
                .replacingOccurrences(of: "\n    ", with: " ")
            #expect(refused.contains("Species: cat, crab, dog, fish, fox, phoenix, rabbit, sea_turtle, totoro."))
            #expect(fixture.services.world.pets.count == 0)
            try await alice.command("adopt \"Nessie dragon\" phoenix", until: "You adopt Nessie dragon the phoenix (#1)!")
            try await alice.command("adopt Shelly sea turtle", until: "You adopt Shelly the sea turtle (#2)!")
            try await alice.command("adopt \"Open quote", until: "The closing quote is missing.")
            try await alice.command("adopt \"Mister Whiskers\"", until: "You adopt Mister Whiskers the ")
            #expect(fixture.services.world.pets.count == 3)
        }
    }

    @Test func ambiguousPrefixesListTheirPetsAndExactNamesWin() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            for name in ["Pet20", "Pet21", "Pet2"] { try await alice.command("adopt \(name) cat", until: "You adopt \(name)") }
            try await alice.command("adopt Solo fish", until: "You adopt Solo")
            // "Pet2" is a pet of its own: it wins over the pets it is a prefix of.
            try await alice.command("visit Pet2", until: "This is Pet2 the cat (#3)")
            try await alice.command("leave", until: "Lobby")
            // Ignoring case, too.
            try await alice.command("visit pet2", until: "This is Pet2 the cat (#3)")
            try await alice.command("leave", until: "Lobby")
            let listed = try await alice.command("visit Pet", until: "\"Pet\" could mean: Pet2 (#3), Pet20 (#1), Pet21 (#2).\n")
            #expect(!listed.contains("This is"))
            try await alice.command("feed Pe", until: "\"Pe\" could mean: Pet2 (#3), Pet20 (#1), Pet21 (#2).\n")
            let missing = try await alice.command("visit #999", until: "There is no pet #999.")
            #expect(!missing.contains("pets #999"))
            try await alice.command("visit #x1", until: "\"#x1\" is not a pet number")
            try await alice.command("visit Zebra", until: "There is no pet called Zebra. \"pets\" lists every pet.")
            try await alice.command("visit So", until: "This is Solo the fish (#4)")
        }
    }

    @Test func lookUsesItsArgument() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            try await alice.command("adopt Whiskers cat", until: "You adopt Whiskers")
            try await alice.command("visit Whiskers", until: "Whiskers the cat (#1)")
            try await alice.everyTick()
            await fixture.advance()
            try await alice.readUntil("[Whiskers] age 1")
            let pet = try await bob.command("look whiskers", until: "Age 1 tick, hunger 255/500")
            #expect(pet.contains("This is Whiskers the cat (#1), cared for by Alice."))
            #expect(pet.contains("Visiting: Alice."))
            try await bob.command("look Alice", until: "Alice is visiting Whiskers (#1).\n")
            try await alice.command("afk lunch", until: "You are now AFK")
            try await bob.command("l alice", until: "Alice is visiting Whiskers (#1), AFK: lunch.\n")
            try await alice.command("look Bob", until: "Bob is in the Lobby.\n")
            try await bob.command("look Nobody", until: "There is no pet called Nobody.")
            try await bob.command("look", until: "Busiest pets:")
        }
    }

    @Test func countsAreWordsAndTheLifespanIsOneNumber() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            try await alice.command("adopt Old Timer cat", until: "You adopt Old Timer")
            try await alice.command("pets", until: "1 pet in the world.\n")
            await fixture.advance(Int(PetState.lifespan))
            try await alice.command("visit Old Timer", until: "Age 10,000 ticks, hunger 500/500")
            await fixture.advance()
            let news = try await alice.readUntil("Old Timer.\n").replacingOccurrences(of: "\n    ", with: " ")
            #expect(news.contains("The cat Old Timer has died peacefully of old age, after 10,000 ticks."))
            try await alice.command("look", until: "Here rests Old Timer, who lived 10,000 ticks.")
        }
    }

    @Test func filteredListsCountTheirMatchesAndSayWhenNoneDo() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bob = try await fixture.player("Bob")
            try await bob.command("pets dead", until: "No pet has died yet.\n")
            try await bob.command("pets", until: "No pets yet. Adopt one with: adopt <name> [species]\n")
            try await bob.command("pets mine", until: "You have no pets yet.")
            for name in ["Fern", "Fig", "Moss"] { try await alice.command("adopt \(name) fish", until: "You adopt \(name)") }
            try await bob.command("adopt Bramble cat", until: "You adopt Bramble")
            try await alice.command("pets f", until: "Page 1, the last. 2 of 4 pets in the world.\n")
            try await alice.command("pets mine", until: "Page 1, the last. 3 of 4 pets in the world.\n")
            try await alice.command("pets live", until: "4 of 4 pets in the world.\n")
            try await alice.command("pets dead", until: "No pet has died yet.\n")
            try await alice.command("pets zz", until: "No pet's name starts with \"zz\".")
            try await alice.command("pets", until: "Page 1, the last. 4 pets in the world.\n")
            // At age 10,000 a pet still lives; one tick later it has died.
            await fixture.advance(Int(PetState.lifespan))
            try await alice.command("pets live", until: "4 of 4 pets in the world.\n")
            await fixture.advance()
            try await alice.command("adopt Sprout dog", until: "You adopt Sprout")
            try await alice.command("pets dead", until: "4 of 5 pets in the world.\n")
            try await alice.command("pets live", until: "1 of 5 pets in the world.\n")
            let guest = try await fixture.connect()
            try await guest.loginGuest()
            let guestView = try await guest.command("pets zz", until: "No pet's name starts with")
            #expect(!guestView.contains("Adopt"))
        }
    }

    @Test func listRowsLineUpUnderTheirHeader() async throws {
        try await TestServer.run { fixture in
            let alice = try await fixture.player("Alice")
            let bo = try await fixture.player("Bo")
            try await alice.command("adopt Ancient cat", until: "You adopt Ancient")
            await fixture.advance(Int(PetState.lifespan) + 1)
            try await alice.command("adopt Pip crab", until: "You adopt Pip")
            try await bo.command("adopt Sea Biscuit sea turtle", until: "You adopt Sea Biscuit")
            try await bo.command("visit Pip", until: "Pip the crab")
            let text = try await alice.command("pets", until: "pets in the world.\n")
            // Every cell starts (or, for numbers, ends) under its header; a dead pet's row too.
            #expect(text.contains("  Number  Name         Species     Health     Age  Owner  Visiting\n"
                + "      #2  Pip          crab        ♥♥♥♡♡        0  Alice         1\n"
                + "      #1  Ancient      cat         (dead)  10,000  Alice\n"
                + "      #3  Sea Biscuit  sea turtle  ♥♥♥♡♡        0  Bo\n"
                + "Page 1, the last. 3 pets in the world.\n"), "\(text)")
            try await alice.command("screenreader on", until: "Screen-reader mode is on")
            let spoken = try await alice.command("pets", until: "pets in the world.\n")
            #expect(spoken.contains("Pet Ancient, number 1, cat of Alice, dead at age 10,000.\n"))
            #expect(!spoken.contains("Number"))
        }
    }
}
