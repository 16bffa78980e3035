import LivePetNet
import LivePetSupport
import LivePetTelnet

/// What `pets` lists.
public enum PetFilter: Sendable, Equatable {
    /// Pets with visitors first (most visitors first), then every other pet by id.
    case all
    case mine(ownerID: Int64)
    case live
    case dead
    /// Names starting with this text, ignoring case, in name order.
    case prefix(String)
}
