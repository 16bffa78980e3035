import CSQLite
import LivePetSupport
import LivePetWorld

/// `SQLITE_TRANSIENT` is a macro Swift cannot import: it tells SQLite to copy bound bytes.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection with a cache of prepared statements.
///
/// Not `Sendable` on purpose: a connection belongs to the one actor (and thread) that
/// opened it, which is why it is opened with `SQLITE_OPEN_NOMUTEX`.
final class Database {
    struct OpenFlags: OptionSet {
        let rawValue: Int32
        static let readOnly = OpenFlags(rawValue: SQLITE_OPEN_READONLY)
        static let readWrite = OpenFlags(rawValue: SQLITE_OPEN_READWRITE)
        static let create = OpenFlags(rawValue: SQLITE_OPEN_CREATE)
        /// No per-connection mutex: the owner serialises all calls.
        static let noMutex = OpenFlags(rawValue: SQLITE_OPEN_NOMUTEX)
        static let extendedResultCodes = OpenFlags(rawValue: SQLITE_OPEN_EXRESCODE)

        static let `default`: OpenFlags = [.readWrite, .create, .noMutex, .extendedResultCodes]
    }

    enum TransactionKind: String {
        case deferred = "DEFERRED"
        /// Takes the write lock at BEGIN, so a transaction never fails half-way on a busy lock.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    let path: String
    private(set) var handle: OpaquePointer?
    private var statementCache: [String: Statement] = [:]

    /// Opens (and with `.create`, creates) the database at `path`. SQLite reads nothing
    /// from the file yet: a file that is not a database only fails at the first read.
    /// `vfs` names a registered SQLite VFS (tests that watch the file operations); nil is the default.
    init(path: String, flags: OpenFlags = .default, vfs: String? = nil) throws {
        self.path = path
        var connection: OpaquePointer?
        let result = sqlite3_open_v2(path, &connection, flags.rawValue, vfs)
        guard result == SQLITE_OK, let connection else {
            let error = SQLiteError(result: result, connection: connection)
            sqlite3_close_v2(connection)
            throw error
        }
        handle = connection
    }

    deinit {
        close()
    }

    var isOpen: Bool { handle != nil }

    /// Finalizes cached statements and closes the connection. Safe to call twice.
    func close() {
        statementCache.removeAll()  // Statement.deinit finalizes
        if let handle {
            sqlite3_close_v2(handle)
            self.handle = nil
        }
    }

    func connection() throws -> OpaquePointer {
        guard let handle else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "the database connection is closed")
        }
        return handle
    }

    /// Runs one or more statements that return no rows we need.
    func execute(_ sql: String) throws {
        let connection = try connection()
        let result = sqlite3_exec(connection, sql, nil, nil, nil)
        guard result == SQLITE_OK else { throw SQLiteError(result: result, connection: connection) }
    }

    /// Prepares a statement that the caller owns (finalized when released).
    func prepare(_ sql: String) throws -> Statement {
        try Statement(database: connection(), sql: sql)
    }

    /// A prepared statement kept for the life of the connection, reset and ready to bind.
    /// Reset it (or run it to completion with `run()`) before the next await-free caller
    /// asks for it again; `withStatement` does that for you.
    func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs `body` with a cached statement and resets it afterwards, so an unfinished
    /// read never keeps a read transaction open.
    func withStatement<R>(_ sql: String, _ body: (Statement) throws -> R) throws -> R {
        let statement = try cachedStatement(sql)
        defer { statement.reset() }
        return try body(statement)
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    func transaction<R>(_ kind: TransactionKind = .immediate, _ body: () throws -> R) throws -> R {
        guard try isAutocommit else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "a transaction is already open")
        }
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let value: R
        do {
            value = try body()
            try execute("COMMIT TRANSACTION")
        } catch {
            rollbackIfNeeded()
            throw error
        }
        return value
    }

    /// True when no transaction is open.
    var isAutocommit: Bool {
        get throws { try sqlite3_get_autocommit(connection()) != 0 }
    }

    private func rollbackIfNeeded() {
        guard let handle, sqlite3_get_autocommit(handle) == 0 else { return }
        // Some errors (SQLITE_FULL, IOERR) roll back by themselves; the error that made
        // us roll back is the one worth reporting, so a failing ROLLBACK is ignored.
        _ = sqlite3_exec(handle, "ROLLBACK TRANSACTION", nil, nil, nil)
    }

    /// `PRAGMA user_version`: the schema version, read from the file header.
    func userVersion() throws -> Int {
        try withStatement("PRAGMA user_version") { statement in
            _ = try statement.step()
            return statement.int(at: 0)
        }
    }

    func setUserVersion(_ version: Int) throws {
        // PRAGMA arguments cannot be bound; an Int cannot inject anything.
        try execute("PRAGMA user_version = \(version)")
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    var changes: Int {
        get throws { try Int(sqlite3_changes64(connection())) }
    }

    /// Rows changed since the connection opened.
    var totalChanges: Int {
        get throws { try Int(sqlite3_total_changes64(connection())) }
    }

    var lastInsertRowID: Int64 {
        get throws { try sqlite3_last_insert_rowid(connection()) }
    }
}

extension Database {
    /// True when SQLite opened the file read-only (it silently falls back when the file
    /// is not writable).
    var isReadOnly: Bool {
        guard let handle else { return true }
        return sqlite3_db_readonly(handle, "main") == 1
    }
}
