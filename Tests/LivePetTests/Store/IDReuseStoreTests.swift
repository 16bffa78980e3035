import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// Review finding H1: an id of a deleted pet or account is never given to a new one, in
/// both stores, and in SQLite across a restart (the high-water mark in `world`).
@Suite struct IDReuseStoreTests {
    typealias AnyStore = AccountStore & WorldStore

    static func pet(_ name: String, owner: Int64) -> PetRecord {
        PetRecord(id: 0, name: name, species: "cat", ownerID: owner, bornTick: 0, hunger: 250, hungerTick: 0)
    }

    /// Carol, then Alice (the largest account id) with the largest pet ids; Alice is deleted.
    /// Returns the ids Alice and her pets had.
    static func deleteTheNewest(_ store: any AnyStore) async throws -> (account: Int64, pets: [Int64]) {
        let carol = try await store.createAccount(name: "Carol", passwordHash: "c", isAdmin: false, createdAt: 1)
        _ = try await store.insertPet(pet("Kit", owner: carol.id))
        let alice = try await store.createAccount(name: "Alice", passwordHash: "a", isAdmin: false, createdAt: 1)
        let pip = try await store.insertPet(pet("Pip", owner: alice.id))
        let pop = try await store.insertPet(pet("Pop", owner: alice.id))
        #expect(try await store.deleteAccount(accountID: alice.id) == [pip.id, pop.id])
        return (alice.id, [pip.id, pop.id])
    }

    /// What comes after the deletion gets ids above all of Alice's.
    static func expectFreshIDs(_ store: any AnyStore, after deleted: (account: Int64, pets: [Int64])) async throws {
        let bob = try await store.createAccount(name: "Bob", passwordHash: "b", isAdmin: false, createdAt: 2)
        #expect(bob.id > deleted.account)
        let rex = try await store.insertPet(pet("Rex", owner: bob.id))
        #expect(rex.id > (deleted.pets.max() ?? 0))
        // The name of a deleted pet is free, its id is not.
        let pip = try await store.insertPet(pet("Pip", owner: bob.id))
        #expect(pip.id > rex.id)
        #expect(try await store.loadWorld().pets.filter { deleted.pets.contains($0.id) }.isEmpty)
    }

    @Test func memoryStoreNeverGivesADeletedID() async throws {
        let store = MemoryStore()
        let deleted = try await Self.deleteTheNewest(store)
        try await Self.expectFreshIDs(store, after: deleted)
    }

    @Test func sqliteStoreNeverGivesADeletedID() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let deleted = try await Self.deleteTheNewest(store)
            try await Self.expectFreshIDs(store, after: deleted)
            await store.close()
        }
    }

    @Test func sqliteStoreNeverGivesADeletedIDAfterARestart() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            var store = try await SQLiteStore.open(path: path)
            let deleted = try await Self.deleteTheNewest(store)
            await store.close()
            store = try await SQLiteStore.open(path: path)
            try await Self.expectFreshIDs(store, after: deleted)
            await store.close()
            // A second deletion only raises the marks (Bob's ids now), never lowers them.
            store = try await SQLiteStore.open(path: path)
            let bob = try #require(try await store.account(named: "Bob"))
            let bobsPets = try await store.loadWorld().pets.filter { $0.ownerID == bob.id }.map(\.id)
            _ = try await store.deleteAccount(accountID: bob.id)
            await store.close()
            store = try await SQLiteStore.open(path: path)
            let dave = try await store.createAccount(name: "Dave", passwordHash: "d", isAdmin: false, createdAt: 3)
            #expect(dave.id > bob.id)
            #expect(try await store.insertPet(Self.pet("Dot", owner: dave.id)).id > (bobsPets.max() ?? 0))
            await store.close()
        }
    }

    /// Seeding (benchmarks) numbers its rows after deleted ones too.
    @Test func seedingNumbersAfterDeletedIDs() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let deleted = try await Self.deleteTheNewest(store)
            try await store.seed(pets: 3, users: 2, tick: 10, passwordHash: "h", createdAt: 1)
            let world = try await store.loadWorld()
            let seededOwners = Set(world.ownerNames.filter { $0.value.hasPrefix("user") }.keys)
            #expect(seededOwners.count == 2 && seededOwners.allSatisfy { $0 > deleted.account })
            let seeded = world.pets.filter { $0.name.hasPrefix("Pet-") }
            #expect(seeded.count == 3 && seeded.allSatisfy { $0.id > (deleted.pets.max() ?? 0) })
            await store.close()
        }
    }
}
