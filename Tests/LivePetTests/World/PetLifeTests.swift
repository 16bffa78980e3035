import Testing
@testable import LivePetNet
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld

/// Quiet ticks and reactions without sockets: real pets in a real world over a memory store,
/// members on detached connections (what they are sent stays queued), time in world ticks.
@Suite struct PetLifeTests {
    func makeWorld() async throws -> (World, AccountRecord) {
        let store = MemoryStore()
        let owner = try await store.createAccount(name: "Alice", passwordHash: "$y$x", isAdmin: false, createdAt: 0)
        return (try await World.load(from: store), owner)
    }

    static func member(_ name: String, _ mode: TickMode = .changes) -> RoomMember {
        let member = RoomMember.detached(name: name)
        member.prefs.setTickMode(mode)
        return member
    }

    /// The prompt the connection shows next (after output pushes the current one up).
    static func heldPrompt(_ member: RoomMember) -> String {
        String(decoding: member.connection.outbound.withLock { $0.telnet.prompt }, as: UTF8.self)
    }

    @Test func tickModeHasOneStringFormAndOneParser() {
        for mode in TickMode.allCases { #expect(TickMode(parsing: mode.name) == mode) }
        #expect(TickMode(parsing: " ON ") == .all, "the old habit")
        #expect(TickMode(parsing: "Changes") == .changes)
        #expect(TickMode(parsing: "sometimes") == nil)
        #expect(TickMode.default == .changes)
        #expect(SessionPrefs().tickMode == .changes)
    }

    /// From hunger 250 a pet changes hearts and mood at 300, 400 and 500 (ticks 10, 30, 50),
    /// and then nothing changes until someone feeds it; milestones every 1,000 ticks of age
    /// and every 25 of the last 100.
    @Test func onlyNoticeableTicksAreNotable() {
        let state = PetState(bornTick: 0)
        let notable = (1...2_000).filter { TickNews(state, at: Int64($0)).notable }
        #expect(notable == [10, 30, 50, 1_000, 2_000])
        #expect(TickNews(state, at: 10).newMood == "hungry")
        #expect(TickNews(state, at: 30).newMood == "starving")
        #expect(TickNews(state, at: 50).hearts == 0)
        let late = (9_801...10_000).filter { TickNews.isMilestone(age: Int64($0)) }
        #expect(late == [9_900, 9_925, 9_950, 9_975, 10_000])
        var fed = state
        fed.reduceHunger(by: 100, at: 60)
        #expect(!TickNews(fed, at: 60).notable, "the feeding line told the room already")
        #expect(!TickNews(fed, at: 61).heartsChanged)
    }

    @Test func theRoomsRateLimitLetsOneUnpromptedReactionThroughPerSixTicks() {
        let life = RoomLife(petID: 7, now: 100)
        #expect(life.claimUnprompted(at: 100))
        #expect(!life.claimUnprompted(at: 105))
        #expect(life.claimUnprompted(at: 106))
        life.notePrompted(at: 110)
        #expect(!life.claimUnprompted(at: 115), "a command's reaction counts for the limit")
        #expect(life.claimUnprompted(at: 116))
        #expect(!life.missesOwner(at: 279))
        #expect(life.missesOwner(at: 280))
        life.toldLonely(at: 280)
        #expect(!life.missesOwner(at: 459))
        life.ownerPresent(at: 300)
        #expect(!life.missesOwner(at: 470))
        // Seeded: the same pet and start give the same choices.
        let again = RoomLife(petID: 7, now: 100)
        let other = RoomLife(petID: 7, now: 100)
        #expect((0..<20).map { _ in again.pick(1_000) } == (0..<20).map { _ in other.pick(1_000) })
    }

    @Test func everySpeciesHasItsOwnVoiceForEverything() {
        var seen: [String: Species] = [:]
        for species in Species.allCases {
            for reaction in Reaction.allCases {
                let lines = Reactions.lines(species, reaction)
                #expect(lines.count >= 2, "\(species) \(reaction)")
                for line in lines {
                    if let other = seen[line] { Issue.record("\(species) and \(other) share \"\(line)\"") }
                    seen[line] = species
                    if [.treat, .petted, .played].contains(reaction) {
                        #expect(line.contains("{who}"), "a \(reaction) names who did it: \(line)")
                    }
                }
            }
        }
    }

    /// The longest short name and account name: every row within 80 columns, none starting
    /// with the pet's name, the screen-reader wording plain.
    @Test func reactionLinesAreFramedWrappedAndPlainForScreenReaders() {
        let pet = NameRules.shortPetName(String(repeating: "Ｗ", count: 60))
        for species in Species.allCases {
            for reaction in Reaction.allCases {
                for index in Reactions.lines(species, reaction).indices {
                    let line = Reactions.line(species, reaction, pet: pet, who: "Sixteencharsname", index: index)
                    let shown = Styled.render(line.text, colour: false)
                    for row in shown.split(separator: "\n") {
                        #expect(DisplayWidth.of(String(row)) <= 80, "\(row)")
                    }
                    #expect(shown.hasPrefix("[\(pet)] "))
                    let spoken = try! #require(line.spoken)
                    #expect(spoken.hasPrefix("Pet \(pet) "))
                    #expect(!spoken.contains("{who}") && !spoken.unicodeScalars.contains { (0xE000...0xE008).contains($0.value) })
                }
            }
        }
    }

    @Test func aPetHearsItsCallNameAsAWordOfItsOwn() {
        #expect(Pet.mentions("hi whiskers!", name: "Whiskers"))
        #expect(Pet.mentions("WHISKERS", name: "Whiskers the Great"))
        #expect(!Pet.mentions("whiskersson is here", name: "Whiskers"))
        #expect(!Pet.mentions("nice whisk", name: "Whiskers"))
        #expect(Pet.mentions("look, Zoë", name: "Zoë"))
        #expect(Pet.mentions("hello Mr Ed", name: "Mr Ed"), "a short first word: the whole name")
        #expect(!Pet.mentions("hello Mr", name: "Mr Ed"))
    }

    /// A quiet room: no status line for `changes` between changes, every tick for `all`,
    /// none for `off`; GMCP is not asked for here. The prompt a member will see next follows
    /// the hearts whatever their setting.
    @Test func ticksReachEachMemberByTheirSetting() async throws {
        let (world, owner) = try await makeWorld()
        let pet = try await world.adopt(name: "Mochi", species: .totoro, ownerID: owner.id, ownerName: owner.name)
        let quiet = Self.member("Quiet"), chatty = Self.member("Chatty", .all), off = Self.member("Off", .off)
        for member in [quiet, chatty, off] {
            await pet.enter(member, announce: nil)
            member.connection.sendPrompt(key: RoomPrompt.key(scope: pet.promptScope, treats: -1, hearts: 3, screenReader: false)) {
                RoomPrompt.text(title: pet.shortName, hearts: 3, treats: -1, screenReader: false)
            }
            _ = DetachedConnection.readAvailable(member.connection)
        }
        #expect(quiet.prefs.roomHearts.load(ordering: .relaxed) == 3)
        for _ in 1...9 { await world.advance() }
        let quietNine = DetachedConnection.readAvailable(quiet.connection)
        #expect(!quietNine.contains("[Mochi] age"), "\(quietNine)")
        #expect(DetachedConnection.readAvailable(chatty.connection).components(separatedBy: "[Mochi] age").count - 1 == 9)
        await world.advance()
        let tenth = DetachedConnection.readAvailable(quiet.connection)
        #expect(tenth.contains("[Mochi] age 10, hunger 300/500, ♥♥♡♡♡ hungry"), "\(tenth)")
        #expect(Self.heldPrompt(quiet) == "[Mochi ♥♥♡♡♡] > ", "the prompt comes back with the new hearts")
        #expect(quiet.prefs.roomHearts.load(ordering: .relaxed) == 2)
        let offText = DetachedConnection.readAvailable(off.connection)
        #expect(!offText.contains("Mochi]"), "\(offText)")
        #expect(off.prefs.roomHearts.load(ordering: .relaxed) == 2)
        #expect(Self.heldPrompt(off) == "[Mochi ♥♥♡♡♡] > ", "the next prompt shown to a player with ticks off is the new one")
    }

    /// Arrivals and the name said are unprompted: one per six ticks in the room. Commands'
    /// reactions always show; `ticks off` members get none but their own.
    @Test func reactionsAreRateLimitedExceptThoseCommandsCause() async throws {
        let (world, owner) = try await makeWorld()
        let pet = try await world.adopt(name: "Pip", species: .fox, ownerID: owner.id, ownerName: owner.name)
        let ann = Self.member("Ann"), bob = Self.member("Bob"), off = Self.member("Off", .off)
        await pet.enter(ann, announce: nil)
        await pet.greet(ann)
        let greeting = DetachedConnection.readAvailable(ann.connection)
        #expect(greeting.hasPrefix("[Pip] ") && greeting.contains("Ann"), "\(greeting)")
        await pet.enter(bob, announce: nil)
        await pet.enter(off, announce: nil)
        await pet.greet(bob)
        pet.say(from: ann, text: "pip, look who is here")
        #expect(!DetachedConnection.readAvailable(bob.connection).contains("[Pip]"), "within six ticks of the greeting")
        #expect(await pet.react(.petted, by: bob))
        let petted = DetachedConnection.readAvailable(ann.connection)
        #expect(petted.contains("[Pip] ") && petted.contains("Bob"), "a command's reaction always shows: \(petted)")
        #expect(DetachedConnection.readAvailable(bob.connection).contains("[Pip] "), "the one who did it sees it")
        for _ in 1...5 { await world.advance() }
        pet.say(from: ann, text: "Pip!")
        #expect(!DetachedConnection.readAvailable(bob.connection).contains("[Pip] "), "five ticks after the petting")
        await world.advance()
        pet.emote(from: ann, text: "whistles for pip")
        let named = DetachedConnection.readAvailable(bob.connection)
        #expect(named.contains("[Pip] ") && named.contains("Ann"), "\(named)")
        #expect(!DetachedConnection.readAvailable(off.connection).contains("[Pip] "), "ticks off: no reactions")
        #expect(await pet.react(.played, by: off))
        #expect(DetachedConnection.readAvailable(off.connection).contains("[Pip] "), "but their own command's")
    }

    /// The owner away for 180 ticks while someone visits: the pet misses them, then not
    /// again for another 180.
    @Test func aPetMissesItsOwnerWhileOthersVisit() async throws {
        let (world, owner) = try await makeWorld()
        let pet = try await world.adopt(name: "Rex", species: .dog, ownerID: owner.id, ownerName: owner.name)
        let bob = Self.member("Bob")
        await pet.enter(bob, announce: nil)
        var text = ""
        var reacted: [Int64] = []
        for _ in 1...359 {
            await world.advance()
            let chunk = DetachedConnection.readAvailable(bob.connection)
            if chunk.replacingOccurrences(of: "[Rex] age", with: "").contains("[Rex] ") { reacted.append(world.now) }
            text += chunk
        }
        #expect(zip(reacted, reacted.dropFirst()).allSatisfy { $1 - $0 >= RoomLife.quietTicks }, "\(reacted)")
        let lonely = Reactions.lines(.dog, .lonely).map { text.components(separatedBy: $0).count - 1 }.reduce(0, +)
        #expect(lonely == 1, "once in 359 ticks (not again before 180 more): \(text)")
        // And idle behaviour now and then, never two unprompted reactions within six ticks.
        #expect(Reactions.lines(.dog, .idle).contains { text.contains($0) })
    }

    @Test func nothingForPetsWithoutVisitors() async throws {
        let (world, owner) = try await makeWorld()
        let pet = try await world.adopt(name: "Solo", species: .crab, ownerID: owner.id, ownerName: owner.name)
        #expect(world.pets.life(pet.id) == nil)
        let bob = Self.member("Bob")
        await pet.enter(bob, announce: nil)
        #expect(world.pets.life(pet.id) != nil)
        await pet.leave(bob.sessionID, announce: nil)
        #expect(world.pets.life(pet.id) == nil, "the room's memory goes with its last visitor")
        #expect(world.pets.tickTargets(now: world.now).isEmpty)
    }
}
