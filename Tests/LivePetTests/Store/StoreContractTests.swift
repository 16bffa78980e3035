import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// Behaviour both stores must share; every test runs against each of them.
@Suite struct StoreContractTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, memory
        var testDescription: String { rawValue }
    }

    typealias AnyStore = AccountStore & WorldStore

    private func withStore(_ kind: Kind, _ body: (any AnyStore) async throws -> Void) async throws {
        switch kind {
        case .memory:
            try await body(MemoryStore())
        case .sqlite:
            try await withTemporaryDirectory { dir in
                let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
                try await body(store)
                await store.close()
            }
        }
    }

    private static func pet(_ name: String, owner: Int64, hunger: Int = 100) -> PetRecord {
        PetRecord(id: 0, name: name, species: "cat", ownerID: owner, bornTick: 10, hunger: hunger, hungerTick: 10)
    }

    @Test(arguments: Kind.allCases)
    func findsAccountsIgnoringCase(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let created = try await store.createAccount(name: "Alice", passwordHash: "$y$hash", isAdmin: true, createdAt: 1_700_000_000)
            #expect(created.name == "Alice")
            #expect(created.treats == 5)
            #expect(created.isAdmin)
            #expect(try await store.account(named: "alice") == created)
            #expect(try await store.account(named: "ALICE") == created)
            #expect(try await store.account(named: "bob") == nil)
        }
    }

    @Test(arguments: Kind.allCases)
    func rejectsADuplicateAccountNameIgnoringCase(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let first = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            await #expect(throws: StoreError(.nameTaken, "an account with that name already exists")) {
                _ = try await store.createAccount(name: "aLiCe", passwordHash: "h2", isAdmin: false, createdAt: 2)
            }
            #expect(try await store.account(named: "alice") == first)
            let second = try await store.createAccount(name: "Bob", passwordHash: "h", isAdmin: false, createdAt: 3)
            #expect(second.id != first.id)
        }
    }

    @Test(arguments: Kind.allCases)
    func changesAPasswordHash(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let account = try await store.createAccount(name: "Alice", passwordHash: "old", isAdmin: false, createdAt: 1)
            try await store.setPasswordHash(accountID: account.id, hash: "new")
            #expect(try await store.account(named: "Alice")?.passwordHash == "new")
            let error = await #expect(throws: StoreError.self) {
                try await store.setPasswordHash(accountID: 999, hash: "x")
            }
            #expect(error?.kind == .notFound)
        }
    }

    @Test(arguments: Kind.allCases)
    func insertsPetsWithUniqueNames(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let owner = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            let rex = try await store.insertPet(Self.pet("Rex", owner: owner.id))
            #expect(rex.id > 0)
            #expect(rex.name == "Rex")
            let error = await #expect(throws: StoreError.self) {
                _ = try await store.insertPet(Self.pet("REX", owner: owner.id))
            }
            #expect(error?.kind == .nameTaken)
            let orphan = await #expect(throws: StoreError.self) {
                _ = try await store.insertPet(Self.pet("Nobody", owner: 12345))
            }
            #expect(orphan?.kind == .notFound)
            let world = try await store.loadWorld()
            #expect(world.pets == [rex])
            #expect(world.ownerNames == [owner.id: "Alice"])
        }
    }

    @Test(arguments: Kind.allCases)
    func checkpointWritesOnlyTheRowsGiven(_ kind: Kind) async throws {
        try await withStore(kind) { store in
            let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            let bob = try await store.createAccount(name: "Bob", passwordHash: "h", isAdmin: false, createdAt: 1)
            let a = try await store.insertPet(Self.pet("A", owner: alice.id, hunger: 100))
            let b = try await store.insertPet(Self.pet("B", owner: bob.id, hunger: 200))

            try await store.write(Checkpoint(
                tick: 500,
                pets: [PetHungerRow(id: a.id, hunger: 0, hungerTick: 490), PetHungerRow(id: 9999, hunger: 1, hungerTick: 1)],
                treats: [alice.id: 2]
            ))

            let world = try await store.loadWorld()
            #expect(world.tick == 500)
            var expectedA = a
            expectedA.hunger = 0
            expectedA.hungerTick = 490
            #expect(world.pets == [expectedA, b])
            #expect(try await store.account(named: "alice")?.treats == 2)
            #expect(try await store.account(named: "bob")?.treats == 5)
        }
    }
}
