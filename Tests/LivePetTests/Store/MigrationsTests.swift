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
            #expect(tables == ["accounts", "audit", "bans", "pets", "world"])
            // Running again applies nothing.
            #expect(try Migrations.migrate(db, path: path) == [])
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
