import Testing
@testable import LivePetStore
@testable import LivePetWorld

@Suite struct WorldTests {
    /// A world over a memory store with one account.
    func makeWorld(tick: Int64 = 0) async throws -> (World, MemoryStore, AccountRecord) {
        let store = MemoryStore(tick: tick)
        let owner = try await store.createAccount(name: "Alice", passwordHash: "$y$x", isAdmin: false, createdAt: 0)
        let world = try await World.load(from: store)
        return (world, store, owner)
    }

    @Test func adoptedPetStartsAt250AndIsFoundByNameIdAndPrefix() async throws {
        let (world, _, owner) = try await makeWorld(tick: 40)
        let pet = try await world.adopt(name: "Fluffy", species: .cat, ownerID: owner.id, ownerName: owner.name)
        let status = await pet.status(at: world.now)
        #expect(status.hunger == 250)
        #expect(status.age == 0)
        #expect(status.hearts == 3)
        #expect(world.pets.pet(named: "fLUFFY") === pet)
        #expect(world.pets.pet(id: pet.id) === pet)
        #expect(world.pets.pets(prefix: "flu", limit: 5).map(\.id) == [pet.id])
    }

    @Test func adoptionRefusesDuplicateAndBadNamesAndMoreThan20LivePets() async throws {
        let (world, _, owner) = try await makeWorld()
        _ = try await world.adopt(name: "Rex", species: .dog, ownerID: owner.id, ownerName: owner.name)
        await #expect(throws: World.AdoptError.nameTaken) {
            try await world.adopt(name: "rex", species: .cat, ownerID: owner.id, ownerName: owner.name)
        }
        await #expect(throws: World.AdoptError.self) {
            try await world.adopt(name: "ab", species: .cat, ownerID: owner.id, ownerName: owner.name)
        }
        for index in 2...20 {
            _ = try await world.adopt(name: "Pet number \(index)", species: .fish, ownerID: owner.id, ownerName: owner.name)
        }
        await #expect(throws: World.AdoptError.tooMany) {
            try await world.adopt(name: "One too many", species: .fox, ownerID: owner.id, ownerName: owner.name)
        }
    }

    @Test func ticksAgeAndStarvePetsInClosedFormWithoutVisitors() async throws {
        let (world, _, owner) = try await makeWorld()
        let pet = try await world.adopt(name: "Nemo", species: .fish, ownerID: owner.id, ownerName: owner.name)
        for _ in 0..<10 { await world.advance() }
        let status = await pet.status(at: world.now)
        #expect(status.age == 10)
        #expect(status.hunger == 300)
        #expect(world.pets.tickTargets(now: world.now).isEmpty)
    }

    @Test func treatsAreSpentRefundedAndRefilled() async throws {
        let (world, _, owner) = try await makeWorld()
        world.treats.open(owner.id)
        #expect(world.treats.count(owner.id) == 5)
        for _ in 0..<5 { #expect(world.treats.take(owner.id)) }
        #expect(!world.treats.take(owner.id))
        world.treats.refund(owner.id)
        #expect(world.treats.count(owner.id) == 1)
        let gained = world.refillTreats(at: 1_000)
        #expect(gained == [owner.id])
        #expect(world.treats.count(owner.id) == 5)
        #expect(world.treats.lastRefill == 1_000)
        world.treats.refund(owner.id)
        #expect(world.treats.count(owner.id) == 5, "never more than 5")
    }

    @Test func checkpointWritesOnlyWhatChangedAndSurvivesReload() async throws {
        let (world, store, owner) = try await makeWorld()
        let pets = try await (0..<3).asyncMap { index in
            try await world.adopt(name: "Pet \(index)", species: .rabbit, ownerID: owner.id, ownerName: owner.name)
        }
        for _ in 0..<4 { await world.advance() }
        let member = RoomMember.detached(name: "Alice")
        #expect(await pets[1].feed(by: member, accountID: owner.id, at: world.now) == .done(before: 270, after: 170))
        world.treats.open(owner.id)
        _ = world.treats.take(owner.id)
        let written = try await world.checkpoint()
        #expect(written.pets == 1)
        #expect(written.treats == 1)
        let again = try await world.checkpoint()
        #expect(again.pets == 0 && again.treats == 0)

        let reloaded = try await World.load(from: store)
        #expect(reloaded.now == 4)
        #expect(reloaded.treats.count(owner.id) == 4)
        let fed = try #require(reloaded.pets.pet(id: pets[1].id))
        #expect(await fed.status(at: reloaded.now).hunger == 170)
        let other = try #require(reloaded.pets.pet(id: pets[0].id))
        #expect(await other.status(at: reloaded.now).hunger == 270)
    }

    @Test func failedCheckpointKeepsChangesForTheNextTry() async throws {
        let (world, _, owner) = try await makeWorld()
        let pet = try await world.adopt(name: "Sparky", species: .phoenix, ownerID: owner.id, ownerName: owner.name)
        _ = await pet.feed(by: .detached(name: "Alice"), accountID: owner.id, at: world.now)
        let failing = World(store: FailingStore(), tick: 0)
        failing.pets.markDirty(PetHungerRow(id: 1, hunger: 10, hungerTick: 0))
        await #expect(throws: StoreError.self) { try await failing.checkpoint() }
        #expect(failing.pets.dirtyCount == 1)
        #expect(world.pets.dirtyCount == 1)
    }

    @Test func ownerOnlyFeedingAndDeadPetsRefuseCare() async throws {
        let (world, _, owner) = try await makeWorld()
        let pet = try await world.adopt(name: "Shelly", species: .seaTurtle, ownerID: owner.id, ownerName: owner.name)
        let stranger = RoomMember.detached(name: "Bob")
        #expect(await pet.feed(by: stranger, accountID: owner.id + 1, at: world.now) == .notOwner)
        #expect(await pet.treat(by: stranger, at: world.now) == .done(before: 250, after: 230))
        for _ in 0...PetState.lifespan { await world.advance() }
        #expect(!pet.isAlive(at: world.now))
        #expect(await pet.feed(by: .detached(name: "Alice"), accountID: owner.id, at: world.now) == .dead)
        #expect(await pet.treat(by: stranger, at: world.now) == .dead)
        #expect(await pet.status(at: world.now).age == 10_001)
    }

    @Test func pagingListsEveryPetOnceAndFiltersLiveDeadMinePrefix() async throws {
        let (world, store, owner) = try await makeWorld()
        let other = try await store.createAccount(name: "Bob", passwordHash: "$y$x", isAdmin: false, createdAt: 0)
        for index in 0..<17 {
            _ = try await world.adopt(name: "Old \(index)", species: .cat, ownerID: owner.id, ownerName: owner.name)
        }
        for _ in 0..<5_001 { await world.advance() }
        for index in 0..<18 {
            _ = try await world.adopt(name: "Young \(index)", species: .dog, ownerID: other.id, ownerName: other.name)
        }
        for _ in 0..<5_001 { await world.advance() }  // the old ones die, the young live
        var seen: [Int64] = []
        var page = 1
        while true {
            let (pets, hasMore) = world.pets.page(.all, page: page, pageSize: 10, now: world.now)
            #expect(pets.count <= 10)
            seen += pets.map(\.id)
            if !hasMore { break }
            page += 1
        }
        #expect(seen.count == 35)
        #expect(Set(seen).count == 35)
        #expect(world.pets.page(.dead, page: 1, pageSize: 50, now: world.now).pets.count == 17)
        #expect(world.pets.page(.live, page: 1, pageSize: 50, now: world.now).pets.count == 18)
        #expect(world.pets.page(.mine(ownerID: other.id), page: 2, pageSize: 10, now: world.now).pets.count == 8)
        let prefixed = world.pets.page(.prefix("young 1"), page: 1, pageSize: 50, now: world.now).pets
        #expect(prefixed.count == 9)  // "Young 1", "Young 10"..."Young 17"
    }
}

/// A store whose checkpoints always fail, like a full disk.
actor FailingStore: WorldStore {
    func loadWorld() -> WorldSnapshot { WorldSnapshot(tick: 0, pets: [], ownerNames: [:]) }
    func insertPet(_ pet: PetRecord, maxLive: Int) throws -> PetRecord { throw StoreError(.io, "disk full") }
    func write(_ checkpoint: Checkpoint) throws { throw StoreError(.io, "disk full") }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
