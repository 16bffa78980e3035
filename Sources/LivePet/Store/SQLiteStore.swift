import CSQLite

/// The SQLite-backed store. All SQLite calls run on one dedicated thread (see
/// `StoreExecutor`), never on the cooperative pool.
///
/// Open with `SQLiteStore.open(path:)`; it takes an exclusive lock on `<path>.lock`
/// for the life of the store, so two servers cannot share one database.
public actor SQLiteStore {
    /// The database file.
    public nonisolated let path: String
    private nonisolated let executor: StoreExecutor
    private var database: Database?
    private var lock: FileLock?

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(path: String) {
        self.path = path
        self.executor = StoreExecutor(name: "livepet-store")
    }

    /// Opens (creating if missing) and migrates the database at `path`.
    ///
    /// Throws `StoreError`: `.locked` if another server holds it, `.corrupt` if the
    /// file is not a LivePet database, `.tooNew` if a newer LivePet wrote it, `.io` if
    /// the path cannot be opened. In every one of these cases the file is left as it was.
    public static func open(path: String) async throws -> SQLiteStore {
        let store = SQLiteStore(path: path)
        try await store.start()
        return store
    }

    private func start() throws {
        let lock = try FileLock(path: path + ".lock", databasePath: path)
        do {
            let db = try Database(path: path)
            if db.isReadOnly {
                throw StoreError(.io, "cannot open the database at \(path) for writing (the file is read-only)")
            }
            try db.execute("PRAGMA busy_timeout = 0")  // the lock file already keeps others out
            // Read before any write: a non-database or too-new file must stay untouched,
            // and switching to WAL would rewrite its header.
            try Migrations.validate(db, path: path)
            try db.execute("PRAGMA journal_mode = WAL")
            try db.execute("PRAGMA synchronous = NORMAL")
            try db.execute("PRAGMA foreign_keys = ON")
            try Migrations.migrate(db, path: path)
            self.database = db
            self.lock = lock
        } catch let error as SQLiteError {
            throw StoreError(error, path: path, action: "open the database")
        }
    }

    /// Closes the database and releases the lock. Later calls throw. Safe to call twice.
    public func close() {
        database?.close()
        database = nil
        lock?.unlock()
        lock = nil
    }

    /// Runs `body` against the open database, turning `SQLiteError`s into `StoreError`s.
    func withDatabase<R>(_ action: String, _ body: (Database) throws -> R) throws -> R {
        guard let database else {
            throw StoreError(.other, "cannot \(action): the store at \(path) is closed")
        }
        do {
            return try body(database)
        } catch let error as SQLiteError {
            throw StoreError(error, path: path, action: action)
        }
    }
}
