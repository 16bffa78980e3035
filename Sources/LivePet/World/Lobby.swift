import Synchronization

/// The room everyone starts in.
public actor Lobby: Place {
    public nonisolated let placeID = PlaceID.lobby
    public nonisolated let title = "Lobby"
    /// Locked, not actor state: talk is delivered from the speaker's thread (see `Place`).
    private nonisolated let members = Mutex(RoomMembers())

    public init() {}

    public func enter(_ member: RoomMember, announce: String?) {
        members.withLock { members in
            if let announce { members.announce(announce, except: member.sessionID) }
            members.add(member)
        }
    }

    public func leave(_ sessionID: UInt64, announce: String?) {
        members.withLock { members in
            guard members.remove(sessionID) != nil else { return }
            if let announce { members.announce(announce) }
        }
    }

    public func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) {
        members.withLock { members in
            members.replace(oldSessionID, with: member)
            if let announce { members.announce(announce, except: member.sessionID) }
        }
    }

    public nonisolated func broadcast(_ text: String, except: UInt64?) {
        members.withLock { $0.broadcast(text, except: except) }
    }

    public nonisolated func say(from member: RoomMember, text: String) {
        var talk = RoomTalk(saying: text, from: member)
        members.withLock { $0.deliver(&talk) }
    }

    public nonisolated func emote(from member: RoomMember, text: String) {
        var talk = RoomTalk(emoting: text, from: member)
        members.withLock { $0.deliver(&talk) }
    }

    public nonisolated func occupantNames() -> [String] {
        members.withLock { $0.names }
    }
}
