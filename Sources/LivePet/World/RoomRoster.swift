import LivePetNet
import LivePetSupport
import LivePetTelnet
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

    /// Adds `member` after telling the others `announce` (and GMCP `Room.Players`, or it
    /// waits for the tick: `RoomMembers.playersChanged`); returns how many are here.
    @discardableResult
    func enter(_ member: RoomMember, announce: String?) -> Int {
        members.withLock { members in
            if let announce { members.announce(announce, except: member.sessionID) }
            members.add(member)
            // The newcomer gets the list with its Room.Info.
            _ = members.playersChanged(except: member.sessionID)
            return members.count
        }
    }

    /// Removes a member and tells the rest `announce` (and `Room.Players`, as `enter`);
    /// returns how many are left, or nil when they were not here.
    @discardableResult
    func leave(_ sessionID: UInt64, announce: String?) -> Int? {
        members.withLock { members in
            guard members.remove(sessionID) != nil else { return nil }
            if let announce { members.announce(announce) }
            _ = members.playersChanged(except: nil)
            return members.count
        }
    }

    /// Whether a room of `count` left its `Room.Players` for the tick (`flushPlayers`).
    static func playersDeferred(count: Int) -> Bool {
        count > RoomMembers.playersSentAtOnce
    }

    /// The tick's `Room.Players` for a crowded room whose members changed.
    func flushPlayers() {
        members.withLock { $0.broadcastPlayers() }
    }

    /// A takeover: the member keeps their place; returns how many are here.
    @discardableResult
    func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) -> Int {
        members.withLock { members in
            members.replace(oldSessionID, with: member)
            if let announce { members.announce(announce, except: member.sessionID) }
            return members.count
        }
    }

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
