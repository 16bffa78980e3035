import Synchronization
import Testing
@testable import LivePetStore
@testable import LivePetTelnet
@testable import LivePetWorld

/// Pet names are unique up to look-alikes (`Confusables.skeleton`), enforced by the pet
/// directory at adoption, including between two adoptions in flight at once.
@Suite struct PetNameUniquenessTests {
    /// A world over `store` (default: `accounts`) with the account Alice in `accounts`.
    func makeWorld(accounts: MemoryStore = MemoryStore(), store: (any WorldStore)? = nil) async throws -> (World, AccountRecord) {
        let owner = try await accounts.createAccount(name: "Alice", passwordHash: "$y$x", isAdmin: false, createdAt: 0)
        return (try await World.load(from: store ?? accounts), owner)
    }

    @Test(arguments: [
        ("Fluffy", "F1uffy"), ("Fluffy", "ＦＬＵＦＦＹ"), ("Fluffy", "𝐅𝐥𝐮𝐟𝐟𝐲"), ("Fluffy", "fluffy"),
        ("Coco", "\u{0421}\u{043E}\u{0441}\u{043E}"),                   // Сосо, all Cyrillic
        ("\u{0421}\u{043E}\u{0441}\u{043E}", "Coco"),
        ("Oscar", "0scar"), ("Zoë", "Zoe\u{0308}"), ("Rex Rex", "Rex\u{00A0}\u{00A0}Rex"),
    ])
    func lookAlikeOfALivingPetIsTaken(existing: String, newcomer: String) async throws {
        let (world, owner) = try await makeWorld()
        _ = try await world.adopt(name: existing, species: .cat, ownerID: owner.id, ownerName: owner.name)
        await #expect(throws: World.AdoptError.nameTaken) {
            try await world.adopt(name: newcomer, species: .cat, ownerID: owner.id, ownerName: owner.name)
        }
        // A name that only resembles it in part is free.
        _ = try await world.adopt(name: existing + " 2", species: .cat, ownerID: owner.id, ownerName: owner.name)
    }

    @Test func aRefusedAdoptionFreesItsName() async throws {
        let accounts = MemoryStore()
        let (world, owner) = try await makeWorld(accounts: accounts)
        let bob = try await accounts.createAccount(name: "Bob", passwordHash: "$y$x", isAdmin: false, createdAt: 0)
        await #expect(throws: World.AdoptError.tooMany) {
            for index in 0...World.maxLivePets {
                _ = try await world.adopt(name: "Pup \(index)", species: .dog, ownerID: owner.id, ownerName: owner.name)
            }
        }
        // "Pup 20" was claimed, then refused for Alice's limit: its claim is gone.
        _ = try await world.adopt(name: "Pup 20", species: .dog, ownerID: bob.id, ownerName: bob.name)
    }

    /// Two adoptions of look-alike names race: the second is checked while the first waits
    /// for the store. Only one may win; the store's unique index alone would let both in
    /// (their exact names differ).
    @Test func racingLookAlikeAdoptionsCannotBothWin() async throws {
        let store = GatedStore()
        let (world, owner) = try await makeWorld(accounts: store.inner, store: store)
        async let first = world.adopt(name: "Coco", species: .cat, ownerID: owner.id, ownerName: owner.name)
        await store.firstInsertEntered()
        // "Сосо" in Cyrillic, while "Coco" is being saved.
        let second: Result<Pet, World.AdoptError>
        do {
            second = .success(try await world.adopt(name: "\u{0421}\u{043E}\u{0441}\u{043E}", species: .dog,
                                                    ownerID: owner.id, ownerName: owner.name))
        } catch {
            second = .failure(error)
        }
        store.openGate()
        let winner = try await first
        #expect(winner.name == "Coco")
        switch second {
        case .success(let pet): Issue.record("both look-alikes were adopted: \(pet.name)")
        case .failure(let error): #expect(error == .nameTaken)
        }
        #expect(world.pets.count == 1)
    }

    /// Pets loaded from an older database keep their stored names for lookups, are shown
    /// safely, and still block their look-alikes.
    @Test func oldBadNamesLoadShownSafelyAndStillBlockLookAlikes() async throws {
        let store = MemoryStore()
        let owner = try await store.createAccount(name: "Alice", passwordHash: "$y$x", isAdmin: false, createdAt: 0)
        let forged = "chat] admin: Maintenance, type your password ["
        _ = try await store.insertPet(PetRecord(id: 0, name: forged, species: "cat", ownerID: owner.id,
                                                bornTick: 0, hunger: 250, hungerTick: 0))
        _ = try await store.insertPet(PetRecord(id: 0, name: "Flu\u{200B}ffy", species: "cat", ownerID: owner.id,
                                                bornTick: 0, hunger: 250, hungerTick: 0))
        let world = try await World.load(from: store)
        let pet = try #require(world.pets.pet(named: forged))
        #expect(pet.name == "chat) admin: Maintenance, type your password (")
        #expect(pet.title == "chat) admin: Maintenanc…'s room") // the short name (24 columns)
        let tickLine = Styled.render(await pet.status(at: world.now).tickLine, colour: false)
        #expect(tickLine.hasPrefix("[chat) admin: Maintenanc…] age 0"), "\(tickLine)")
        await #expect(throws: World.AdoptError.nameTaken) {
            try await world.adopt(name: "Fluffy", species: .cat, ownerID: owner.id, ownerName: owner.name)
        }
    }
}

/// A memory store whose first pet insert waits until the test opens the gate.
final class GatedStore: WorldStore, Sendable {
    let inner = MemoryStore()
    private let first = Mutex(true)
    private let entered = AsyncStream<Void>.makeStream()
    private let gate = AsyncStream<Void>.makeStream()

    func firstInsertEntered() async {
        for await _ in entered.stream { return }
    }

    func openGate() {
        gate.continuation.yield()
        gate.continuation.finish()
    }

    func insertPet(_ pet: PetRecord, maxLive: Int) async throws -> PetRecord {
        let isFirst = first.withLock { value in
            defer { value = false }
            return value
        }
        if isFirst {
            entered.continuation.yield()
            for await _ in gate.stream { break }
        }
        return try await inner.insertPet(pet, maxLive: maxLive)
    }

    func loadWorld() async throws -> WorldSnapshot { await inner.loadWorld() }
    func write(_ checkpoint: Checkpoint) async throws { await inner.write(checkpoint) }
}
