/// A line of talk in its parts: the talker's name (painted cyan for colour clients), the
/// words around what they said, and what they said. Encoded straight into bytes
/// (`EncodedLine`) instead of being formatted into a styled string and rendered again:
/// formatting was the largest cost of a `say` in a busy room after delivery itself.
struct TalkLine: Sendable {
    let talker: String
    /// Between the name and the text: `" says, \""` for say, `" "` or `""` for emote.
    let joiner: String
    let text: String
    /// After the text: `"\""` for say, nothing for emote.
    let closing: String

    static func say(_ text: String, by talker: String) -> TalkLine {
        TalkLine(talker: talker, joiner: " says, \"", text: text, closing: "\"")
    }

    /// An emote joins its text with a space unless the text starts with punctuation
    /// ("Ann's cat", "Ann, again").
    static func emote(_ text: String, by talker: String) -> TalkLine {
        let joiner = text.first.map { "',.:;!?".contains($0) } == true ? "" : " "
        return TalkLine(talker: talker, joiner: joiner, text: text, closing: "")
    }

    /// The line without style or line end (GMCP Comm.Channel.Text).
    var plain: String { talker + joiner + text + closing }

    /// The same bytes as `TelnetOutput.appendStyled` of
    /// `"\(Styled.paint(talker, Styled.cyan))\(joiner)\(text)\(closing)\n"`: the parts are
    /// gathered on the stack and encoded in one pass (so a line end split across two parts
    /// encodes as it would in one string).
    func append(colour: Bool, to buffer: inout [UInt8]) {
        let total = Styled.cyan.utf8.count + talker.utf8.count + Styled.reset.utf8.count + joiner.utf8.count
            + text.utf8.count + closing.utf8.count + 1
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { gathered in
            var count = 0
            func put(_ part: String) {
                var part = part
                part.withUTF8 { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: gathered[count..<count + bytes.count]).initialize(from: bytes)
                    count += bytes.count
                }
            }
            put(Styled.cyan)
            put(talker)
            put(Styled.reset)
            put(joiner)
            put(text)
            put(closing)
            put("\n")
            TelnetOutput.appendText(contiguous: UnsafeBufferPointer(rebasing: gathered[0..<count]), styles: colour ? .ansi : .dropped, to: &buffer)
        }
    }
}
