import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// A world saved by a checkpoint comes back exactly: same tick, same ages and hunger, same
/// treats, the dead still dead. In process, through `SQLiteStore` and `World`.
@Suite struct PersistenceWorldRestartTests {
    static let refillTime: Int64 = 1_700_000_000

    private func summary(_ status: PetStatus?) -> String? {
        status.map { "\($0.alive ? "alive" : "dead"), age \($0.age), hunger \($0.hunger)" }
    }

    /// Builds a world with a dead pet, a fed and treated pet and an untouched one, checkpoints
    /// it and returns what it looked like at that moment.
    private func buildAndCheckpoint(path: String) async throws -> (statuses: [Int64: PetStatus], tick: Int64, accounts: [String: AccountRecord]) {
        let store = try await SQLiteStore.open(path: path)
        let world = try await World.load(from: store)
        #expect(world.now == 0)
        let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
        let bob = try await store.createAccount(name: "Bob", passwordHash: "h", isAdmin: false, createdAt: 1)
        let carol = try await store.createAccount(name: "Carol", passwordHash: "h", isAdmin: false, createdAt: 1)
        world.refillTreats(at: Self.refillTime)

        let old = try await world.adopt(name: "Methuselah", species: .totoro, ownerID: bob.id, ownerName: "Bob")
        await world.advance(ticks: 10_001)
        #expect(world.now == 10_001)
        #expect(!old.isAlive(at: world.now))

        let rex = try await world.adopt(name: "Rex", species: .dog, ownerID: alice.id, ownerName: "Alice")
        await world.advance(ticks: 40)
        let aliceHands = try CareGiver(alice, sessionID: 1)
        let bobHands = try CareGiver(bob, sessionID: 2)
        #expect(await aliceHands.feed(rex, in: world) == .done(before: 450, after: 350))
        #expect(await bobHands.feed(rex, in: world) == .notOwner)
        #expect(await bobHands.treat(rex, in: world) == .done(before: 350, after: 330))
        #expect(await aliceHands.treat(rex, in: world) == .done(before: 330, after: 310))
        #expect(await aliceHands.treat(rex, in: world) == .done(before: 310, after: 290))
        #expect(await bobHands.feed(old, in: world) == .dead)
        #expect(await bobHands.treat(old, in: world) == .dead)  // refunded
        let fresh = try await world.adopt(name: "Fresh", species: .seaTurtle, ownerID: carol.id, ownerName: "Carol")
        await world.advance(ticks: 7)

        let tick = world.now
        #expect(tick == 10_048)
        let statuses = await world.statuses()
        // The expected values, worked out by hand from the rules in PetState.
        #expect(summary(statuses[old.id]) == "dead, age 10001, hunger 500")
        #expect(summary(statuses[rex.id]) == "alive, age 47, hunger 325")
        #expect(summary(statuses[fresh.id]) == "alive, age 7, hunger 285")
        #expect(world.treats.count(alice.id) == 3)
        #expect(world.treats.count(bob.id) == 4)
        #expect(world.treats.count(carol.id) == 5)

        let written = try await world.checkpoint()
        #expect(written.pets == 1)  // only Rex changed; adoption itself is written at once
        #expect(written.treats == 2)  // Alice and Bob (Bob's refund keeps him in the set)
        await store.close()
        return (statuses, tick, ["Alice": alice, "Bob": bob, "Carol": carol])
    }

    @Test func checkpointedWorldComesBackExactly() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let saved = try await buildAndCheckpoint(path: path)

            let store = try await SQLiteStore.open(path: path)
            let world = try await World.load(from: store)
            #expect(world.now == saved.tick)
            #expect(await world.statuses() == saved.statuses)
            let ids = saved.accounts.mapValues(\.id)
            #expect(world.treats.count(ids["Alice"]!) == 3)
            #expect(world.treats.count(ids["Bob"]!) == 4)
            #expect(world.treats.count(ids["Carol"]!) == 5)
            #expect(world.treats.lastRefill == Self.refillTime)
            #expect(try await store.account(named: "alice")?.treats == 3)

            // The clock resumes where it stopped; the dead stay dead and cannot be fed.
            let old = try #require(world.pets.pet(named: "Methuselah"))
            let rex = try #require(world.pets.pet(named: "rex"))
            await world.advance(ticks: 100)
            let later = await world.statuses()
            #expect(later[old.id] == saved.statuses[old.id])
            #expect(summary(later[rex.id]) == "alive, age 147, hunger 500")
            let bob = try CareGiver(saved.accounts["Bob"]!)
            #expect(await bob.feed(old, in: world) == .dead)
            #expect(await bob.treat(old, in: world) == .dead)
            #expect(world.treats.count(ids["Bob"]!) == 4)
            await store.close()
        }
    }

    /// Between checkpoints only new accounts and adoptions reach the file: a store closed
    /// without a checkpoint (a crash) comes back with its care and clock as of the last one.
    @Test func changesAfterTheLastCheckpointAreNotWritten() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let saved = try await buildAndCheckpoint(path: path)

            do {
                let store = try await SQLiteStore.open(path: path)
                let world = try await World.load(from: store)
                let rex = try #require(world.pets.pet(named: "Rex"))
                let alice = try CareGiver(saved.accounts["Alice"]!)
                await world.advance(ticks: 3)
                #expect(await alice.feed(rex, in: world) == .done(before: 340, after: 240))
                #expect(await alice.treat(rex, in: world) == .done(before: 240, after: 220))
                _ = try await store.createAccount(name: "Dave", passwordHash: "h", isAdmin: false, createdAt: 2)
                #expect(world.pets.dirtyCount == 1)
                await store.close()  // no checkpoint
            }

            let store = try await SQLiteStore.open(path: path)
            let world = try await World.load(from: store)
            #expect(world.now == saved.tick)
            #expect(await world.statuses() == saved.statuses)
            #expect(world.treats.count(saved.accounts["Alice"]!.id) == 3)
            #expect(try await store.account(named: "dave") != nil)  // accounts are written at once
            await store.close()
        }
    }

    /// A pet adopted after the last checkpoint is stored with a birth tick the saved clock
    /// has not reached. After a crash the clock should resume at least there; otherwise the
    /// pet is "not yet born" (age 0, hunger frozen) until the clock catches up.
    @Test func petAdoptedAfterTheLastCheckpointIsNotBornInTheFuture() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            do {
                let store = try await SQLiteStore.open(path: path)
                let world = try await World.load(from: store)
                let owner = try await store.createAccount(name: "Owner", passwordHash: "h", isAdmin: false, createdAt: 1)
                await world.advance(ticks: 10)
                try await world.checkpoint()
                await world.advance(ticks: 5)
                _ = try await world.adopt(name: "Sprout", species: .rabbit, ownerID: owner.id, ownerName: "Owner")
                await world.advance(ticks: 5)
                #expect(await world.statuses().values.first?.age == 5)
                await store.close()  // a crash: the tick (20) was never checkpointed
            }
            let store = try await SQLiteStore.open(path: path)
            let world = try await World.load(from: store)
            // The adoption itself was durable at once.
            let sprout = try #require(world.pets.pet(named: "Sprout"))
            #expect(sprout.bornTick == 15)
            #expect(sprout.ownerName == "Owner")
            // The clock starts no earlier than the last birth, so the pet is never "not yet born".
            #expect(world.now == sprout.bornTick)
            await store.close()
        }
    }
}
