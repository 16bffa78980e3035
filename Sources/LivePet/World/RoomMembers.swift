import LivePetNet
import LivePetSupport
import LivePetTelnet

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

    /// Delivers talk made ready outside the lock (`RoomTalk`) in one pass over the room:
    /// the line and, for GMCP clients, Comm.Channel.Text.
    func deliver(_ talk: inout RoomTalk) {
        let speaker = talk.speaker
        switch talk.kind {
        case .say:
            speaker.connection.send(encoded: talk.echo)
            broadcast(&talk.line, except: speaker.sessionID, from: speaker.name, channel: (talk.channel, talk.talk))
            if let gmcp = talk.speakerChannel { speaker.connection.sendTelnet(encoded: gmcp) }
        case .emote:
            broadcast(&talk.line, from: speaker.name, channel: (talk.channel, talk.talk))
            if !contains(speaker.sessionID) {
                // Not in the room (it changed under them): they still see what they did.
                let variant = EncodedLine.variant(speaker.prefs, speaker.connection) & ~2
                speaker.connection.send(encoded: Array(talk.line.bytes(variant: variant)))
            }
        }
    }

    /// Sends GMCP `Pet.Status` only (after a feed or a treat).
    func broadcastStatus(_ status: PetStatus) {
        var none = EncodedLine.none
        var gmcp = EncodedTelnet { GMCP.encode("Pet.Status", status.gmcpJSON) }
        Fanout.deliver(&none, telnet: &gmcp, to: members) { prefs in
            prefs.gmcp.load(ordering: .relaxed) ? .telnet : []
        }
    }

    /// Sends one line to everyone but `except`, rendering and encoding each variant once.
    /// Talk passes its speaker as `from`: members who ignore them do not get it.
    /// With `channel`, GMCP clients also get Comm.Channel.Text in the same pass.
    func broadcast(_ line: RoomLine, except: UInt64? = nil, from speaker: String? = nil,
                   channel: (name: String, line: TalkLine)? = nil) {
        guard !members.isEmpty else { return }
        var encoded = EncodedLine(line)
        broadcast(&encoded, except: except, from: speaker, channel: channel)
    }

    /// `broadcast` of a line already (partly) encoded.
    func broadcast(_ encoded: inout EncodedLine, except: UInt64? = nil, from speaker: String? = nil,
                   channel: (name: String, line: TalkLine)? = nil) {
        guard !members.isEmpty else { return }
        var gmcp = EncodedTelnet {
            guard let channel, let speaker else { return [] }
            return GMCP.encode("Comm.Channel.Text", GMCP.channelText(channel: channel.name, talker: speaker, text: channel.line.plain))
        }
        let withChannel = channel != nil && speaker != nil
        Fanout.deliver(&encoded, telnet: &gmcp, to: members, except: except) { prefs in
            if let speaker, prefs.isIgnoring(speaker) { return [] }
            return withChannel && prefs.gmcp.load(ordering: .relaxed) ? [.line, .telnet] : .line
        }
    }

    func broadcast(_ text: String, except: UInt64? = nil) {
        broadcast(RoomLine(text), except: except)
    }
}
