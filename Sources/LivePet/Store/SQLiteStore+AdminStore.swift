import LivePetSupport
import LivePetWorld

extension SQLiteStore: AdminStore {
    public func setAdmin(accountID: Int64, isAdmin: Bool) throws {
        try withDatabase("change an admin flag", synchronous: .full) { db in
            let statement = try db.cachedStatement("UPDATE accounts SET is_admin = ? WHERE id = ?")
            try statement.bind(isAdmin, accountID)
            try statement.run()
            if try db.changes == 0 {
                throw StoreError(.notFound, "no account with id \(accountID)")
            }
        }
    }

    public func activeBans(now: Int64) throws -> [BanRecord] {
        try withDatabase("read the bans") { db in
            try db.withStatement("""
                SELECT kind, target, created_at, expires_at, admin, reason FROM bans
                WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at, id
                """) { statement in
                try statement.bind(now, at: 1)
                var bans: [BanRecord] = []
                while try statement.step() {
                    // A kind this build does not know (a newer LivePet's) is skipped, not fatal.
                    guard let kind = BanRecord.Kind(rawValue: statement.string(at: 0)) else { continue }
                    bans.append(BanRecord(
                        kind: kind, target: statement.string(at: 1), createdAt: statement.int64(at: 2),
                        expiresAt: statement.isNull(at: 3) ? nil : statement.int64(at: 3),
                        admin: statement.string(at: 4), reason: statement.string(at: 5)))
                }
                return bans
            }
        }
    }

    public func addBan(_ ban: BanRecord) throws {
        try withDatabase("save a ban", synchronous: .full) { db in
            let statement = try db.cachedStatement("""
                INSERT INTO bans (kind, target, created_at, expires_at, admin, reason) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (kind, target) DO UPDATE SET
                    created_at = excluded.created_at, expires_at = excluded.expires_at,
                    admin = excluded.admin, reason = excluded.reason
                """)
            try statement.bind(ban.kind.rawValue, ban.target, ban.createdAt, ban.expiresAt, ban.admin, ban.reason)
            try statement.run()
        }
    }

    @discardableResult
    public func removeBan(kind: BanRecord.Kind, target: String) throws -> Bool {
        try withDatabase("remove a ban", synchronous: .full) { db in
            let statement = try db.cachedStatement("DELETE FROM bans WHERE kind = ? AND target = ?")
            try statement.bind(kind.rawValue, target)
            try statement.run()
            return try db.changes > 0
        }
    }

    public func appendAudit(_ entry: AuditEntry) throws {
        try withDatabase("write the audit log", synchronous: .full) { db in
            let statement = try db.cachedStatement("INSERT INTO audit (time, admin, action, target, detail) VALUES (?, ?, ?, ?, ?)")
            try statement.bind(entry.time, entry.admin, entry.action, entry.target, entry.detail)
            try statement.run()
        }
    }

    public func recentAudit(limit: Int) throws -> [AuditEntry] {
        try withDatabase("read the audit log") { db in
            try db.withStatement("SELECT time, admin, action, target, detail FROM audit ORDER BY id DESC LIMIT ?") { statement in
                try statement.bind(max(0, limit), at: 1)
                var entries: [AuditEntry] = []
                while try statement.step() {
                    entries.append(AuditEntry(
                        time: statement.int64(at: 0), admin: statement.string(at: 1), action: statement.string(at: 2),
                        target: statement.string(at: 3), detail: statement.string(at: 4)))
                }
                return entries
            }
        }
    }
}
