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
    var line: EncodedLine
    /// For `say`: "You say, ..." encoded for the speaker.
    let echo: [UInt8]
    /// GMCP Comm.Channel.Text, for members with GMCP.
    let channel: (name: String, text: String)
    /// The same for the speaker, encoded, if they have GMCP (`say` only: an emote's speaker
    /// hears it with the room).
    let speakerChannel: [UInt8]?

    init(saying text: String, from member: RoomMember) {
        kind = .say
        speaker = member
        let said = "\(member.name) says, \"\(text)\""
        line = EncodedLine(RoomLine("\(Styled.paint(member.name, Styled.cyan)) says, \"\(text)\"\n"))
        var echo: [UInt8] = []
        TelnetOutput.appendText(Styled.render("You say, \"\(text)\"\n", colour: member.prefs.colour.load(ordering: .relaxed)), to: &echo)
        self.echo = echo
        channel = ("say", said)
        speakerChannel = member.prefs.gmcp.load(ordering: .relaxed)
            ? GMCP.encode("Comm.Channel.Text", GMCP.channelText(channel: "say", talker: member.name, text: said))
            : nil
        // The likeliest variant the room needs (people in one room tend to use one client).
        _ = line.bytes(variant: member.prefs.variantIndex)
    }

    init(emoting text: String, from member: RoomMember) {
        kind = .emote
        speaker = member
        let joiner = text.first.map { "',.:;!?".contains($0) } == true ? "" : " "
        line = EncodedLine(RoomLine("\(Styled.paint(member.name, Styled.cyan))\(joiner)\(text)\n"))
        echo = []
        channel = ("emote", "\(member.name)\(joiner)\(text)")
        speakerChannel = nil
        _ = line.bytes(variant: member.prefs.variantIndex)
    }
}
