import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// One-time passwords and deleting an account, against both stores.
@Suite struct AccountCareStoreTests {
    static func check(_ store: any AdminStore & AccountStore & WorldStore) async throws {
        let alice = try await store.createAccount(name: "Alice", passwordHash: "h1", isAdmin: true, createdAt: 1)
        let bob = try await store.createAccount(name: "Bob", passwordHash: "b", isAdmin: false, createdAt: 1)
        try await store.resetPassword(accountID: alice.id, hash: "once", expiresAt: 500)
        var read = try #require(try await store.account(named: "alice"))
        #expect(read.passwordHash == "once" && read.passwordResetExpires == 500)
        try await store.setPasswordHash(accountID: alice.id, hash: "h2")
        read = try #require(try await store.account(named: "alice"))
        #expect(read.passwordHash == "h2" && read.passwordResetExpires == nil)
        await #expect(throws: StoreError.self) { try await store.resetPassword(accountID: 999, hash: "x", expiresAt: 1) }

        let pip = try await store.insertPet(PetRecord(id: 0, name: "Pip", species: "cat", ownerID: alice.id, bornTick: 0, hunger: 250, hungerTick: 0))
        let rex = try await store.insertPet(PetRecord(id: 0, name: "Rex", species: "dog", ownerID: alice.id, bornTick: 0, hunger: 250, hungerTick: 0))
        _ = try await store.insertPet(PetRecord(id: 0, name: "Bobby", species: "fish", ownerID: bob.id, bornTick: 0, hunger: 250, hungerTick: 0))
        try await store.addBan(BanRecord(kind: .name, target: "alice", createdAt: 1, expiresAt: 2, admin: "Root"))
        try await store.addBan(BanRecord(kind: .name, target: "carol", createdAt: 1, expiresAt: nil, admin: "Root"))

        #expect(try await store.deleteAccount(accountID: alice.id) == [pip.id, rex.id])
        #expect(try await store.account(named: "Alice") == nil)
        let world = try await store.loadWorld()
        #expect(world.pets.map(\.name) == ["Bobby"])
        #expect(world.ownerNames[alice.id] == nil)
        // A ban on the name outlives the character (review L4: deleting it raced with `ban`).
        #expect(try await store.activeBans(now: 0).map(\.target) == ["alice", "carol"])
        await #expect(throws: StoreError.self) { try await store.deleteAccount(accountID: alice.id) }
        // The name is free again for a new account (logging in as it is the ban's business).
        let again = try await store.createAccount(name: "alice", passwordHash: "n", isAdmin: false, createdAt: 3)
        #expect(again.isAdmin == false)
        _ = try await store.insertPet(PetRecord(id: 0, name: "Pip", species: "cat", ownerID: again.id, bornTick: 0, hunger: 250, hungerTick: 0))
    }

    @Test func memoryStore() async throws {
        try await Self.check(MemoryStore())
    }

    @Test func sqliteStore() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            try await Self.check(store)
            await store.close()
        }
    }
}
