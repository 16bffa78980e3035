import LivePetSupport
import LivePetWorld

extension SQLiteStore: AccountStore {
    public func account(named name: String) throws -> AccountRecord? {
        try withDatabase("look up an account") { db in
            try db.withStatement("""
                SELECT id, name, password_hash, is_admin, treats, created_at, last_seen, last_seen_tick, treats_given, password_reset_expires
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
                    treatsGiven: statement.int(at: 8),
                    passwordResetExpires: statement.isNull(at: 9) ? nil : statement.int64(at: 9)
                )
            }
        }
    }

    public func createAccount(name: String, passwordHash: String, isAdmin: Bool, createdAt: Int64) throws -> AccountRecord {
        try withDatabase("create an account", synchronous: .full) { db in
            // The id is explicit: never one a deleted account had (`SQLiteStore+IDs`).
            let statement = try db.cachedStatement("""
                INSERT INTO accounts (id, name, name_key, password_hash, is_admin, created_at)
                VALUES (\(IDSeries.accounts.nextID), ?, ?, ?, ?, ?)
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
            let statement = try db.cachedStatement("UPDATE accounts SET password_hash = ?, password_reset_expires = NULL WHERE id = ?")
            try statement.bind(hash, accountID)
            try statement.run()
            if try db.changes == 0 {
                throw StoreError(.notFound, "no account with id \(accountID)")
            }
        }
    }

    public func resetPassword(accountID: Int64, hash: String, expiresAt: Int64) throws {
        try withDatabase("reset a password", synchronous: .full) { db in
            let statement = try db.cachedStatement("UPDATE accounts SET password_hash = ?, password_reset_expires = ? WHERE id = ?")
            try statement.bind(hash, expiresAt, accountID)
            try statement.run()
            if try db.changes == 0 {
                throw StoreError(.notFound, "no account with id \(accountID)")
            }
        }
    }

    public func deleteAccount(accountID: Int64) throws -> [Int64] {
        try withDatabase("delete an account", synchronous: .full) { db in
            try db.transaction {
                // Bans on the name stay: a ban outlives the character (an admin can `unban`), and
                // deleting them here would wipe a `ban` that landed during the password check.
                let exists = try db.withStatement("SELECT 1 FROM accounts WHERE id = ?") { statement in
                    try statement.bind(accountID, at: 1)
                    return try statement.step()
                }
                guard exists else { throw StoreError(.notFound, "no account with id \(accountID)") }
                let petIDs: [Int64] = try db.withStatement("SELECT id FROM pets WHERE owner_id = ? ORDER BY id") { statement in
                    try statement.bind(accountID, at: 1)
                    var ids: [Int64] = []
                    while try statement.step() { ids.append(statement.int64(at: 0)) }
                    return ids
                }
                // Marks first, in this transaction: the ids deleted here are never given again.
                try Self.raiseHighWater(.pets, db)
                try Self.raiseHighWater(.accounts, db)
                let pets = try db.cachedStatement("DELETE FROM pets WHERE owner_id = ?")
                try pets.bind(accountID)
                try pets.run()
                let account = try db.cachedStatement("DELETE FROM accounts WHERE id = ?")
                try account.bind(accountID)
                try account.run()
                return petIDs
            }
        }
    }
}
