import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A line of talk in its parts: the talker's name (painted cyan for colour clients), the
/// words around what they said, and what they said. Encoded straight into bytes
/// (`EncodedLine`) instead of being formatted into a styled string and rendered again:
/// formatting was the largest cost of a `say` in a busy room after delivery itself.
package struct TalkLine: Sendable {
    /// A line of the global channel: `[chat] ` (magenta) before the talker, who is not painted.
    var chat = false
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
    ///
    /// `width` is the recipient's window (NAWS): `EncodedLine` wraps again for members whose
    /// width is not 80 when the line does not fit theirs.
    func wrapped(width: Int = TalkWrap.width) -> String? {
        let lead = chat ? Self.chatLead : 0
        if TalkWrap.fits(bytes: lead + talker.utf8.count + joiner.utf8.count + text.utf8.count + closing.utf8.count, width: width) { return nil }
        return TalkWrap.wrap(text, column: lead + DisplayWidth.of(talker) + DisplayWidth.of(joiner), trailing: DisplayWidth.of(closing), width: width)
    }

    /// Cells (and bytes) of `[chat] `.
    static let chatLead = 7

    /// `[chat] Name: text`, the global channel's line.
    package static func chat(_ text: String, by talker: String) -> TalkLine {
        TalkLine(chat: true, talker: talker, joiner: ": ", text: text, closing: "")
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
        TalkLine(chat: chat, talker: ASCIIText.foldScalars(talker), joiner: ASCIIText.foldScalars(joiner),
                 text: ASCIIText.foldScalars(text), closing: ASCIIText.foldScalars(closing))
    }

    /// The line without style, line end or wrapping (GMCP Comm.Channel.Text).
    var plain: String { (chat ? "[chat] " : "") + talker + joiner + text + closing }

    /// The same bytes as `TelnetOutput.appendStyled` of
    /// `"\(Styled.paint(talker, Styled.cyan))\(joiner)\(wrapped ?? text)\(closing)\n"`, where
    /// `wrapped` is what `wrapped()` returned: the parts are gathered on the stack and encoded
    /// in one pass (so a line end split across two parts encodes as it would in one string).
    func append(colour: Bool, wrapped: String?, to buffer: inout [UInt8]) {
        let lead = chat ? Styled.magenta.utf8.count + 6 + Styled.reset.utf8.count + 1 : 0
        let total = lead + Styled.cyan.utf8.count + talker.utf8.count + Styled.reset.utf8.count + joiner.utf8.count
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
            if chat {
                put(Styled.magenta)
                put("[chat]")
                put(Styled.reset)
                put(" ")
                put(talker)
            } else {
                put(Styled.cyan)
                put(talker)
                put(Styled.reset)
            }
            put(joiner)
            if let wrapped { put(wrapped) } else { put(text) }
            put(closing)
            put("\n")
            TelnetOutput.appendText(contiguous: UnsafeBufferPointer(rebasing: gathered[0..<count]), styles: colour ? .ansi : .dropped, to: &buffer)
        }
    }
}
