import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

@Suite struct MigrationsTests {
    @Test func migratesAnEmptyFile() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/empty.sqlite"
            try writeFile(path, Data())
            let db = try Database(path: path)
            #expect(try Migrations.migrate(db, path: path) == Migrations.steps.map(\.version))
            #expect(try db.userVersion() == Migrations.latestVersion)
            let tables = try db.withStatement("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name") { statement in
                var names: [String] = []
                while try statement.step() { names.append(statement.string(at: 0)) }
                return names
            }
            #expect(tables == ["account_prefs", "accounts", "audit", "bans", "offline_messages", "pet_events", "pets", "world"])
            // Running again applies nothing.
            #expect(try Migrations.migrate(db, path: path) == [])
        }
    }

    /// A schema-2 file with an account gains schema 3's columns and tables and schema 4's
    /// one-time-password column; the account keeps everything and starts never seen, with no
    /// treats given and no password reset pending.
    @Test func schemaThreeKeepsExistingAccounts() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/v2.sqlite"
            let db = try Database(path: path)
            for step in Migrations.steps where step.version <= 2 {
                try db.transaction(.immediate) {
                    try step.apply(db)
                    try db.setUserVersion(step.version)
                }
            }
            try db.execute("INSERT INTO accounts (name, name_key, password_hash, treats, created_at) VALUES ('Alice', 'alice', 'h', 3, 7)")
            #expect(try Migrations.migrate(db, path: path) == [3, 4])
            db.close()
            let store = try await SQLiteStore.open(path: path)
            let alice = try #require(try await store.account(named: "Alice"))
            #expect(alice.treats == 3 && alice.createdAt == 7)
            #expect(alice.lastSeen == nil && alice.lastSeenTick == nil && alice.treatsGiven == 0)
            #expect(alice.passwordResetExpires == nil)
            #expect(try await store.preferences(accountID: alice.id) == [:])
            await store.close()
        }
    }

    @Test func refusesANewerSchemaWithoutWriting() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/new.sqlite"
            let before = try writeFutureDatabase(path, table: "future (x)")
            let db = try Database(path: path)
            let error = #expect(throws: StoreError.self) { try Migrations.migrate(db, path: path) }
            #expect(error?.kind == .tooNew)
            #expect(error?.message.contains("schema 99, this build knows \(Migrations.latestVersion)") == true)
            db.close()
            #expect(try fileBytes(path) == before)
        }
    }

    @Test func refusesAnotherApplicationsDatabase() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/other.sqlite"
            do {
                let db = try Database(path: path)
                try db.execute("CREATE TABLE contacts (name TEXT)")
            }
            let db = try Database(path: path)
            let error = #expect(throws: StoreError.self) { try Migrations.migrate(db, path: path) }
            #expect(error?.kind == .corrupt)
            #expect(error?.message.contains("not a LivePet one") == true)
        }
    }
}
