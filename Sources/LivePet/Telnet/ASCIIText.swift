import Foundation
import LivePetSupport

/// Text for clients that cannot show UTF-8 (`TelnetCharset.ascii`): every scalar becomes
/// 7-bit ASCII, so such a client never shows mojibake (`b!b!b!` for hearts).
///
/// What the server draws has an ASCII form chosen here (hearts `<3` and `..`, box lines,
/// arrows, the ellipsis, the degree sign of the crab's eyes); anything else, players' names
/// and talk included, is transliterated where a letter is plainly there (`é` → `e`,
/// `ß` → `ss`, fullwidth `Ｆ` → `F`, through Unicode compatibility decomposition) and is `?`
/// otherwise. Combining marks and invisible joiners vanish. Style markers (`Styled`, private
/// use U+E000...U+E008) are kept for the renderer. One ASCII variant serves Latin-1 and
/// ASCII clients alike: nothing above 0x7F is ever sent to either.
public enum ASCIIText {
    /// `text` in ASCII; `text` itself when it already is (the common case costs one scan).
    ///
    /// Some forms are wider than what they replace (`♥` is one cell, `<3` two; `…`, `—`,
    /// `ß`), so a row the server made to fit 80 columns could grow past them, and the
    /// terminal would start a row of its own inside a player's words, where they could pass
    /// for a line of the server's. A row that grows past 80 columns is wrapped again, with
    /// `TalkWrap`'s hanging indent, as the server wraps talk.
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        let folded = foldScalars(text)
        let width = TalkWrap.width
        guard visibleWidth(folded) > width else { return folded }
        let before = text.split(separator: "\n", omittingEmptySubsequences: false)
        var rows = folded.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard before.count == rows.count else { return folded }
        for index in rows.indices {
            let cells = visibleWidth(rows[index])
            if cells > width, cells > visibleWidth(String(before[index])) {
                rows[index] = TalkWrap.wrap(rows[index], column: 0)
            }
        }
        return rows.joined(separator: "\n")
    }

    /// Every scalar in its ASCII form, nothing wrapped again (the caller wraps: `TalkLine`).
    public static func foldScalars(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { append(scalar, to: &out) }
        return out
    }

    /// Cells a row takes on screen: its ANSI escapes (`ESC [ ... letter`) take none.
    static func visibleWidth(_ row: String) -> Int {
        guard row.utf8.contains(0x1B) else { return DisplayWidth.of(row) }
        var plain = ""
        var inEscape = false
        for scalar in row.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value), scalar != "[" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                plain.unicodeScalars.append(scalar)
            }
        }
        return DisplayWidth.of(plain)
    }

    /// UTF-8 bytes (already encoded for telnet: CR LF, ANSI escapes) in ASCII.
    public static func fold(bytes: some Collection<UInt8>) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return Array(bytes) }
        return Array(fold(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    /// The ASCII form of one scalar appended to `out`.
    static func append(_ scalar: Unicode.Scalar, to out: inout String) {
        if scalar.isASCII || (0xE000...0xE008).contains(scalar.value) {
            out.unicodeScalars.append(scalar)
        } else if let drawn = drawn[scalar.value] {
            out += drawn
        } else if invisible(scalar) {
            return
        } else {
            out += transliterated(scalar)
        }
    }

    /// What the server draws, and typography players paste.
    static let drawn: [UInt32: String] = [
        0x2665: "<3", 0x2764: "<3", 0x2661: "..",               // ♥ ❤ ♡
        0x2500: "-", 0x2501: "-", 0x2550: "=", 0x2502: "|", 0x2503: "|", 0x2551: "|",
        0x250C: "+", 0x2510: "+", 0x2514: "+", 0x2518: "+", 0x251C: "+", 0x2524: "+",
        0x252C: "+", 0x2534: "+", 0x253C: "+", 0x256D: "+", 0x256E: "+", 0x256F: "+", 0x2570: "+",
        0x2192: "->", 0x2190: "<-", 0x2194: "<->", 0x21D2: "=>", 0x25B6: ">", 0x25C0: "<",
        0x2022: "*", 0x00B7: ".", 0x2026: "...", 0x2014: "--", 0x2013: "-", 0x2212: "-", 0x2010: "-", 0x2011: "-",
        0x2018: "'", 0x2019: "'", 0x201A: "'", 0x2032: "'", 0x201C: "\"", 0x201D: "\"", 0x201E: "\"", 0x2033: "\"",
        0x00AB: "<<", 0x00BB: ">>", 0x2039: "<", 0x203A: ">",
        0x00B0: "o", 0x00BA: "o", 0x00AA: "a", 0x00D7: "x", 0x00F7: "/", 0x00A9: "(c)", 0x00AE: "(R)", 0x2122: "(TM)",
        0x00BF: "?", 0x00A1: "!", 0x00A0: " ", 0x00B5: "u", 0x00A3: "GBP", 0x20AC: "EUR", 0x00A5: "JPY", 0x00A2: "c",
        0x00DF: "ss", 0x1E9E: "SS", 0x00E6: "ae", 0x00C6: "AE", 0x0153: "oe", 0x0152: "OE", 0x00F8: "o", 0x00D8: "O",
        0x00FE: "th", 0x00DE: "Th", 0x00F0: "d", 0x00D0: "D", 0x0142: "l", 0x0141: "L", 0x0111: "d", 0x0110: "D",
        0x0131: "i", 0x00A7: "S", 0x00B6: "P", 0x00AD: "",
    ]

    /// Marks and format characters that show nothing on their own (the accent of a
    /// decomposed `é`, zero-width joiners, variation selectors).
    static func invisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format: true
        default: scalar.properties.isVariationSelector
        }
    }

    /// A letter under its accents or in another width (compatibility decomposition), if the
    /// decomposition is ASCII once marks are gone; `?` otherwise.
    static func transliterated(_ scalar: Unicode.Scalar) -> String {
        if scalar.properties.generalCategory == .spaceSeparator { return " " }
        let decomposed = String(Character(scalar)).decomposedStringWithCompatibilityMapping
        var ascii = ""
        for part in decomposed.unicodeScalars where !invisible(part) {
            guard part.isASCII else { return "?" }
            ascii.unicodeScalars.append(part)
        }
        return ascii.isEmpty ? "?" : ascii
    }
}
