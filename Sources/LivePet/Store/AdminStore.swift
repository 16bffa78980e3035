import LivePetSupport
import LivePetWorld

/// Administration: admin flags, bans and the audit log. Every method that changes something
/// returns only after it is durable.
public protocol AdminStore: Sendable {
    /// Sets or clears an account's admin flag; throws `.notFound` for an unknown id.
    func setAdmin(accountID: Int64, isAdmin: Bool) async throws
    /// Bans that have not expired at `now` (Unix seconds).
    func activeBans(now: Int64) async throws -> [BanRecord]
    /// Adds a ban, replacing any ban of the same kind and target.
    func addBan(_ ban: BanRecord) async throws
    /// Removes the ban of that kind and target; returns whether there was one.
    @discardableResult
    func removeBan(kind: BanRecord.Kind, target: String) async throws -> Bool
    func appendAudit(_ entry: AuditEntry) async throws
    /// The newest `limit` entries, newest first.
    func recentAudit(limit: Int) async throws -> [AuditEntry]
}

/// A ban on a character name or on an address.
public struct BanRecord: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case name
        case address
    }

    public var kind: Kind
    /// For names the `NameKey`; for addresses `AddressKey.canonical` text (an IPv6 ban may be a /64).
    public var target: String
    /// Unix seconds.
    public var createdAt: Int64
    /// Unix seconds; nil for a permanent ban.
    public var expiresAt: Int64?
    public var admin: String
    public var reason: String

    public init(kind: Kind, target: String, createdAt: Int64, expiresAt: Int64?, admin: String, reason: String = "") {
        self.kind = kind
        self.target = target
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.admin = admin
        self.reason = reason
    }

    public func isActive(at now: Int64) -> Bool {
        expiresAt.map { $0 > now } ?? true
    }
}

/// One line of the audit log: who did what to whom, and when.
public struct AuditEntry: Sendable, Equatable {
    /// Unix seconds.
    public var time: Int64
    public var admin: String
    /// kick, ban, unban, wall, shutdown, promote, demote, ...
    public var action: String
    public var target: String
    public var detail: String

    public init(time: Int64, admin: String, action: String, target: String, detail: String = "") {
        self.time = time
        self.admin = admin
        self.action = action
        self.target = target
        self.detail = detail
    }
}
