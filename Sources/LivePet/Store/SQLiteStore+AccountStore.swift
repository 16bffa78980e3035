import LivePetSupport
import LivePetWorld

extension SQLiteStore: AccountStore {
    public func account(named name: String) throws -> AccountRecord? {
        try withDatabase("look up an account") { db in
            try db.withStatement("""
                SELECT id, name, password_hash, is_admin, treats, created_at, last_seen, last_seen_tick, treats_given
                FROM accounts WHERE name_key = ?
                """) { statement in
                try statement.bind(NameKey.make(name), at: 1)
                guard try statement.step() else { return nil }
                return AccountRecord(
                    id: statement.int64(at: 0),
                    name: statement.string(at: 1),
                    passwordHash: statement.string(at: 2),
                    isAdmin: statement.bool(at: 3),
                    treats: statement.int(at: 4),
                    createdAt: statement.int64(at: 5),
                    lastSeen: statement.isNull(at: 6) ? nil : statement.int64(at: 6),
                    lastSeenTick: statement.isNull(at: 7) ? nil : statement.int64(at: 7),
                    treatsGiven: statement.int(at: 8)
                )
            }
        }
    }

    public func createAccount(name: String, passwordHash: String, isAdmin: Bool, createdAt: Int64) throws -> AccountRecord {
        try withDatabase("create an account", synchronous: .full) { db in
            let statement = try db.cachedStatement("""
                INSERT INTO accounts (name, name_key, password_hash, is_admin, created_at)
                VALUES (?, ?, ?, ?, ?)
                """)
            try statement.bind(name, NameKey.make(name), passwordHash, isAdmin, createdAt)
            do {
                try statement.run()
            } catch let error as SQLiteError where error.isUniqueViolation {
                throw StoreError(.nameTaken, "an account with that name already exists")
            }
            return AccountRecord(
                id: try db.lastInsertRowID, name: name, passwordHash: passwordHash,
                isAdmin: isAdmin, treats: 5, createdAt: createdAt
            )
        }
    }

    public func setPasswordHash(accountID: Int64, hash: String) throws {
        try withDatabase("change a password", synchronous: .full) { db in
            let statement = try db.cachedStatement("UPDATE accounts SET password_hash = ? WHERE id = ?")
            try statement.bind(hash, accountID)
            try statement.run()
            if try db.changes == 0 {
                throw StoreError(.notFound, "no account with id \(accountID)")
            }
        }
    }
}
