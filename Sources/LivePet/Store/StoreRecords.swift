import Foundation
import LivePetSupport
import LivePetWorld

/// A user account as the store keeps it. `name` keeps the case the user chose;
/// lookups ignore case.
public struct AccountRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// A crypt(3) string (`$y$...` for yescrypt). Never logged, never shown.
    public var passwordHash: String
    public var isAdmin: Bool
    /// Treats held, 0...5. Checkpointed with the world, not on every change.
    public var treats: Int
    /// Unix seconds.
    public var createdAt: Int64
    /// Unix seconds of the last login or logout; nil before the first login.
    public var lastSeen: Int64?
    /// The world tick at `lastSeen`: the login summary tells what happened after it.
    public var lastSeenTick: Int64?
    /// Treats given to any pet, as of the last checkpoint (`PetEventLog` holds the rest).
    public var treatsGiven: Int

    /// Set by an admin's `resetpassword`: the password is a one-time one, valid until then
    /// (Unix seconds), and must be replaced at the next login.
    public var passwordResetExpires: Int64?

    public init(id: Int64, name: String, passwordHash: String, isAdmin: Bool = false, treats: Int = 5, createdAt: Int64,
                lastSeen: Int64? = nil, lastSeenTick: Int64? = nil, treatsGiven: Int = 0, passwordResetExpires: Int64? = nil) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.isAdmin = isAdmin
        self.treats = treats
        self.createdAt = createdAt
        self.lastSeen = lastSeen
        self.lastSeenTick = lastSeenTick
        self.treatsGiven = treatsGiven
        self.passwordResetExpires = passwordResetExpires
    }
}
