/// The room everyone starts in.
public actor Lobby: Place {
    public nonisolated let placeID = PlaceID.lobby
    public nonisolated let title = "Lobby"
    var members = RoomMembers()

    public init() {}

    public func enter(_ member: RoomMember, announce: String?) {
        if let announce { members.broadcast(announce, except: member.sessionID) }
        members.add(member)
    }

    public func leave(_ sessionID: UInt64, announce: String?) {
        guard members.remove(sessionID) != nil else { return }
        if let announce { members.broadcast(announce) }
    }

    public func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) {
        members.replace(oldSessionID, with: member)
        if let announce { members.broadcast(announce, except: member.sessionID) }
    }

    public func broadcast(_ text: String, except: UInt64?) {
        members.broadcast(text, except: except)
    }

    public func say(from member: RoomMember, text: String) {
        member.connection.send("You say, \"\(text)\"\n")
        members.broadcast("\(member.name) says, \"\(text)\"\n", except: member.sessionID)
    }

    public func emote(from member: RoomMember, text: String) {
        members.broadcast(Lobby.emoteLine(name: member.name, text: text))
        if !members.contains(member.sessionID) { member.connection.send(Lobby.emoteLine(name: member.name, text: text)) }
    }

    public func occupantNames() -> [String] {
        members.names
    }

    /// "Bob waves." — no space before a possessive or punctuation ("Bob's", "Bob, ...").
    static func emoteLine(name: String, text: String) -> String {
        let joiner = text.first.map { "',.:;!?".contains($0) } == true ? "" : " "
        return "\(name)\(joiner)\(text)\n"
    }
}
