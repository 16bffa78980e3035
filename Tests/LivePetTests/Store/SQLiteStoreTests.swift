import CSQLite
import Foundation
import Glibc
import Testing
@testable import LivePetStore
@testable import LivePetWorld

@Suite struct SQLiteStoreTests {
    @Test func checkpointSurvivesARestart() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let store = try await SQLiteStore.open(path: path)
            let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 7)
            let pet = try await store.insertPet(PetRecord(id: 0, name: "Shelly", species: "sea_turtle", ownerID: alice.id, bornTick: 3, hunger: 10, hungerTick: 3))
            try await store.write(Checkpoint(tick: 1234, pets: [PetHungerRow(id: pet.id, hunger: 321, hungerTick: 1200)], treats: [alice.id: 1]))
            await store.close()

            let reopened = try await SQLiteStore.open(path: path)
            let world = try await reopened.loadWorld()
            #expect(world.tick == 1234)
            #expect(world.pets == [PetRecord(id: pet.id, name: "Shelly", species: "sea_turtle", ownerID: alice.id, bornTick: 3, hunger: 321, hungerTick: 1200)])
            #expect(world.ownerNames == [alice.id: "Alice"])
            #expect(try await reopened.account(named: "alice") == AccountRecord(id: alice.id, name: "Alice", passwordHash: "h", treats: 1, createdAt: 7))
            await reopened.close()
        }
    }

    @Test func createsAndMigratesANewFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/new.sqlite"
            let store = try await SQLiteStore.open(path: path)
            #expect(try await store.loadWorld().tick == 0)
            await store.close()
            let db = try Database(path: path)
            #expect(try db.userVersion() == Migrations.latestVersion)
            let journal = try db.withStatement("PRAGMA journal_mode") { statement in
                _ = try statement.step()
                return statement.string(at: 0)
            }
            #expect(journal == "wal")
        }
    }

    @Test func migratesAnEmptyFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/empty.sqlite"
            try writeFile(path, Data())
            let store = try await SQLiteStore.open(path: path)
            await store.close()
            #expect(try Database(path: path).userVersion() == Migrations.latestVersion)
        }
    }

    @Test func refusesANewerSchemaAndLeavesTheFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/future.sqlite"
            let before = try writeFutureDatabase(path, table: "accounts (id INTEGER PRIMARY KEY)")
            let error = await #expect(throws: StoreError.self) { _ = try await SQLiteStore.open(path: path) }
            #expect(error?.kind == .tooNew)
            #expect(error?.message.contains("written by a newer LivePet (schema 99, this build knows \(Migrations.latestVersion))") == true)
            #expect(try fileBytes(path) == before)
        }
    }

    @Test(arguments: [
        Data("not a database\n".utf8),
        Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }),
        Data(repeating: 0x41, count: 100),
    ])
    func refusesAFileThatIsNotADatabase(_ contents: Data) async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/notes.sqlite"
            try writeFile(path, contents)
            let error = await #expect(throws: StoreError.self) { _ = try await SQLiteStore.open(path: path) }
            #expect(error?.kind == .corrupt)
            #expect(error?.message == "\(path) is not a LivePet database (it is not an SQLite file); use another file")
            #expect(try fileBytes(path) == contents)
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test func refusesAnUnwritablePath() async throws {
        try await withTemporaryDirectory { dir in
            // A path "inside" a regular file fails even for root (ENOTDIR).
            let file = dir + "/file.txt"
            try writeFile(file, Data("x".utf8))
            for path in [file + "/db.sqlite", "/proc/livepet-nowhere/db.sqlite"] {
                let error = await #expect(throws: StoreError.self) { _ = try await SQLiteStore.open(path: path) }
                #expect(error?.kind == .io)
                #expect(error?.message.hasPrefix("cannot open the database at \(path): ") == true)
            }
            #expect(try fileBytes(file) == Data("x".utf8))
        }
    }

    @Test func secondOpenOfAHeldDatabaseIsLocked() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let first = try await SQLiteStore.open(path: path)
            _ = try await first.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            let error = await #expect(throws: StoreError.self) { _ = try await SQLiteStore.open(path: path) }
            #expect(error?.kind == .locked)
            #expect(error?.message.contains("in use by another LivePet server") == true)
            // The holder is unaffected, and the lock goes with it.
            #expect(try await first.account(named: "alice") != nil)
            await first.close()
            let second = try await SQLiteStore.open(path: path)
            #expect(try await second.account(named: "alice") != nil)
            await second.close()
        }
    }

    @Test func concurrentCallersAreSerialised() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let owner = try await store.createAccount(name: "Owner", passwordHash: "h", isAdmin: false, createdAt: 1)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        for index in 0..<25 {
                            _ = try await store.insertPet(PetRecord(id: 0, name: "P\(worker)-\(index)", species: "fox", ownerID: owner.id, bornTick: 0, hunger: 0, hungerTick: 0))
                            try await store.write(Checkpoint(tick: Int64(index), pets: [], treats: [owner.id: index % 6]))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let world = try await store.loadWorld()
            #expect(world.pets.count == 200)
            #expect(Set(world.pets.map(\.id)).count == 200)
            await store.close()
        }
    }

    @Test func closedStoreThrows() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            await store.close()
            await store.close()
            let error = await #expect(throws: StoreError.self) { _ = try await store.loadWorld() }
            #expect(error?.kind == .other)
        }
    }

    @Test func failedCheckpointWritesNothing() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let store = try await SQLiteStore.open(path: path)
            let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            let pet = try await store.insertPet(PetRecord(id: 0, name: "Rex", species: "dog", ownerID: alice.id, bornTick: 0, hunger: 50, hungerTick: 0))
            try await store.write(Checkpoint(tick: 10, pets: [], treats: [:]))
            await store.close()
            // Make the treats update (which runs after the pet updates) fail.
            do {
                let db = try Database(path: path)
                try db.execute("""
                    CREATE TRIGGER fail_treats BEFORE UPDATE OF treats ON accounts
                    WHEN NEW.treats = 99 BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                    """)
            }

            let reopened = try await SQLiteStore.open(path: path)
            await #expect(throws: StoreError.self) {
                try await reopened.write(Checkpoint(tick: 20, pets: [PetHungerRow(id: pet.id, hunger: 400, hungerTick: 20)], treats: [alice.id: 99]))
            }
            let world = try await reopened.loadWorld()
            #expect(world.tick == 10)
            #expect(world.pets == [pet])
            #expect(try await reopened.account(named: "alice")?.treats == 5)
            // The store stays usable: the next checkpoint goes through.
            try await reopened.write(Checkpoint(tick: 30, pets: [PetHungerRow(id: pet.id, hunger: 400, hungerTick: 30)], treats: [alice.id: 4]))
            #expect(try await reopened.loadWorld().pets.first?.hunger == 400)
            await reopened.close()
        }
    }

    @Test func seedsASmallWorld() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let reports = Reports()
            try await store.seed(pets: 1000, users: 10, tick: 50_000, passwordHash: "$y$shared", createdAt: 5) { done, total in
                reports.append(done, total)
            }
            let world = try await store.loadWorld()
            #expect(world.tick == 50_000)
            #expect(world.pets.count == 1000)
            #expect(world.ownerNames.count == 10)
            #expect(world.ownerNames[1] == "user1")
            #expect(world.pets.first == PetRecord(id: 1, name: "Pet-0000001", species: "cat", ownerID: 1, bornTick: world.pets[0].bornTick, hunger: 250, hungerTick: 50_000))
            #expect(world.pets.last?.name == "Pet-0001000")
            #expect(world.pets.map(\.species).prefix(10) == ["cat", "crab", "dog", "fish", "fox", "phoenix", "rabbit", "sea_turtle", "totoro", "cat"])
            #expect(world.pets.allSatisfy { (0...50_000).contains($0.bornTick) && $0.hunger == 250 })
            #expect(Set(world.pets.map(\.bornTick)).count > 900)  // spread, not all the same age
            #expect(Set(world.pets.map(\.ownerID)) == Set(1...10))
            #expect(try await store.account(named: "USER7")?.passwordHash == "$y$shared")
            #expect(reports.values.last == [1010, 1010])

            // Seeding again continues after the existing rows.
            try await store.seed(pets: 5, users: 1, tick: 60_000, passwordHash: "h", createdAt: 6)
            let grown = try await store.loadWorld()
            #expect(grown.pets.count == 1005)
            #expect(grown.pets.last?.name == "Pet-0001005")
            #expect(grown.pets.last?.ownerID == 11)
            await store.close()
        }
    }

    @Test func seedClashRollsBack() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let someone = try await store.createAccount(name: "Someone", passwordHash: "h", isAdmin: false, createdAt: 1)
            _ = try await store.insertPet(PetRecord(id: 0, name: "pet-0000003", species: "cat", ownerID: someone.id, bornTick: 0, hunger: 0, hungerTick: 0))
            let error = await #expect(throws: StoreError.self) {
                try await store.seed(pets: 5, users: 2, tick: 100, passwordHash: "h", createdAt: 1)
            }
            #expect(error?.kind == .nameTaken)
            let world = try await store.loadWorld()
            #expect(world.pets.count == 1)
            #expect(world.ownerNames.count == 1)
            #expect(world.tick == 0)
            await store.close()
        }
    }

    @Test func runsOnItsOwnThread() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            // Every call lands on the same dedicated thread, never a pool thread. (Its name is
            // not checked: Foundation's Thread.name reads race with the thread naming itself.)
            var threads = Set<UInt>()
            for _ in 0..<20 { threads.insert(await store.currentThreadID()) }
            #expect(threads.count == 1)
            let poolThreads = await withTaskGroup(of: UInt.self) { group in
                for _ in 0..<8 { group.addTask { UInt(pthread_self()) } }
                return await group.reduce(into: Set<UInt>()) { $0.insert($1) }
            }
            #expect(threads.isDisjoint(with: poolThreads))
            await store.close()
        }
    }

    @Test func errorMessagesNeverContainSQL() {
        let error = StoreError(SQLiteError(code: SQLITE_IOERR, extendedCode: SQLITE_IOERR | (3 << 8), message: "disk I/O error"), path: "/x/db.sqlite", action: "write a checkpoint")
        #expect(error.kind == .io)
        #expect(error.message == "cannot write a checkpoint at /x/db.sqlite: disk I/O error (SQLite 10/778)")
    }
}

extension SQLiteStore {
    func currentThreadID() -> UInt {
        UInt(pthread_self())
    }
}

/// Collects progress reports from the store thread.
private final class Reports: @unchecked Sendable {
    // @unchecked Sendable: `values` is only touched under `lock`.
    private let lock = NSLock()
    private var stored: [[Int]] = []

    func append(_ done: Int, _ total: Int) {
        lock.withLock { stored.append([done, total]) }
    }

    var values: [[Int]] { lock.withLock { stored } }
}
