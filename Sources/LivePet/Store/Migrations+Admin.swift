import LivePetSupport
import LivePetWorld

/// Schema 2: bans and the audit log of admin actions.
extension Migrations {
    static let version2 = Step(version: 2) { db in
        try db.execute("""
            CREATE TABLE bans (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL CHECK (kind IN ('name', 'address')),
                target TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER,
                admin TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                UNIQUE (kind, target)
            );
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY,
                time INTEGER NOT NULL,
                admin TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            );
            """)
    }
}
