import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// What the world forgets when an account is deleted (review finding H1): the closed room is
/// that pet object, not its id; pending events of its pets and the treats it gave go too.
@Suite struct PetRemovalTests {
    @Test func aClosedRoomIsThatPetNotItsID() async throws {
        let store = MemoryStore()
        let alice = try await store.createAccount(name: "Alice", passwordHash: "a", isAdmin: false, createdAt: 0)
        let world = try await World.load(from: store)
        let pip = try await world.adopt(name: "Pip", species: .cat, ownerID: alice.id, ownerName: "Alice")
        #expect(world.removeAccount(alice.id, petIDs: [pip.id]).map { $0 === pip } == [true])
        #expect(world.pets.isRetired(pip))
        world.pets.setVisitors(pip.id, count: 1, pet: pip)
        #expect(world.pets.visitorCount(pip.id) == 0)
        // Another pet object with the same id (as a store that reused ids would make) is open.
        let record = PetRecord(id: pip.id, name: "Rex", species: "dog", ownerID: 99, bornTick: 0, hunger: 250, hungerTick: 0)
        let rex = world.pets.add(record, ownerName: "Bob")
        #expect(!world.pets.isRetired(rex))
        world.pets.setVisitors(rex.id, count: 1, pet: rex)
        #expect(world.pets.visitorCount(rex.id) == 1)
        #expect(world.pets.isRetired(pip))
    }

    @Test func pendingEventsOfDeletedPetsAndTreatsGivenAreForgotten() async throws {
        let store = MemoryStore()
        let alice = try await store.createAccount(name: "Alice", passwordHash: "a", isAdmin: false, createdAt: 0)
        let bob = try await store.createAccount(name: "Bob", passwordHash: "b", isAdmin: false, createdAt: 0)
        let world = try await World.load(from: store)
        let pip = try await world.adopt(name: "Pip", species: .cat, ownerID: alice.id, ownerName: "Alice")
        let rex = try await world.adopt(name: "Rex", species: .dog, ownerID: bob.id, ownerName: "Bob")
        world.events.recordVisit(petID: pip.id, visitor: "Bob", tick: 1)
        world.events.recordTreat(petID: pip.id, giverID: bob.id, giver: "Bob", toOwnPet: false, tick: 1)
        world.events.recordVisit(petID: rex.id, visitor: "Alice", tick: 1)
        world.events.recordTreat(petID: rex.id, giverID: alice.id, giver: "Alice", toOwnPet: false, tick: 1)
        _ = world.removeAccount(alice.id, petIDs: [pip.id])
        #expect(world.events.pending(petIDs: [pip.id], afterTick: 0).isEmpty)
        #expect(world.events.pendingGiven(alice.id) == 0)
        // Bob's pet keeps what Alice did there, and Bob his count.
        #expect(world.events.pending(petIDs: [rex.id], afterTick: 0).count == 2)
        #expect(world.events.pendingGiven(bob.id) == 1)
    }

    @Test func talkHistoryForgetsOnePlace() {
        let history = TalkHistory()
        history.record(.place(.pet(7)), .say, speaker: "Bob", words: "hello Pip", at: 1)
        history.record(.place(.pet(8)), .say, speaker: "Bob", words: "hello Rex", at: 1)
        history.forget(.place(.pet(7)))
        #expect(history.lines(.place(.pet(7))).isEmpty)
        #expect(history.lines(.place(.pet(8))).map(\.words) == ["hello Rex"])
        #expect(history.placeCount == 1)
    }
}
