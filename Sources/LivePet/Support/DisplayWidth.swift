/// Terminal cell widths and word wrapping.
///
/// `String.count` counts graphemes, but a terminal gives CJK ideographs and emoji two cells and
/// combining marks none, so padding and wrapping by `count` misaligns tables and overflows
/// narrow clients. The tables here are a compact approximation of Unicode's East Asian Width
/// (UAX #11) plus the emoji-presentation property; they need no data files and match what
/// common terminals (xterm, VTE, iTerm2) draw for the text a MUD shows.
public enum DisplayWidth {
    /// Cells the string occupies on a terminal, summed over its grapheme clusters.
    public static func of(_ s: String) -> Int {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }) { return s.utf8.count }
        var total = 0
        for character in s { total += of(character) }
        return total
    }

    /// Cells one grapheme cluster occupies: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.isASCII, scalars.count == 1 { return first.value >= 0x20 && first.value < 0x7F ? 1 : 0 }
        if first.properties.generalCategory == .control { return 0 }
        // LivePet's style markers (`Styled`) become escape codes or nothing: no cell.
        if scalars.allSatisfy({ (0xE000...0xE008).contains($0.value) }) { return 0 }
        if scalars.allSatisfy(isZeroWidth) { return 0 }
        // An explicit text-presentation selector (U+FE0E) asks for the narrow glyph.
        if scalars.contains("\u{FE0E}") { return isWide(first) ? 2 : 1 }
        if isWide(first) { return 2 }
        for scalar in scalars {
            if scalar.properties.isEmojiPresentation { return 2 }
            // Regional indicator pairs (flags) and VS16 sequences ("❤️", "1️⃣") draw as emoji.
            if scalar.value == 0xFE0F || (0x1F1E6...0x1F1FF).contains(scalar.value) { return 2 }
        }
        return 1
    }

    /// The longest prefix of `text` that fits in `width` cells, with "…" when it was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let cells = of(character)
            if used + cells > max(0, width - 1) { break }
            result.append(character)
            used += cells
        }
        return result + "…"
    }

    /// `text` padded with spaces to `width` cells.
    public static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// Wraps `text` to lines of at most `width` cells.
    ///
    /// Existing line breaks are kept (so "a\n\nb" gives three lines, and a trailing newline an
    /// empty last line). Lines break at spaces, which are dropped at the break; runs of spaces
    /// inside a line are kept so that aligned text survives. A word wider than the line is
    /// hard-broken between grapheme clusters. The only way a line can exceed `width` is a
    /// single 2-cell cluster with `width` 1. A `width` below 1 is treated as 1.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .flatMap { wrapParagraph($0, width: width) }
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var pendingSpaces = 0 // spaces seen since the last word; placed only if a word follows

        func flush() {
            lines.append(line)
            line = ""
            lineWidth = 0
        }

        var index = paragraph.startIndex
        while index < paragraph.endIndex {
            if paragraph[index] == " " {
                pendingSpaces += 1
                index = paragraph.index(after: index)
                continue
            }
            let wordEnd = paragraph[index...].firstIndex(of: " ") ?? paragraph.endIndex
            let word = paragraph[index..<wordEnd]
            index = wordEnd
            let wordWidth = of(String(word))

            if lineWidth + pendingSpaces + wordWidth <= width {
                line += String(repeating: " ", count: pendingSpaces) + word
                lineWidth += pendingSpaces + wordWidth
            } else if wordWidth <= width {
                // Break before the word; the spaces vanish (an empty line only held indentation).
                if lineWidth > 0 { flush() }
                line = String(word)
                lineWidth = wordWidth
            } else {
                // Too long for any line: start it on the current line if there is room, then cut.
                let firstCells = word.first.map { of($0) } ?? 0
                if lineWidth + pendingSpaces + firstCells <= width {
                    line += String(repeating: " ", count: pendingSpaces)
                    lineWidth += pendingSpaces
                } else if lineWidth > 0 {
                    flush()
                }
                for character in word {
                    let cells = of(character)
                    if lineWidth + cells > width, lineWidth > 0 { flush() }
                    line.append(character)
                    lineWidth += cells
                }
            }
            pendingSpaces = 0
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// Combining marks, enclosing marks, format characters (ZWJ, ZWSP, variation selectors)
    /// and Hangul medial/final jamo take no cell of their own.
    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B, 0x1160...0x11FF, 0xD7B0...0xD7FF: return true
        case 0x00AD: return false // soft hyphen: terminals draw it as a hyphen
        default: break
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// East Asian Wide and Fullwidth ranges, sorted; emoji are handled by their property.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,   // Hangul Jamo initial consonants
        0x2329...0x232A,   // angle brackets
        0x2E80...0x303E,   // CJK radicals, Kangxi, ideographic description, CJK symbols
        0x3041...0x33FF,   // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, CJK compat
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA000...0xA4CF,   // Yi
        0xA960...0xA97F,   // Hangul Jamo extended A
        0xAC00...0xD7A3,   // Hangul syllables
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFE10...0xFE19,   // vertical forms
        0xFE30...0xFE6F,   // CJK compatibility forms, small form variants
        0xFF00...0xFF60,   // fullwidth forms
        0xFFE0...0xFFE6,   // fullwidth signs
        0x16FE0...0x16FE4, // ideographic symbols
        0x17000...0x18CFF, // Tangut, Khitan
        0x1B000...0x1B2FF, // Kana supplement, Nushu
        0x1F200...0x1F2FF, // enclosed ideographic supplement
        0x20000...0x2FFFD, // CJK extensions B–F
        0x30000...0x3FFFD, // CJK extension G and beyond
    ]

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        guard v >= 0x1100 else { return false }
        var low = 0
        var high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if v < range.lowerBound {
                high = mid - 1
            } else if v > range.upperBound {
                low = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}
