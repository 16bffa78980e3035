import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A line of talk made ready before its room's lock is taken: the strings are built and the
/// speaker's own kind of client encoded outside it, so the lock covers only the pass over
/// the members. Two people talking in one busy room wait for each other's delivery, not for
/// each other's formatting (in a 100-member room, the waiting was 5 % of the server's CPU).
struct RoomTalk: ~Copyable {
    enum Kind {
        /// "You say" to the speaker, "Name says" to the others.
        case say
        /// "Name waves." to everyone, the speaker included.
        case emote
    }

    let kind: Kind
    let speaker: RoomMember
    let talk: TalkLine
    var line: EncodedLine
    /// For `say`: "You say, ..." encoded for the speaker.
    let echo: [UInt8]
    /// The GMCP channel (Comm.Channel.Text) members with GMCP also get.
    var channel: String { kind == .say ? "say" : "emote" }
    /// The same for the speaker, encoded, if they have GMCP (`say` only: an emote's speaker
    /// hears it with the room).
    let speakerChannel: [UInt8]?

    init(saying text: String, from member: RoomMember) {
        kind = .say
        speaker = member
        talk = .say(text, by: member.name)
        line = EncodedLine(talk)
        var echo: [UInt8] = []
        echo.reserveCapacity(text.utf8.count + 16)
        echo.append(contentsOf: "You say, \"".utf8)
        // Not wrapped (`TalkWrap`): on the speaker's own screen their words forge nothing.
        TelnetOutput.appendText(text, to: &echo)
        echo.append(contentsOf: "\"\r\n".utf8)
        self.echo = member.connection.charset == .ascii ? ASCIIText.fold(bytes: echo) : echo
        speakerChannel = member.prefs.gmcp.load(ordering: .relaxed)
            ? GMCP.encode("Comm.Channel.Text", GMCP.channelText(channel: "say", talker: member.name, text: talk.plain))
            : nil
        // The likeliest variant the room needs (people in one room tend to use one client).
        _ = line.bytes(variant: EncodedLine.variant(member.prefs, member.connection))
    }

    init(emoting text: String, from member: RoomMember) {
        kind = .emote
        speaker = member
        talk = .emote(text, by: member.name)
        line = EncodedLine(talk)
        echo = []
        speakerChannel = nil
        _ = line.bytes(variant: EncodedLine.variant(member.prefs, member.connection))
    }
}
