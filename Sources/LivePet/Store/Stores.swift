import Foundation
import LivePetSupport
import LivePetWorld

/// Accounts. Every method that changes something returns only after it is durable.
public protocol AccountStore: Sendable {
    /// Case-insensitive lookup.
    func account(named name: String) async throws -> AccountRecord?
    /// Creates an account; throws `StoreError` with kind `.nameTaken` if the name exists ignoring case.
    func createAccount(name: String, passwordHash: String, isAdmin: Bool, createdAt: Int64) async throws -> AccountRecord
    func setPasswordHash(accountID: Int64, hash: String) async throws
}
