/// The people in one room, in arrival order, with one-encode broadcasting.
/// A value type owned by the actor that owns the room (the Lobby, or a pet).
struct RoomMembers: Sendable {
    private(set) var members: [RoomMember] = []

    var count: Int { members.count }
    var isEmpty: Bool { members.isEmpty }
    var names: [String] { members.map(\.name) }

    func contains(_ sessionID: UInt64) -> Bool {
        members.contains { $0.sessionID == sessionID }
    }

    mutating func add(_ member: RoomMember) {
        members.removeAll { $0.sessionID == member.sessionID }
        members.append(member)
    }

    @discardableResult
    mutating func remove(_ sessionID: UInt64) -> RoomMember? {
        guard let index = members.firstIndex(where: { $0.sessionID == sessionID }) else { return nil }
        return members.remove(at: index)
    }

    /// Swaps a member for their new connection (a takeover) keeping their place.
    @discardableResult
    mutating func replace(_ oldSessionID: UInt64, with member: RoomMember) -> Bool {
        guard let index = members.firstIndex(where: { $0.sessionID == oldSessionID }) else {
            add(member)
            return false
        }
        members[index] = member
        return true
    }

    /// "You say" to the speaker, "Name says" to the others.
    func say(from member: RoomMember, text: String) {
        member.connection.send("You say, \"\(text)\"\n")
        broadcast("\(member.name) says, \"\(text)\"\n", except: member.sessionID)
    }

    /// "Bob waves." to everyone, the actor included.
    func emote(from member: RoomMember, text: String) {
        let joiner = text.first.map { "',.:;!?".contains($0) } == true ? "" : " "
        let line = "\(member.name)\(joiner)\(text)\n"
        broadcast(line)
        if !contains(member.sessionID) { member.connection.send(line) }
    }

    /// Sends a pet's status line to the members who have ticks on.
    func broadcastTick(_ text: String) {
        guard !members.isEmpty else { return }
        var bytes: [UInt8] = []
        TelnetOutput.appendText(text, to: &bytes)
        for member in members where member.prefs.ticks.load(ordering: .relaxed) {
            member.connection.send(encoded: bytes)
        }
    }

    /// Sends one line to everyone but `except`, encoding it once.
    func broadcast(_ text: String, except: UInt64? = nil) {
        guard !members.isEmpty else { return }
        var bytes: [UInt8] = []
        TelnetOutput.appendText(text, to: &bytes)
        for member in members where member.sessionID != except {
            member.connection.send(encoded: bytes)
        }
    }
}
