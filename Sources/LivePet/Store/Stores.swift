import Foundation
import LivePetSupport
import LivePetWorld

/// Accounts. Every method that changes something returns only after it is durable.
public protocol AccountStore: Sendable {
    /// Case-insensitive lookup.
    func account(named name: String) async throws -> AccountRecord?
    /// Creates an account; throws `StoreError` with kind `.nameTaken` if the name exists ignoring case.
    func createAccount(name: String, passwordHash: String, isAdmin: Bool, createdAt: Int64) async throws -> AccountRecord
    /// Sets a new password chosen by its owner; a one-time password's expiry is cleared.
    func setPasswordHash(accountID: Int64, hash: String) async throws
    /// Sets a one-time password (an admin's reset), valid until `expiresAt` (Unix seconds)
    /// and to be replaced at the next login. Throws `.notFound` for an unknown id.
    func resetPassword(accountID: Int64, hash: String, expiresAt: Int64) async throws
    /// Deletes an account and everything that is its alone, in one transaction: its pets and
    /// the account row (its admin flag and treats with it). Bans on its name stay (a ban is
    /// on the name, not the character). Tables added per account later belong here too. Returns the ids of the pets deleted; throws
    /// `.notFound` for an unknown id.
    func deleteAccount(accountID: Int64) async throws -> [Int64]
}
