import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A pet's durable state. The live state at world tick `t` is derived in closed form
/// (see `PetState`): age is `t - bornTick`, hunger grows from `hunger` at `hungerTick`.
public struct PetRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// Species name as in `Species.rawValue` (e.g. "sea_turtle").
    public var species: String
    public var ownerID: Int64
    /// World tick at adoption.
    public var bornTick: Int64
    /// Hunger as of `hungerTick` (0...500).
    public var hunger: Int
    /// World tick at which `hunger` was last set (adoption, feed or treat).
    public var hungerTick: Int64

    public init(id: Int64, name: String, species: String, ownerID: Int64, bornTick: Int64, hunger: Int, hungerTick: Int64) {
        self.id = id
        self.name = name
        self.species = species
        self.ownerID = ownerID
        self.bornTick = bornTick
        self.hunger = hunger
        self.hungerTick = hungerTick
    }
}

/// The changing part of a pet, written by checkpoints.
public struct PetHungerRow: Sendable, Equatable {
    public var id: Int64
    public var hunger: Int
    public var hungerTick: Int64

    public init(id: Int64, hunger: Int, hungerTick: Int64) {
        self.id = id
        self.hunger = hunger
        self.hungerTick = hungerTick
    }
}

/// Everything a server needs at start.
public struct WorldSnapshot: Sendable {
    /// The world tick at the last checkpoint (simulation time does not run while down).
    public var tick: Int64
    /// Every pet, ordered by `NameKey` (byte order of the lowercased name), so the
    /// directory's name index needs no sort at start.
    public var pets: [PetRecord]
    /// Owner names by account id, for listings.
    public var ownerNames: [Int64: String]
    /// Treats held, by account id.
    public var treats: [Int64: Int]
    /// Unix seconds of the last treat refill (0: never).
    public var lastRefill: Int64

    public init(tick: Int64, pets: [PetRecord], ownerNames: [Int64: String], treats: [Int64: Int] = [:], lastRefill: Int64 = 0) {
        self.tick = tick
        self.pets = pets
        self.ownerNames = ownerNames
        self.treats = treats
        self.lastRefill = lastRefill
    }
}

/// What changed since the last checkpoint, written in one transaction.
public struct Checkpoint: Sendable {
    public var tick: Int64
    public var pets: [PetHungerRow]
    /// Treat counts by account id.
    public var treats: [Int64: Int]
    /// Unix seconds of the last treat refill.
    public var lastRefill: Int64
    /// Visits and treats since the last checkpoint, for owners' login summaries (`PetEventLog`).
    public var events: [PetEvent]
    /// Treats given per account since the last checkpoint (added to `treats_given`).
    public var treatsGiven: [Int64: Int]

    public init(tick: Int64, pets: [PetHungerRow], treats: [Int64: Int], lastRefill: Int64 = 0,
                events: [PetEvent] = [], treatsGiven: [Int64: Int] = [:]) {
        self.tick = tick
        self.pets = pets
        self.treats = treats
        self.lastRefill = lastRefill
        self.events = events
        self.treatsGiven = treatsGiven
    }
}
