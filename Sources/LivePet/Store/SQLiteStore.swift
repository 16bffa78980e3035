import CSQLite
import LivePetSupport
import LivePetWorld

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
    /// A registered SQLite VFS to open the file with (tests that count syncs); nil: the default.
    private nonisolated let vfs: String?
    /// The connection's `PRAGMA synchronous`, set per write (see `Synchronous`).
    private var synchronous: Synchronous = .normal

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        executor.asUnownedSerialExecutor()
    }

    private init(path: String, vfs: String?) {
        self.path = path
        self.vfs = vfs
        self.executor = StoreExecutor(name: "livepet-store")
    }

    /// Opens (creating if missing) and migrates the database at `path`.
    ///
    /// Throws `StoreError`: `.locked` if another server holds it, `.corrupt` if the
    /// file is not a LivePet database, `.tooNew` if a newer LivePet wrote it, `.io` if
    /// the path cannot be opened. In every one of these cases the file is left as it was.
    public static func open(path: String) async throws -> SQLiteStore {
        try await open(path: path, vfs: nil)
    }

    /// Opens the database through the SQLite VFS named `vfs` (tests).
    static func open(path: String, vfs: String?) async throws -> SQLiteStore {
        let store = SQLiteStore(path: path, vfs: vfs)
        try await store.start()
        return store
    }

    private func start() throws {
        let lock = try FileLock(path: path + ".lock", databasePath: path)
        do {
            let db = try Database(path: path, vfs: vfs)
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

    /// How far a commit goes before it returns (`PRAGMA synchronous`, per connection).
    ///
    /// In WAL mode `normal` commits are safe from a crash of the process (the WAL is in the
    /// OS's cache) but an OS crash or power loss may roll back the latest ones: the WAL is
    /// synced only at SQLite's own checkpoints. `full` syncs the WAL before every commit
    /// returns (one fsync each). What a player or an admin is told is saved (accounts,
    /// adoptions, passwords, bans, promotions, the audit log) commits with `full`; the
    /// world checkpoints, which rewrite thousands of rows a minute and are redone from memory,
    /// stay `normal`.
    enum Synchronous: String {
        case normal = "NORMAL"
        case full = "FULL"
    }

    /// Runs `body` against the open database, turning `SQLiteError`s into `StoreError`s.
    /// With `synchronous`, the connection is switched to it first (outside any transaction:
    /// SQLite applies it to the commits that follow).
    func withDatabase<R>(_ action: String, synchronous mode: Synchronous? = nil, _ body: (Database) throws -> R) throws -> R {
        guard let database else {
            throw StoreError(.other, "cannot \(action): the store at \(path) is closed")
        }
        do {
            if let mode, mode != synchronous {
                try database.execute("PRAGMA synchronous = \(mode.rawValue)")
                synchronous = mode
            }
            return try body(database)
        } catch let error as SQLiteError {
            throw StoreError(error, path: path, action: action)
        }
    }
}
