import LivePetNet
import LivePetSupport
import LivePetTelnet

/// Pets and the world clock.
public protocol WorldStore: Sendable {
    func loadWorld() async throws -> WorldSnapshot
    /// Inserts a new pet (its `id` is ignored) and returns it with the id assigned. Durable on return.
    /// Throws `StoreError` `.nameTaken` when a pet of that name exists ignoring case, and
    /// `.limitReached` when its owner already has `maxLive` pets alive at `pet.bornTick`:
    /// the limit is checked in the insert's own transaction, so racing adoptions from two
    /// connections cannot pass it together.
    func insertPet(_ pet: PetRecord, maxLive: Int) async throws -> PetRecord
    /// Writes one checkpoint in one transaction.
    func write(_ checkpoint: Checkpoint) async throws
}

extension WorldStore {
    /// Inserts a pet with no limit on its owner's live pets (seeding, tests).
    public func insertPet(_ pet: PetRecord) async throws -> PetRecord {
        try await insertPet(pet, maxLive: .max)
    }
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
        /// A limit the store enforces itself (live pets per owner).
        case limitReached
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
