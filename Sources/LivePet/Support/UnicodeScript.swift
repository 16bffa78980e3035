/// The writing system ("script", UAX #24) of a character, as far as name checks need it.
///
/// Swift has no Unicode Script property, so this is a compact classifier from code-point
/// ranges, by block. It is exact where it matters for look-alike names (ASCII, Latin, Greek,
/// Cyrillic, Armenian, the Japanese, Chinese and Korean blocks) and an approximation
/// elsewhere: inside a script's block, letters, marks and digits belong to the script and
/// everything else (punctuation, symbols) is Common, which is what UAX #24 says for nearly
/// every character. Letters outside the blocks listed here are `.other`, one script for all
/// of them; marks there are `.inherited` and numbers `.common`. Being wrong in the lenient
/// direction only lets a rare-script name through; nothing common is refused by mistake.
package enum UnicodeScript: UInt8, Sendable, CaseIterable {
    /// Shared by every script: digits, punctuation, symbols, emoji, spaces.
    case common
    /// Takes the script of the character it follows: combining diacritics, joiners.
    case inherited
    case latin, greek, cyrillic, armenian, hebrew, arabic, syriac, thaana, nko
    case devanagari, bengali, gurmukhi, gujarati, oriya, tamil, telugu, kannada, malayalam, sinhala
    case thai, lao, tibetan, myanmar, georgian, hangul, ethiopic, cherokee, khmer, mongolian, coptic
    case hiragana, katakana, bopomofo, han
    /// Any letter of a script not listed.
    case other

    /// The script of one scalar.
    static func of(_ scalar: Unicode.Scalar) -> UnicodeScript {
        let value = scalar.value
        if value < 0x80 {
            switch value {
            case 0x41...0x5A, 0x61...0x7A: return .latin
            default: return .common
            }
        }
        let kind: Kind
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: kind = .letter
        case .nonspacingMark, .spacingMark, .enclosingMark: kind = .mark
        case .decimalNumber, .letterNumber, .otherNumber: kind = .number
        default: return .common
        }
        if let script = lookUp(value) { return script }
        switch kind {
        case .letter: return .other
        case .mark: return .inherited
        case .number: return .common
        }
    }

    /// Whether `s` is written in one script, after UTS #39's "single script" rule with
    /// augmented sets: Common and Inherited characters go with any script, and Han may be
    /// mixed with Hiragana and Katakana (Japanese), with Hangul (Korean) or with Bopomofo
    /// (Chinese), but those three may not be mixed with each other beyond what Japanese uses.
    package static func isSingleScript(_ s: String) -> Bool {
        var seen: UInt64 = 0
        for scalar in s.unicodeScalars {
            let script = of(scalar)
            if script != .common, script != .inherited { seen |= script.bit }
        }
        if seen & (seen &- 1) == 0 { return true }  // none or one
        let japanese = han.bit | hiragana.bit | katakana.bit
        let korean = han.bit | hangul.bit
        let chinese = han.bit | bopomofo.bit
        return seen & ~japanese == 0 || seen & ~korean == 0 || seen & ~chinese == 0
    }

    private var bit: UInt64 { 1 << UInt64(rawValue) }

    private enum Kind { case letter, mark, number }

    /// The script of a non-ASCII letter, mark or number by its range, or nil when no range
    /// lists it.
    private static func lookUp(_ value: UInt32) -> UnicodeScript? {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].last < value { low = mid + 1 } else { high = mid }
        }
        guard low < ranges.count, ranges[low].first <= value else { return nil }
        return ranges[low].script
    }

    /// Sorted, non-overlapping ranges. Only letters, marks and numbers are looked up, so a
    /// block's punctuation and symbols need no exceptions.
    private static let ranges: [(first: UInt32, last: UInt32, script: UnicodeScript)] = [
        (0x00AA, 0x00AA, .latin), (0x00B5, 0x00B5, .common), (0x00BA, 0x00BA, .latin),
        (0x00C0, 0x02AF, .latin), (0x02B0, 0x02B8, .latin), (0x02B9, 0x02DF, .common),
        (0x02E0, 0x02E4, .latin), (0x02E5, 0x02FF, .common),
        (0x0300, 0x036F, .inherited), (0x0370, 0x03E1, .greek), (0x03E2, 0x03EF, .coptic),
        (0x03F0, 0x03FF, .greek), (0x0400, 0x052F, .cyrillic), (0x0530, 0x058F, .armenian),
        (0x0590, 0x05FF, .hebrew), (0x0600, 0x06FF, .arabic), (0x0700, 0x074F, .syriac),
        (0x0750, 0x077F, .arabic), (0x0780, 0x07BF, .thaana), (0x07C0, 0x07FF, .nko),
        (0x0860, 0x086F, .syriac), (0x0870, 0x08FF, .arabic),
        (0x0900, 0x097F, .devanagari), (0x0980, 0x09FF, .bengali), (0x0A00, 0x0A7F, .gurmukhi),
        (0x0A80, 0x0AFF, .gujarati), (0x0B00, 0x0B7F, .oriya), (0x0B80, 0x0BFF, .tamil),
        (0x0C00, 0x0C7F, .telugu), (0x0C80, 0x0CFF, .kannada), (0x0D00, 0x0D7F, .malayalam),
        (0x0D80, 0x0DFF, .sinhala), (0x0E00, 0x0E7F, .thai), (0x0E80, 0x0EFF, .lao),
        (0x0F00, 0x0FFF, .tibetan), (0x1000, 0x109F, .myanmar), (0x10A0, 0x10FF, .georgian),
        (0x1100, 0x11FF, .hangul), (0x1200, 0x139F, .ethiopic), (0x13A0, 0x13FF, .cherokee),
        (0x1780, 0x17FF, .khmer), (0x1800, 0x18AF, .mongolian), (0x19E0, 0x19FF, .khmer),
        (0x1AB0, 0x1AFF, .inherited), (0x1C80, 0x1C8F, .cyrillic), (0x1C90, 0x1CBF, .georgian),
        (0x1CD0, 0x1CFF, .inherited),
        (0x1D00, 0x1D25, .latin), (0x1D26, 0x1D2A, .greek), (0x1D2B, 0x1D2B, .cyrillic),
        (0x1D2C, 0x1D5C, .latin), (0x1D5D, 0x1D61, .greek), (0x1D62, 0x1D65, .latin),
        (0x1D66, 0x1D6A, .greek), (0x1D6B, 0x1D77, .latin), (0x1D78, 0x1D78, .cyrillic),
        (0x1D79, 0x1DBE, .latin), (0x1DBF, 0x1DBF, .greek), (0x1DC0, 0x1DFF, .inherited),
        (0x1E00, 0x1EFF, .latin), (0x1F00, 0x1FFF, .greek),
        (0x2071, 0x2071, .latin), (0x207F, 0x207F, .latin), (0x2090, 0x209C, .latin),
        (0x20D0, 0x20FF, .inherited), (0x2100, 0x2125, .common), (0x2126, 0x2126, .greek),
        (0x2127, 0x2129, .common), (0x212A, 0x212B, .latin), (0x212C, 0x2131, .common),
        (0x2132, 0x2132, .latin), (0x2133, 0x214D, .common), (0x214E, 0x214E, .latin),
        (0x214F, 0x215F, .common), (0x2160, 0x2188, .latin),
        (0x2C60, 0x2C7F, .latin), (0x2C80, 0x2CFF, .coptic), (0x2D00, 0x2D2F, .georgian),
        (0x2D80, 0x2DDF, .ethiopic), (0x2DE0, 0x2DFF, .cyrillic), (0x2E80, 0x2FDF, .han),
        (0x3005, 0x3007, .han), (0x3021, 0x3029, .han), (0x302A, 0x302D, .inherited),
        (0x3031, 0x3035, .common), (0x3038, 0x303C, .han),
        (0x3041, 0x3096, .hiragana), (0x3099, 0x309A, .inherited), (0x309D, 0x309F, .hiragana),
        (0x30A1, 0x30FA, .katakana), (0x30FC, 0x30FF, .katakana),
        (0x3105, 0x312F, .bopomofo), (0x3131, 0x318E, .hangul), (0x31A0, 0x31BF, .bopomofo),
        (0x31F0, 0x31FF, .katakana), (0x3400, 0x4DBF, .han), (0x4E00, 0x9FFF, .han),
        (0xA640, 0xA69F, .cyrillic), (0xA700, 0xA721, .common), (0xA722, 0xA7FF, .latin),
        (0xA8E0, 0xA8FF, .devanagari), (0xA960, 0xA97F, .hangul),
        (0xAB30, 0xAB64, .latin), (0xAB65, 0xAB65, .greek), (0xAB66, 0xAB6F, .latin),
        (0xAB70, 0xABBF, .cherokee), (0xAC00, 0xD7FF, .hangul), (0xF900, 0xFAFF, .han),
        (0xFB00, 0xFB06, .latin), (0xFB13, 0xFB17, .armenian), (0xFB1D, 0xFB4F, .hebrew),
        (0xFB50, 0xFDFF, .arabic), (0xFE00, 0xFE0F, .inherited), (0xFE20, 0xFE2F, .inherited),
        (0xFE70, 0xFEFF, .arabic), (0xFF10, 0xFF19, .common), (0xFF21, 0xFF3A, .latin),
        (0xFF41, 0xFF5A, .latin), (0xFF66, 0xFF9F, .katakana), (0xFFA0, 0xFFDC, .hangul),
        (0x1B000, 0x1B000, .katakana), (0x1B001, 0x1B16F, .hiragana),
        (0x1D400, 0x1D7FF, .common), (0x1F100, 0x1F1FF, .common),
        (0x20000, 0x2FA1F, .han), (0x30000, 0x323AF, .han),
        (0xE0100, 0xE01EF, .inherited),
    ]
}
