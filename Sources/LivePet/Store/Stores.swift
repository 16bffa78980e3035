import Foundation

/// Accounts. Every method that changes something returns only after it is durable.
public protocol AccountStore: Sendable {
    /// Case-insensitive lookup.
    func account(named name: String) async throws -> AccountRecord?
    /// Creates an account; throws `StoreError` with kind `.nameTaken` if the name exists ignoring case.
    func createAccount(name: String, passwordHash: String, isAdmin: Bool, createdAt: Int64) async throws -> AccountRecord
    func setPasswordHash(accountID: Int64, hash: String) async throws
}

/// Pets and the world clock.
public protocol WorldStore: Sendable {
    func loadWorld() async throws -> WorldSnapshot
    /// Inserts a new pet (its `id` is ignored) and returns it with the id assigned. Durable on return.
    /// Throws `StoreError` `.nameTaken` when a pet of that name exists ignoring case.
    func insertPet(_ pet: PetRecord) async throws -> PetRecord
    /// Writes one checkpoint in one transaction.
    func write(_ checkpoint: Checkpoint) async throws
}

/// A store failure with a readable description that never contains SQL or secrets.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case nameTaken
        case notFound
        case io
        case corrupt
        case locked
        case tooNew
        case other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
