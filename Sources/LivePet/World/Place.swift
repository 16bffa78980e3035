/// Where a player can be: the Lobby or a pet's room. Each place is an actor that owns its
/// members, so what is said in a room is delivered by the room, in order.
public protocol Place: Actor {
    nonisolated var placeID: PlaceID { get }
    /// Shown in `who` and prompts.
    nonisolated var title: String { get }

    func enter(_ member: RoomMember, announce: String?) async
    func leave(_ sessionID: UInt64, announce: String?) async
    /// A takeover: the member keeps their place; the room hears `announce`.
    func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) async
    /// Sends `text` to everyone in the room but `except`.
    func broadcast(_ text: String, except: UInt64?) async
    func say(from member: RoomMember, text: String) async
    func emote(from member: RoomMember, text: String) async
    func occupantNames() async -> [String]
}

/// Identifies a place across actors.
public enum PlaceID: Hashable, Sendable {
    case lobby
    case pet(Int64)
}
