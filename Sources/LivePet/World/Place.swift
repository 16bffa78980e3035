import LivePetNet
import LivePetSupport
import LivePetTelnet

/// Where a player can be: the Lobby or a pet's room. Each place is an actor; its members sit
/// in a `RoomRoster` the place owns, so talk is delivered by the speaker's own thread without
/// a hop to the room, and in one order for everyone.
public protocol Place: Actor {
    nonisolated var placeID: PlaceID { get }
    /// Shown in `who` and prompts.
    nonisolated var title: String { get }
    /// Lends out who is here, and the lock that orders what they hear.
    nonisolated func withRoster<Result>(_ body: (borrowing RoomRoster) -> Result) -> Result

    func enter(_ member: RoomMember, announce: String?) async
    func leave(_ sessionID: UInt64, announce: String?) async
    /// A takeover: the member keeps their place; the room hears `announce`.
    func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) async
    /// Sends `text` to everyone in the room but `except`.
    nonisolated func broadcast(_ text: String, except: UInt64?)
    nonisolated func say(from member: RoomMember, text: String)
    nonisolated func emote(from member: RoomMember, text: String)
    nonisolated func occupantNames() -> [String]
}

extension Place {
    public nonisolated func broadcast(_ text: String, except: UInt64?) {
        withRoster { $0.broadcast(text, except: except) }
    }

    public nonisolated func say(from member: RoomMember, text: String) {
        withRoster { $0.say(from: member, text: text) }
    }

    public nonisolated func emote(from member: RoomMember, text: String) {
        withRoster { $0.emote(from: member, text: text) }
    }

    public nonisolated func occupantNames() -> [String] {
        withRoster { $0.names }
    }
}

/// Identifies a place across actors.
public enum PlaceID: Hashable, Sendable {
    case lobby
    case pet(Int64)
}
