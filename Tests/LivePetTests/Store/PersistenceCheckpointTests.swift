import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// A checkpoint writes only what changed since the previous one: the pets fed or treated,
/// the treat counts that moved, and the two world values (tick, last refill).
@Suite struct PersistenceCheckpointTests {
    /// A store with `count` pets, each owned by one of three accounts.
    private func makeWorld(path: String, pets count: Int) async throws -> (SQLiteStore, World, [AccountRecord], [Pet]) {
        let store = try await SQLiteStore.open(path: path)
        let world = try await World.load(from: store)
        var owners: [AccountRecord] = []
        for name in ["Ann", "Ben", "Cat"] {
            owners.append(try await store.createAccount(name: name, passwordHash: "h", isAdmin: false, createdAt: 1))
        }
        var pets: [Pet] = []
        for index in 0..<count {
            let owner = owners[index % owners.count]
            pets.append(try await world.adopt(name: "Pet\(index)", species: .fish, ownerID: owner.id, ownerName: owner.name))
        }
        return (store, world, owners, pets)
    }

    private func counts(_ written: (tick: Int64, pets: Int, treats: Int)) -> [Int] {
        [written.pets, written.treats]
    }

    @Test func writesOnlyTheChangedRows() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let (store, world, owners, pets) = try await makeWorld(path: path, pets: 30)
            await world.advance(ticks: 12)
            #expect(try await counts(world.checkpoint()) == [0, 0])
            let before = try StoredWorld.read(path)
            #expect(before.world["tick"] == 12)

            await world.advance(ticks: 8)
            let ann = try CareGiver(owners[0], sessionID: 1)
            let ben = try CareGiver(owners[1], sessionID: 2)
            // Pet0 fed twice (one row, the latest), Pet3 fed, Pet4 treated by Ann: k = 3.
            #expect(await ann.feed(pets[0], in: world) == .done(before: 350, after: 250))
            #expect(await ann.feed(pets[0], in: world) == .done(before: 250, after: 150))
            #expect(await ann.feed(pets[3], in: world) == .done(before: 350, after: 250))
            #expect(await ann.treat(pets[4], in: world) == .done(before: 350, after: 330))
            #expect(await ben.feed(pets[5], in: world) == .notOwner)  // Pet5 is Cat's: no change
            let changesBefore = try await store.totalChanges()
            let written = try await world.checkpoint()
            #expect(written.pets == 3)
            #expect(written.treats == 1)
            // Rows touched in the database: 3 pets, 1 account, tick and last refill.
            #expect(try await store.totalChanges() - changesBefore == 3 + 1 + 2)

            let after = try StoredWorld.read(path)
            #expect(after.changedPets(since: before) == [pets[0].id, pets[3].id, pets[4].id])
            #expect(after.pets[pets[0].id].map { [$0.hunger, Int($0.hungerTick)] } == [150, 20])
            #expect(after.pets[pets[3].id].map { [$0.hunger, Int($0.hungerTick)] } == [250, 20])
            #expect(after.pets[pets[4].id].map { [$0.hunger, Int($0.hungerTick)] } == [330, 20])
            #expect(after.treats == before.treats.merging([owners[0].id: 4]) { $1 })
            #expect(after.world["tick"] == 20)
            await store.close()
        }
    }

    @Test func anEmptyCheckpointWritesNoPetRows() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let (store, world, owners, pets) = try await makeWorld(path: path, pets: 5)
            let ann = try CareGiver(owners[0])
            _ = await ann.feed(pets[0], in: world)
            #expect(try await counts(world.checkpoint()) == [1, 0])
            let before = try StoredWorld.read(path)

            await world.advance(ticks: 3)
            let changesBefore = try await store.totalChanges()
            #expect(try await counts(world.checkpoint()) == [0, 0])
            #expect(try await store.totalChanges() - changesBefore == 2)  // tick and last refill only
            let after = try StoredWorld.read(path)
            #expect(after.pets == before.pets)
            #expect(after.treats == before.treats)
            #expect(after.world["tick"] == 3)
            await store.close()
        }
    }

    /// A care act on a dead pet changes nothing, so it queues no row.
    @Test func careForADeadPetQueuesNothing() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let (store, world, owners, pets) = try await makeWorld(path: path, pets: 1)
            await world.advance(ticks: Int(PetState.lifespan) + 1)
            let ann = try CareGiver(owners[0])
            #expect(await ann.feed(pets[0], in: world) == .dead)
            #expect(await ann.treat(pets[0], in: world) == .dead)
            #expect(world.pets.dirtyCount == 0)
            let written = try await world.checkpoint()
            #expect(written.pets == 0)
            // The refunded treat leaves Ann's count where it was; writing it again is harmless.
            #expect(world.treats.count(owners[0].id) == TreatBank.maximum)
            await store.close()
        }
    }

    /// A checkpoint that cannot write (the file is busy) keeps its rows queued; the next one
    /// writes them, together with anything newer.
    @Test func aFailedCheckpointKeepsItsRowsForTheNext() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let (store, world, owners, pets) = try await makeWorld(path: path, pets: 3)
            let ann = try CareGiver(owners[0])
            let ben = try CareGiver(owners[1])
            _ = await ann.feed(pets[0], in: world)
            _ = await ben.treat(pets[2], in: world)
            let before = try StoredWorld.read(path)

            // Another program holds SQLite's write lock; the store does not wait (busy_timeout 0).
            let intruder = try Database(path: path)
            try intruder.execute("BEGIN IMMEDIATE")
            let error = await #expect(throws: StoreError.self) { try await world.checkpoint() }
            #expect(error?.kind == .locked)
            #expect(world.pets.dirtyCount == 2)
            try intruder.execute("ROLLBACK")
            intruder.close()
            #expect(try StoredWorld.read(path) == before)

            await world.advance(ticks: 2)
            _ = await ben.feed(pets[1], in: world)
            let written = try await world.checkpoint()
            #expect(written.pets == 3)
            #expect(written.treats == 1)
            let after = try StoredWorld.read(path)
            #expect(after.changedPets(since: before) == Set(pets.map(\.id)))
            #expect(after.treats[owners[1].id] == 4)
            #expect(after.world["tick"] == 2)
            await store.close()
        }
    }
}
