import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// Migrations beyond what `MigrationsTests` covers (an empty file, a newer schema, another
/// program's database): a database at the current schema opens without change, and one
/// written by the first release (schema 1, frozen below) upgrades to exactly the schema a
/// new file gets, keeping its rows.
@Suite struct PersistenceSchemaTests {
    /// Schema 1 as released. Never update this copy: it is what files in the field contain.
    static let releasedSchema1 = """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            is_admin INTEGER NOT NULL DEFAULT 0,
            treats INTEGER NOT NULL DEFAULT 5,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE pets (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            species TEXT NOT NULL,
            owner_id INTEGER NOT NULL REFERENCES accounts(id),
            born_tick INTEGER NOT NULL,
            hunger INTEGER NOT NULL,
            hunger_tick INTEGER NOT NULL
        );
        CREATE INDEX pets_owner_id ON pets(owner_id);
        CREATE TABLE world (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO world (key, value) VALUES ('tick', 0);
        PRAGMA application_id = 1280329044;  -- "LPET"
        PRAGMA user_version = 1;
        """

    /// Every schema object, normalised for comparison.
    static func schema(_ path: String) throws -> [String] {
        let db = try Database(path: path, flags: [.readOnly, .noMutex, .extendedResultCodes])
        defer { db.close() }
        return try db.withStatement("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name") { statement in
            var rows: [String] = []
            while try statement.step() {
                let sql = statement.isNull(at: 3) ? "" : statement.string(at: 3)
                let squeezed = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                rows.append("\(statement.string(at: 0)) \(statement.string(at: 1)) on \(statement.string(at: 2)): \(squeezed)")
            }
            return rows
        }
    }

    static func pragma(_ name: String, _ path: String) throws -> Int64 {
        let db = try Database(path: path, flags: [.readOnly, .noMutex, .extendedResultCodes])
        defer { db.close() }
        return try db.withStatement("PRAGMA \(name)") { statement in
            _ = try statement.step()
            return statement.int64(at: 0)
        }
    }

    @Test func aCurrentDatabaseOpensWithoutChange() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let store = try await SQLiteStore.open(path: path)
            let owner = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: true, createdAt: 9)
            let pet = try await store.insertPet(PetRecord(id: 0, name: "Rex", species: "dog", ownerID: owner.id, bornTick: 4, hunger: 90, hungerTick: 6))
            try await store.write(Checkpoint(tick: 77, pets: [], treats: [owner.id: 2], lastRefill: 1234))
            await store.close()
            let schemaBefore = try Self.schema(path)
            let bytesBefore = try fileBytes(path)

            let db = try Database(path: path)
            #expect(try Migrations.migrate(db, path: path) == [])
            db.close()
            #expect(try fileBytes(path) == bytesBefore)

            let reopened = try await SQLiteStore.open(path: path)
            let world = try await reopened.loadWorld()
            #expect(world.tick == 77)
            #expect(world.pets == [pet])
            #expect(world.treats == [owner.id: 2])
            #expect(world.lastRefill == 1234)
            #expect(try await reopened.account(named: "ALICE")?.isAdmin == true)
            await reopened.close()
            #expect(try Self.schema(path) == schemaBefore)
            #expect(try Self.pragma("user_version", path) == Int64(Migrations.latestVersion))
        }
    }

    @Test func aReleasedSchema1DatabaseUpgradesToTheFreshSchema() async throws {
        try await withTemporaryDirectory { dir in
            let fresh = dir + "/fresh.sqlite"
            let store = try await SQLiteStore.open(path: fresh)
            await store.close()

            let old = dir + "/old.sqlite"
            do {
                let db = try Database(path: old)
                try db.execute(Self.releasedSchema1)
                try db.execute("""
                    INSERT INTO accounts (id, name, name_key, password_hash, treats, created_at) VALUES (1, 'Alice', 'alice', 'h', 3, 5);
                    INSERT INTO pets VALUES (1, 'Rex', 'rex', 'dog', 1, 10, 120, 30);
                    UPDATE world SET value = 40 WHERE key = 'tick';
                    """)
                db.close()
            }
            let upgraded = try await SQLiteStore.open(path: old)
            let world = try await upgraded.loadWorld()
            #expect(world.tick == 40)
            #expect(world.pets == [PetRecord(id: 1, name: "Rex", species: "dog", ownerID: 1, bornTick: 10, hunger: 120, hungerTick: 30)])
            #expect(world.treats == [1: 3])
            #expect(world.lastRefill == 0)  // never refilled before
            await upgraded.close()

            #expect(try Self.schema(old) == Self.schema(fresh))
            #expect(try Self.pragma("user_version", old) == Int64(Migrations.latestVersion))
            #expect(try Self.pragma("application_id", old) == Int64(Migrations.applicationID))
            #expect(try Self.pragma("application_id", fresh) == Int64(Migrations.applicationID))
        }
    }
}
