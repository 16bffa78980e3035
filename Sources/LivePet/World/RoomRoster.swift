import Synchronization

/// The people in one place, behind the lock that orders everything said there (Lobby and
/// Pet each keep one inline: a separate object per pet was 42 MiB more for a million pets).
/// Talk is delivered by the speaker's own thread without a hop to the room's actor, and in
/// one order for everyone: a line is queued to all members, and the speaker's echo to the
/// speaker, while the lock is held.
public struct RoomRoster: ~Copyable, Sendable {
    private let members = Mutex(RoomMembers())

    init() {}

    /// Reads or changes the members under the lock.
    func withMembers<Result: Sendable>(_ body: (inout RoomMembers) -> Result) -> Result {
        members.withLock { body(&$0) }
    }

    var names: [String] { members.withLock { $0.names } }

    func broadcast(_ text: String, except: UInt64?) {
        members.withLock { $0.broadcast(text, except: except) }
    }

    func say(from member: RoomMember, text: String) {
        var talk = RoomTalk(saying: text, from: member)
        members.withLock { $0.deliver(&talk) }
    }

    func emote(from member: RoomMember, text: String) {
        var talk = RoomTalk(emoting: text, from: member)
        members.withLock { $0.deliver(&talk) }
    }
}
