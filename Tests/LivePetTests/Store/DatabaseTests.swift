import CSQLite
import Foundation
import Testing
@testable import LivePetStore

@Suite struct DatabaseTests {
    @Test func bindsAndReadsEveryType() async throws {
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t (i INTEGER, n INTEGER, s TEXT, d REAL, b INTEGER, z TEXT)")
            let insert = try db.cachedStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)")
            try insert.bind(Int64.max, 42, "héllo 🐢", 2.5, true, nil as String?)
            try insert.run()
            try insert.bind(Int64.min, at: 1)
            try insert.bind(-1, at: 2)
            try insert.bind("", at: 3)
            try insert.bind(-0.25, at: 4)
            try insert.bind(false, at: 5)
            try insert.bind("x", at: 6)
            try insert.run()

            var rows: [String] = []
            try db.withStatement("SELECT i, n, s, d, b, z FROM t ORDER BY rowid") { statement in
                while try statement.step() {
                    rows.append("\(statement.int64(at: 0))|\(statement.int(at: 1))|\(statement.string(at: 2))|\(statement.double(at: 3))|\(statement.bool(at: 4))|\(statement.optionalString(at: 5) ?? "NULL")")
                }
            }
            #expect(rows == [
                "\(Int64.max)|42|héllo 🐢|2.5|true|NULL",
                "\(Int64.min)|-1||-0.25|false|x",
            ])
            // An empty string is stored as text, not NULL.
            let emptyIsNull = try db.withStatement("SELECT s IS NULL FROM t WHERE n = -1") { statement in
                _ = try statement.step()
                return statement.bool(at: 0)
            }
            #expect(!emptyIsNull)
        }
    }

    @Test func cachedStatementIsReused() async throws {
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            let first = try db.cachedStatement("SELECT 1")
            let second = try db.cachedStatement("SELECT 1")
            #expect(first === second)
        }
    }

    @Test func transactionCommits() async throws {
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t (v INTEGER)")
            let result = try db.transaction {
                try db.execute("INSERT INTO t VALUES (1)")
                return 7
            }
            #expect(result == 7)
            #expect(try count(db) == 1)
            #expect(try db.isAutocommit)
        }
    }

    @Test func transactionRollsBackOnThrow() async throws {
        struct Boom: Error {}
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t (v INTEGER)")
            #expect(throws: Boom.self) {
                try db.transaction {
                    try db.execute("INSERT INTO t VALUES (1)")
                    try db.execute("INSERT INTO t VALUES (2)")
                    throw Boom()
                }
            }
            #expect(try count(db) == 0)
            #expect(try db.isAutocommit)
        }
    }

    @Test func nestedTransactionIsRefused() async throws {
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            let error = #expect(throws: SQLiteError.self) {
                try db.transaction {
                    try db.transaction {}
                }
            }
            #expect(error?.code == SQLITE_MISUSE)
            #expect(try db.isAutocommit)
        }
    }

    @Test func userVersionRoundTrips() async throws {
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            #expect(try db.userVersion() == 0)
            try db.setUserVersion(12)
            #expect(try db.userVersion() == 12)
            db.close()
            let reopened = try Database(path: dir + "/t.sqlite")
            #expect(try reopened.userVersion() == 12)
        }
    }

    @Test func errorsCarryCodesButNoSQL() async throws {
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            try db.execute("CREATE TABLE t (v TEXT UNIQUE)")
            try db.execute("INSERT INTO t VALUES ('a')")
            let error = #expect(throws: SQLiteError.self) {
                try db.cachedStatement("INSERT INTO t VALUES ('a')").run()
            }
            #expect(error?.code == SQLITE_CONSTRAINT)
            #expect(error?.isUniqueViolation == true)
            #expect(error?.description.contains("INSERT") == false)
            #expect(error?.description.contains("UNIQUE constraint failed") == true)
        }
    }

    @Test func closedDatabaseThrows() async throws {
        try await withTemporaryDirectory { dir in
            let db = try Database(path: dir + "/t.sqlite")
            db.close()
            db.close()
            #expect(throws: SQLiteError.self) { try db.execute("SELECT 1") }
        }
    }

    private func count(_ db: Database) throws -> Int {
        try db.withStatement("SELECT count(*) FROM t") { statement in
            _ = try statement.step()
            return statement.int(at: 0)
        }
    }
}
