import LivePetNet
import LivePetSupport
import LivePetTelnet

/// Something that happened to a pet that its owner hears about at their next login: a visit
/// or a treat, by someone, `count` times up to world tick `tick` (coalesced: "Bob visited 3
/// times" is one event). Deaths are not logged: a pet's death tick follows from its birth.
public struct PetEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case visit
        case treat
    }

    public var petID: Int64
    public var kind: Kind
    /// The visitor or the giver, as shown.
    public var actor: String
    public var count: Int
    /// The world tick of the latest occurrence.
    public var tick: Int64

    public init(petID: Int64, kind: Kind, actor: String, count: Int, tick: Int64) {
        self.petID = petID
        self.kind = kind
        self.actor = actor
        self.count = count
        self.tick = tick
    }
}
