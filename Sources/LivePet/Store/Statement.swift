import CSQLite
import LivePetSupport
import LivePetWorld

/// A value that can be bound to a statement parameter.
protocol StatementBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int64: StatementBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self)
    }
}

extension Int: StatementBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, Int64(self))
    }
}

extension Bool: StatementBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_int64(statement, index, self ? 1 : 0)
    }
}

extension Double: StatementBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        sqlite3_bind_double(statement, index, self)
    }
}

extension String: StatementBindable {
    func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
        // withCString never yields NULL (which SQLite would store as NULL, not "").
        withCString { sqlite3_bind_text(statement, index, $0, Int32(utf8.count), sqliteTransient) }
    }
}

/// A prepared statement. Owned by its `Database`'s thread like the connection itself.
final class Statement {
    private let handle: OpaquePointer
    private let database: OpaquePointer

    init(database: OpaquePointer, sql: String) throws {
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else {
            throw SQLiteError(result: result, connection: database)
        }
        self.handle = statement
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Binds `value` (or NULL for nil) to the 1-based parameter `index`.
    func bind<Value: StatementBindable>(_ value: Value?, at index: Int32) throws {
        let result = value?.bind(to: handle, at: index) ?? sqlite3_bind_null(handle, index)
        guard result == SQLITE_OK else { throw SQLiteError(result: result, connection: database) }
    }

    /// Binds `values` to parameters 1, 2, ... in order.
    func bind(_ values: (any StatementBindable)?...) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let result = value?.bind(to: handle, at: index) ?? sqlite3_bind_null(handle, index)
            guard result == SQLITE_OK else { throw SQLiteError(result: result, connection: database) }
        }
    }

    /// Advances to the next row: true when a row is available, false when done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let result: throw SQLiteError(result: result, connection: database)
        }
    }

    /// Steps until done, then resets (bindings are kept for the caller to overwrite).
    func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Makes the statement ready to run again and clears its bindings.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // Column readers take a 0-based index, as SQLite does.

    func isNull(at column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func int(at column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    func bool(at column: Int32) -> Bool {
        sqlite3_column_int64(handle, column) != 0
    }

    func double(at column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    /// The column as text; NULL reads as "".
    func string(at column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func optionalString(at column: Int32) -> String? {
        isNull(at: column) ? nil : string(at: column)
    }
}
