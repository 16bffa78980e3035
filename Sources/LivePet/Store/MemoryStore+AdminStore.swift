import LivePetSupport
import LivePetWorld

extension MemoryStore: AdminStore {
    public func setAdmin(accountID: Int64, isAdmin: Bool) throws {
        guard accounts[accountID] != nil else {
            throw StoreError(.notFound, "no account with id \(accountID)")
        }
        accounts[accountID]?.isAdmin = isAdmin
    }

    public func activeBans(now: Int64) -> [BanRecord] {
        bans.filter { $0.isActive(at: now) }
    }

    public func addBan(_ ban: BanRecord) {
        if let index = bans.firstIndex(where: { $0.kind == ban.kind && $0.target == ban.target }) {
            bans.remove(at: index)
        }
        bans.append(ban)
    }

    @discardableResult
    public func removeBan(kind: BanRecord.Kind, target: String) -> Bool {
        guard let index = bans.firstIndex(where: { $0.kind == kind && $0.target == target }) else { return false }
        bans.remove(at: index)
        return true
    }

    public func appendAudit(_ entry: AuditEntry) {
        audit.append(entry)
    }

    public func recentAudit(limit: Int) -> [AuditEntry] {
        Array(audit.suffix(max(0, limit)).reversed())
    }
}
