/// Player text relayed to other people's terminals, broken into lines by the server before a
/// terminal can wrap it.
///
/// Runs of whitespace are collapsed at input (`TextSanitizer.clean`), but a player can pad with
/// visible characters instead: `emote waves ........ [chat] admin: Server moved` is one line,
/// and an 80-column terminal wraps it so that its second row starts with `[chat]`, exactly
/// like a chat line. So a line with player text wider than `width` cells is broken here, at
/// spaces, with a "\n" (which the telnet encoder sends as CR LF, like every line end), and each
/// continuation line starts with `indent`. No line the server sends unasked (talk, chat,
/// arrivals, notices) starts with a space, so an indented continuation cannot pass for one; a
/// word too long for a line is cut between characters. (Rows of the tables a player asks for,
/// `pets`, `help`, `look`, are indented, but their columns are two spaces apart, which the
/// sanitizer makes impossible in player text.) Replies the session breaks at the client's window
/// width (`Session.wrap`) and the room's lines about a pet (feeding, treats, death) are broken
/// here too, so their continuation rows start with the same indent.
///
/// Talk is wrapped to each recipient's window width (NAWS, 80 until the client says): a line
/// is encoded once per kind of client at 80 columns, and again only for members of another
/// width whose line does not fit as it is (`EncodedLine`); tells to the recipient's width.
/// The room's lines about a pet (tick lines, reactions, feeding) are made for 80 columns.
/// A word is cut only when it is longer than a row, and never just before a hyphen.
///
/// Wrapped: say and emote (`TalkLine`, every kind of client alike), chat, tell, and the AFK
/// message a teller gets back. Not wrapped: GMCP Comm.Channel.Text (JSON, not a terminal
/// line), and the echoes of a player's own words to that player ("You say", "You tell",
/// "You are now AFK"), which can forge nothing on anyone else's screen.
package enum TalkWrap {
    /// The width a client gets until NAWS says otherwise. A constant the compiler sees across
    /// modules (not a `static let`, whose lazy addressor the fan-out called once per member).
    @inlinable package static var width: Int { 80 }
    /// Starts every continuation line.
    static let indent = "    "

    /// Whether a line of `bytes` UTF-8 bytes (style markers left out) fits without looking
    /// at it: a grapheme takes at most as many cells as it has bytes (two cells take a
    /// scalar of three or more bytes), so this is all a short line costs.
    @inline(__always)
    package static func fits(bytes: Int, width: Int = width) -> Bool {
        bytes <= width
    }

    /// `text` ready to be written after `prefix` and before `suffix`, the server's words on the
    /// same line (without style markers): unchanged when the line fits in `width` cells.
    package static func wrap(_ text: String, after prefix: String, before suffix: String = "", width: Int = width) -> String {
        if fits(bytes: prefix.utf8.count + text.utf8.count + suffix.utf8.count, width: width) { return text }
        return wrap(text, column: DisplayWidth.of(prefix), trailing: DisplayWidth.of(suffix), width: width)
    }

    /// `text` starting at cell `column` of a line (after the server's prefix) and followed by
    /// `trailing` cells of the server's (a closing quote), broken so that no line is wider
    /// than `width` cells: at a space where it can (the space is dropped), before the first
    /// word if the prefix leaves no room for it, and inside a word longer than a whole line.
    /// Returns `text` itself when everything fits. `text` is one line: sanitized text has no
    /// line breaks of its own.
    package static func wrap(_ text: String, column start: Int, trailing: Int = 0, width: Int = width) -> String {
        if start + DisplayWidth.of(text) + trailing <= width { return text }
        let indentCells = indent.utf8.count
        let width = max(width, indentCells + 2)
        // Where the last word ends: the closing has to fit after it.
        guard let lastWord = text.lastIndex(where: { $0 != " " }) else { return text }

        var out = ""
        out.reserveCapacity(text.utf8.count + (text.utf8.count / 32 + 2) * (indentCells + 1))
        var column = start
        // Whether the line holds something a break can come after (the prefix counts).
        var lineHasText = start > 0
        var spaces = 0 // since the last word: written only if a word follows on the same line

        func newLine() {
            out += "\n"
            out += indent
            column = indentCells
            lineHasText = false
        }

        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == " " {
                spaces += 1
                index = text.index(after: index)
                continue
            }
            let wordEnd = text[index...].firstIndex(of: " ") ?? text.endIndex
            let word = text[index..<wordEnd]
            let isLast = index <= lastWord && lastWord < wordEnd
            index = wordEnd
            var cells = 0
            for character in word { cells += DisplayWidth.of(character) }
            let needed = cells + (isLast ? trailing : 0)

            if column + spaces + needed <= width {
                out += String(repeating: " ", count: spaces)
                out += word
                column += spaces + cells
            } else if lineHasText, indentCells + needed <= width {
                newLine()
                out += word
                column += cells
            } else {
                // Too wide for any line: start it here if a character fits, then cut it.
                let firstCells = word.first.map { DisplayWidth.of($0) } ?? 0
                if column + spaces + firstCells <= width {
                    out += String(repeating: " ", count: spaces)
                    column += spaces
                } else if lineHasText {
                    newLine()
                }
                var onRow = 0 // characters of this word on the current row
                for character in word {
                    let cells = DisplayWidth.of(character)
                    if column + cells > width, lineHasText {
                        if character == "-", onRow >= 2, let last = out.last {
                            // Never a row starting with a hyphen ("Guest" / "-1000"): the
                            // character before it goes down with it.
                            out.removeLast()
                            newLine()
                            out.append(last)
                            column += DisplayWidth.of(last)
                            onRow = 1
                        } else {
                            newLine()
                            onRow = 0
                        }
                    }
                    out.append(character)
                    column += cells
                    onRow += 1
                    lineHasText = true
                }
                if isLast, column + trailing > width { newLine() }
            }
            lineHasText = true
            spaces = 0
            if isLast { break }
        }
        return out
    }
}
