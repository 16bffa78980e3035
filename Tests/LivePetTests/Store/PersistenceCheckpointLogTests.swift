import Synchronization
import Testing
@testable import LivePet
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetWorld

/// The `checkpoint` log line names the tick the file holds, even when the world ticks on while
/// the store writes (a large checkpoint takes about a second; a tick comes every five).
@Suite struct PersistenceCheckpointLogTests {
    /// A SQLite store during whose checkpoint writes the world takes one tick, as the tick
    /// loop would while the store's thread is busy.
    final class TickingStore: WorldStore {
        let inner: SQLiteStore
        private let world = Mutex<World?>(nil)

        init(_ inner: SQLiteStore) { self.inner = inner }

        func attach(_ world: World?) { self.world.withLock { $0 = world } }

        func loadWorld() async throws -> WorldSnapshot { try await inner.loadWorld() }

        func insertPet(_ pet: PetRecord, maxLive: Int) async throws -> PetRecord {
            try await inner.insertPet(pet, maxLive: maxLive)
        }

        func write(_ checkpoint: Checkpoint) async throws {
            if let world = world.withLock({ $0 }) { await world.advance() }
            try await inner.write(checkpoint)
        }
    }

    @Test func theLoggedTickIsTheOneWritten() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let sqlite = try await SQLiteStore.open(path: path)
            let store = TickingStore(sqlite)
            let world = try await World.load(from: store)
            store.attach(world)
            defer { store.attach(nil) }
            await world.advance(ticks: 13)

            // A logger of the test's own: the shared one is configured for every test at once.
            let logger = Logger()
            logger.configure(level: .info, format: .keyValue)
            let lines = Mutex<[String]>([])
            logger.redirect { line in lines.withLock { $0.append(line) } }

            #expect(await Server.checkpoint(world, reason: "interval", logger: logger))
            #expect(world.now == 14, "the world ticked during the write")
            let stored = try #require(try StoredWorld.read(path).world["tick"])
            #expect(stored == 13)
            let line = try #require(lines.withLock { $0 }.first { $0.contains(" event=checkpoint ") })
            let logged = line.split(separator: " ").first { $0.hasPrefix("tick=") }.flatMap { Int64($0.dropFirst(5)) }
            #expect(logged == stored, "logged: \(line)")
            await sqlite.close()
        }
    }
}
