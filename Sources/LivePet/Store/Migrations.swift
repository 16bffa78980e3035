import LivePetSupport
import LivePetWorld

/// The schema, as an append-only list of steps versioned by `PRAGMA user_version`.
///
/// Version N is the state after step N. Never edit a released step; add the next one
/// (bans, the audit log, ...) at the end of `steps`. Each step runs in its own
/// transaction together with its `user_version` bump, so a crash leaves the file at
/// the previous version, never half-way.
enum Migrations {
    struct Step: Sendable {
        let version: Int
        let apply: @Sendable (Database) throws -> Void
    }

    /// `PRAGMA application_id`, "LPET": marks a file as LivePet's.
    static let applicationID: Int32 = 0x4C50_4554

    static let steps: [Step] = [
        Step(version: 1) { db in
            try db.execute("""
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
                PRAGMA application_id = \(applicationID);
                """)
        },
        version2,
        version3,
        version4,
    ]

    /// The newest schema this build knows.
    static var latestVersion: Int { steps.last?.version ?? 0 }

    /// Checks, without writing anything, that `db` is a LivePet database this build can
    /// use (or an empty file). Throws `StoreError` otherwise.
    static func validate(_ db: Database, path: String) throws {
        let version = try db.userVersion()  // the first read: a non-database fails here
        if version > latestVersion {
            throw StoreError(.tooNew, "\(path): the database was written by a newer LivePet (schema \(version), this build knows \(latestVersion)); upgrade LivePet or use another file")
        }
        if version == 0 {
            let objects = try db.withStatement("SELECT count(*) FROM sqlite_schema") { statement in
                _ = try statement.step()
                return statement.int(at: 0)
            }
            if objects > 0 {
                throw StoreError(.corrupt, "\(path) is an SQLite database but not a LivePet one; use another file")
            }
        } else {
            let id = try db.withStatement("PRAGMA application_id") { statement in
                _ = try statement.step()
                return Int32(truncatingIfNeeded: statement.int64(at: 0))
            }
            if id != applicationID {
                throw StoreError(.corrupt, "\(path) is an SQLite database but not a LivePet one; use another file")
            }
        }
    }

    /// Applies every step after the file's version. Returns the versions applied.
    @discardableResult
    static func migrate(_ db: Database, path: String) throws -> [Int] {
        try validate(db, path: path)
        var applied: [Int] = []
        for step in steps {
            // Re-read inside the transaction: the version is only trusted under the write lock.
            let didApply = try db.transaction(.immediate) { () throws -> Bool in
                guard try db.userVersion() < step.version else { return false }
                try step.apply(db)
                try db.setUserVersion(step.version)
                return true
            }
            if didApply { applied.append(step.version) }
        }
        return applied
    }
}
