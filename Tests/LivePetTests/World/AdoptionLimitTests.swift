import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// The 20-live-pet limit when adoptions race: in the world (adoptions in flight count) and in
/// the store's own transaction.
@Suite struct AdoptionLimitTests {
    /// A store whose inserts wait until the test opens the gate, so that two adoptions are
    /// in flight at once; `entered` counts inserts that reached it.
    actor GatedStore: WorldStore {
        let inner = MemoryStore()
        private(set) var entered = 0
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private var open = false
        private var enteredWaiters: [(Int, CheckedContinuation<Void, Never>)] = []

        func loadWorld() async -> WorldSnapshot { await inner.loadWorld() }
        func write(_ checkpoint: Checkpoint) async throws {  await inner.write(checkpoint) }

        func insertPet(_ pet: PetRecord, maxLive: Int) async throws -> PetRecord {
            entered += 1
            for (count, waiter) in enteredWaiters where entered >= count { waiter.resume() }
            enteredWaiters.removeAll { entered >= $0.0 }
            if !open { await withCheckedContinuation { waiters.append($0) } }
            return try await inner.insertPet(pet, maxLive: maxLive)
        }

        func account(_ name: String) async throws -> AccountRecord {
            try await inner.createAccount(name: name, passwordHash: "x", isAdmin: false, createdAt: 0)
        }

        /// Returns once `count` inserts have reached the store.
        func waitForEntered(_ count: Int) async {
            if entered >= count { return }
            await withCheckedContinuation { enteredWaiters.append((count, $0)) }
        }

        func setClosed() { open = false }

        /// Lets every insert through, and wakes whoever waits for inserts to arrive.
        func openGate() {
            open = true
            for waiter in waiters { waiter.resume() }
            waiters.removeAll()
            for (_, waiter) in enteredWaiters { waiter.resume() }
            enteredWaiters.removeAll()
        }
    }

    @Test func adoptionsInFlightCountTowardsTheLimit() async throws {
        let store = GatedStore()
        let owner = try await store.account("Alice")
        let world = World(store: store)
        await store.openGate()
        for index in 0..<(World.maxLivePets - 1) {
            _ = try await world.adopt(name: "Pet \(index)", species: .cat, ownerID: owner.id, ownerName: "Alice")
        }
        await store.setClosed()
        // The twentieth adoption is being saved...
        let first = Task { try await world.adopt(name: "Twentieth", species: .fox, ownerID: owner.id, ownerName: "Alice") }
        await store.waitForEntered(World.maxLivePets)
        // ...so a twenty-first from another connection is refused before it reaches the store.
        let second = Task { try await world.adopt(name: "TwentyFirst", species: .crab, ownerID: owner.id, ownerName: "Alice") }
        let outcome = await withTaskGroup(of: String.self) { group in
            group.addTask {
                do {
                    _ = try await second.value
                    return "adopted"
                } catch {
                    return "\(error)"
                }
            }
            group.addTask {
                await store.waitForEntered(World.maxLivePets + 1)
                return "reached the store"
            }
            let first = await group.next() ?? ""
            await store.openGate()
            await group.waitForAll()
            return first
        }
        #expect(outcome == "\(World.AdoptError.tooMany)")
        _ = try await first.value
        #expect(await store.entered == World.maxLivePets)
        #expect(world.pets.pets(ownedBy: owner.id).count == World.maxLivePets)
        // Once it is saved, the slot it held is not held twice.
        #expect(world.adoptions.trackedKeys == 0)
    }

    @Test func theStoreRefusesATwentyFirstLivePetInItsTransaction() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let owner = try await store.createAccount(name: "Alice", passwordHash: "x", isAdmin: false, createdAt: 0)
            let other = try await store.createAccount(name: "Bob", passwordHash: "x", isAdmin: false, createdAt: 0)
            // One pet long dead (born more than a lifespan ago) does not count.
            _ = try await store.insertPet(PetRecord(id: 0, name: "Old", species: "cat", ownerID: owner.id, bornTick: 0, hunger: 0, hungerTick: 0))
            let now = PetState.lifespan + 50
            for index in 0..<3 {
                _ = try await store.insertPet(PetRecord(id: 0, name: "Young \(index)", species: "cat", ownerID: owner.id, bornTick: now - Int64(index), hunger: 0, hungerTick: now),
                                              maxLive: 3 + 1)
            }
            do {
                _ = try await store.insertPet(PetRecord(id: 0, name: "Fourth", species: "fox", ownerID: owner.id, bornTick: now, hunger: 0, hungerTick: now), maxLive: 3)
                Issue.record("a fourth live pet was saved over a limit of 3")
            } catch let error as StoreError {
                #expect(error.kind == .limitReached)
            }
            // Another owner is not affected, and nothing of the refused pet was written.
            _ = try await store.insertPet(PetRecord(id: 0, name: "Fourth", species: "fox", ownerID: other.id, bornTick: now, hunger: 0, hungerTick: now), maxLive: 3)
            let pets = try await store.loadWorld().pets
            #expect(pets.filter { $0.ownerID == owner.id }.count == 4)
            await store.close()
        }
    }

    @Test func theMemoryStoreKeepsTheSameLimit() async throws {
        let store = MemoryStore()
        let owner = try await store.createAccount(name: "Alice", passwordHash: "x", isAdmin: false, createdAt: 0)
        _ = try await store.insertPet(PetRecord(id: 0, name: "One", species: "cat", ownerID: owner.id, bornTick: 10, hunger: 0, hungerTick: 10), maxLive: 1)
        await #expect(throws: StoreError(.limitReached, "the owner already has 1 live pets")) {
            _ = try await store.insertPet(PetRecord(id: 0, name: "Two", species: "cat", ownerID: owner.id, bornTick: 10, hunger: 0, hungerTick: 10), maxLive: 1)
        }
    }
}
