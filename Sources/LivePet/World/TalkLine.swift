import LivePetNet
import LivePetSupport
import LivePetTelnet

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
    /// `text` broken with a hanging indent when the whole line is wider than 80 cells, so that
    /// no row of it starts with the player's words (`TalkWrap`); nil when it fits, as nearly
    /// every line does, found with one compare of byte counts. `EncodedLine` calls this once
    /// per line and hands the result to `append` for every kind of client: kept out of this
    /// struct, which is copied a few times per line, so a short line's copies cost nothing more.
    func wrapped() -> String? {
        if TalkWrap.fits(bytes: talker.utf8.count + joiner.utf8.count + text.utf8.count + closing.utf8.count) { return nil }
        return TalkWrap.wrap(text, column: DisplayWidth.of(talker) + DisplayWidth.of(joiner), trailing: DisplayWidth.of(closing))
    }

    static func say(_ text: String, by talker: String) -> TalkLine {
        TalkLine(talker: talker, joiner: " says, \"", text: text, closing: "\"")
    }

    /// An emote joins its text with a space unless the text starts with punctuation
    /// ("Ann's cat", "Ann, again").
    static func emote(_ text: String, by talker: String) -> TalkLine {
        let joiner = text.first.map { "',.:;!?".contains($0) } == true ? "" : " "
        return TalkLine(talker: talker, joiner: joiner, text: text, closing: "")
    }

    /// The same line for a client without UTF-8 (`ASCIIText`), to be wrapped by its own widths.
    func foldedToASCII() -> TalkLine {
        TalkLine(talker: ASCIIText.foldScalars(talker), joiner: ASCIIText.foldScalars(joiner),
                 text: ASCIIText.foldScalars(text), closing: ASCIIText.foldScalars(closing))
    }

    /// The line without style, line end or wrapping (GMCP Comm.Channel.Text).
    var plain: String { talker + joiner + text + closing }

    /// The same bytes as `TelnetOutput.appendStyled` of
    /// `"\(Styled.paint(talker, Styled.cyan))\(joiner)\(wrapped ?? text)\(closing)\n"`, where
    /// `wrapped` is what `wrapped()` returned: the parts are gathered on the stack and encoded
    /// in one pass (so a line end split across two parts encodes as it would in one string).
    func append(colour: Bool, wrapped: String?, to buffer: inout [UInt8]) {
        let total = Styled.cyan.utf8.count + talker.utf8.count + Styled.reset.utf8.count + joiner.utf8.count
            + (wrapped?.utf8.count ?? text.utf8.count) + closing.utf8.count + 1
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
            if let wrapped { put(wrapped) } else { put(text) }
            put(closing)
            put("\n")
            TelnetOutput.appendText(contiguous: UnsafeBufferPointer(rebasing: gathered[0..<count]), styles: colour ? .ansi : .dropped, to: &buffer)
        }
    }
}
