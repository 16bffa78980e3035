/// The room everyone starts in.
public actor Lobby: Place {
    public nonisolated let placeID = PlaceID.lobby
    public nonisolated let title = "Lobby"
    var members = RoomMembers()

    public init() {}

    public func enter(_ member: RoomMember, announce: String?) {
        if let announce { members.announce(announce, except: member.sessionID) }
        members.add(member)
    }

    public func leave(_ sessionID: UInt64, announce: String?) {
        guard members.remove(sessionID) != nil else { return }
        if let announce { members.announce(announce) }
    }

    public func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) {
        members.replace(oldSessionID, with: member)
        if let announce { members.announce(announce, except: member.sessionID) }
    }

    public func broadcast(_ text: String, except: UInt64?) {
        members.broadcast(text, except: except)
    }

    public func say(from member: RoomMember, text: String) {
        members.say(from: member, text: text)
    }

    public func emote(from member: RoomMember, text: String) {
        members.emote(from: member, text: text)
    }

    public func occupantNames() -> [String] {
        members.names
    }
}
