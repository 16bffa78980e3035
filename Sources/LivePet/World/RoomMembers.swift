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
                let variant = speaker.prefs.colour.load(ordering: .relaxed) ? 1 : 0
                speaker.connection.send(encoded: Array(talk.line.bytes(variant: variant)))
            }
        }
    }

    /// Sends a pet's status to the room: the text line to members with ticks on, and
    /// GMCP `Pet.Status` to GMCP clients whatever their tick setting.
    func broadcastTick(_ status: PetStatus) {
        guard !members.isEmpty else { return }
        var encoded = EncodedLine(RoomLine(status.tickLine, spoken: status.spokenTickLine))
        var gmcp = EncodedTelnet { GMCP.encode("Pet.Status", status.gmcpJSON) }
        var batch = FlushBatch(expected: members.count)
        members.withUnsafeBufferPointer { list in
            for index in list.indices {
                list[index].prefsRef._withUnsafeGuaranteedRef { prefs in
                    list[index].connectionRef._withUnsafeGuaranteedRef { connection in
                        if prefs.ticks.load(ordering: .relaxed) {
                            connection.send(encoded: encoded.bytes(variant: prefs.variantIndex), batch: &batch)
                        }
                        if prefs.gmcp.load(ordering: .relaxed) {
                            connection.sendTelnet(encoded: gmcp.bytes(), batch: &batch)
                        }
                    }
                }
            }
        }
        batch.submit()
    }

    /// Sends GMCP `Pet.Status` only (after a feed or a treat).
    func broadcastStatus(_ status: PetStatus) {
        var gmcp = EncodedTelnet { GMCP.encode("Pet.Status", status.gmcpJSON) }
        var batch = FlushBatch(expected: members.count)
        members.withUnsafeBufferPointer { list in
            for index in list.indices {
                list[index].prefsRef._withUnsafeGuaranteedRef { prefs in
                    guard prefs.gmcp.load(ordering: .relaxed) else { return }
                    list[index].connectionRef._withUnsafeGuaranteedRef { connection in
                        connection.sendTelnet(encoded: gmcp.bytes(), batch: &batch)
                    }
                }
            }
        }
        batch.submit()
    }

    /// Sends one line to everyone but `except`, rendering and encoding each variant once.
    /// Talk passes its speaker as `from`: members who ignore them do not get it.
    /// With `channel`, GMCP clients also get Comm.Channel.Text in the same pass.
    ///
    /// This is the hot loop of every chat line: members are read through unretained
    /// references and the bytes through raw buffers, so a member costs two locks' worth of
    /// atomics and a copy, and the loops hear of the batch once at the end.
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
        var batch = FlushBatch(expected: members.count)
        members.withUnsafeBufferPointer { list in
            for index in list.indices where list[index].sessionID != except {
                list[index].prefsRef._withUnsafeGuaranteedRef { prefs in
                    if let speaker, prefs.isIgnoring(speaker) { return }
                    list[index].connectionRef._withUnsafeGuaranteedRef { connection in
                        connection.send(encoded: encoded.bytes(variant: prefs.variantIndex), batch: &batch)
                        if withChannel, prefs.gmcp.load(ordering: .relaxed) {
                            connection.sendTelnet(encoded: gmcp.bytes(), batch: &batch)
                        }
                    }
                }
            }
        }
        batch.submit()
    }

    func broadcast(_ text: String, except: UInt64? = nil) {
        broadcast(RoomLine(text), except: except)
    }
}
