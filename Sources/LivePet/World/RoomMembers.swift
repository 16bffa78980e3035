/// The people in one room, in arrival order, with broadcasting that renders each line at
/// most once per kind of client (colour or not, screen reader or not) and encodes it once.
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

    /// "You say" to the speaker, "Name says" to the others, and GMCP Comm.Channel.Text, in
    /// one pass over the room.
    func say(from member: RoomMember, text: String) {
        member.connection.send(Styled.render("You say, \"\(text)\"\n", colour: member.prefs.colour.load(ordering: .relaxed)))
        broadcast(RoomLine("\(Styled.paint(member.name, Styled.cyan)) says, \"\(text)\"\n"), except: member.sessionID, from: member.name,
                  channel: ("say", "\(member.name) says, \"\(text)\""))
        if member.prefs.gmcp.load(ordering: .relaxed) {
            member.connection.sendTelnet(encoded: GMCP.encode("Comm.Channel.Text", GMCP.channelText(channel: "say", talker: member.name, text: "\(member.name) says, \"\(text)\"")))
        }
    }

    /// "Bob waves." to everyone, the actor included.
    func emote(from member: RoomMember, text: String) {
        let joiner = text.first.map { "',.:;!?".contains($0) } == true ? "" : " "
        let line = RoomLine("\(Styled.paint(member.name, Styled.cyan))\(joiner)\(text)\n")
        broadcast(line, from: member.name, channel: ("emote", "\(member.name)\(joiner)\(text)"))
        if !contains(member.sessionID) {
            member.connection.send(line.variant(colour: member.prefs.colour.load(ordering: .relaxed), screenReader: false))
        }
    }

    /// Sends a pet's status to the room: the text line to members with ticks on, and
    /// GMCP `Pet.Status` to GMCP clients whatever their tick setting.
    func broadcastTick(_ status: PetStatus) {
        guard !members.isEmpty else { return }
        let line = RoomLine(status.tickLine, spoken: status.spokenTickLine)
        var cache = [[UInt8]?](repeating: nil, count: 4)
        var gmcp: [UInt8]?
        for member in members {
            if member.prefs.ticks.load(ordering: .relaxed) {
                member.connection.send(encoded: Self.encoded(line, for: member, cache: &cache))
            }
            if member.prefs.gmcp.load(ordering: .relaxed) {
                if gmcp == nil { gmcp = GMCP.encode("Pet.Status", status.gmcpJSON) }
                member.connection.sendTelnet(encoded: gmcp!)
            }
        }
    }

    /// Sends GMCP `Pet.Status` only (after a feed or a treat).
    func broadcastStatus(_ status: PetStatus) {
        var gmcp: [UInt8]?
        for member in members where member.prefs.gmcp.load(ordering: .relaxed) {
            if gmcp == nil { gmcp = GMCP.encode("Pet.Status", status.gmcpJSON) }
            member.connection.sendTelnet(encoded: gmcp!)
        }
    }

    /// Sends one line to everyone but `except`, rendering and encoding each variant once.
    /// Talk passes its speaker as `from`: members who ignore them do not get it.
    /// With `channel`, GMCP clients also get Comm.Channel.Text in the same pass.
    func broadcast(_ line: RoomLine, except: UInt64? = nil, from speaker: String? = nil,
                   channel: (name: String, text: String)? = nil) {
        guard !members.isEmpty else { return }
        var cache = [[UInt8]?](repeating: nil, count: 4)
        var gmcp: [UInt8]?
        for index in members.indices where members[index].sessionID != except {
            let prefs = members[index].prefs
            if let speaker, prefs.isIgnoring(speaker) { continue }
            let connection = members[index].connection
            connection.send(encoded: Self.encoded(line, variant: prefs.variantIndex, cache: &cache))
            if let channel, let speaker, prefs.gmcp.load(ordering: .relaxed) {
                if gmcp == nil {
                    gmcp = GMCP.encode("Comm.Channel.Text", GMCP.channelText(channel: channel.name, talker: speaker, text: channel.text))
                }
                connection.sendTelnet(encoded: gmcp!)
            }
        }
    }

    func broadcast(_ text: String, except: UInt64? = nil) {
        broadcast(RoomLine(text), except: except)
    }

    static func encoded(_ line: RoomLine, for member: RoomMember, cache: inout [[UInt8]?]) -> [UInt8] {
        encoded(line, variant: member.prefs.variantIndex, cache: &cache)
    }

    static func encoded(_ line: RoomLine, variant index: Int, cache: inout [[UInt8]?]) -> [UInt8] {
        if let bytes = cache[index] { return bytes }
        var bytes: [UInt8] = []
        TelnetOutput.appendText(line.variant(colour: index & 1 != 0, screenReader: index & 2 != 0), to: &bytes)
        cache[index] = bytes
        return bytes
    }
}
