import Foundation

/// The "skeleton" of a name (after UTS #39 section 4): two names with the same skeleton look
/// alike on screen, so only one of them may exist (`Fluffу` with a Cyrillic у, `F1uffy` and
/// `ＦＬＵＦＦＹ` are all `Fluffy`).
///
/// skeleton = lowercase(map(NFKD(name))), with invisible characters dropped and whitespace
/// runs made one space:
/// - NFKD folds the compatibility forms a font draws like plain letters: fullwidth
///   `Ｆｌｕｆｆｙ`, mathematical `𝐅𝐥𝐮𝐟𝐟𝐲`, ligatures `ﬁ`, superscripts, circled and
///   Roman-numeral letters, and splits accents off so `ё` (Cyrillic) meets `ë` (Latin).
/// - `map` is the subset of Unicode's confusables.txt that matters for names typed on a
///   terminal: Cyrillic, Greek and Armenian letters drawn like Latin ones (а е о р с у х і ј
///   ѕ ԁ һ ӏ, Α Β Ε Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ, օ ս հ ...), a few Latin look-alikes (ı ɑ ɡ ǀ ȷ),
///   the digit/letter pairs 0/O and 1/l/I, and the punctuation LivePet frames lines with
///   (brackets, colons, quotes, dashes), so a bracket look-alike is caught by the `[`/`]`
///   rule. The full table (6,000+ entries, most of them between scripts a name may not mix
///   anyway, see `UnicodeScript.isSingleScript`) would need a data file; what is left out
///   are whole-script look-alikes in rarer scripts and multi-letter ones such as "rn"/"m",
///   which a monospaced terminal tells apart by width.
/// - lowercase last, so that names differing only in case share a skeleton, as `NameKey`
///   already requires. (`I` is mapped to `l` before that, so `Ilse` meets `llse`.)
package enum Confusables {
    package static func skeleton(_ name: String) -> String {
        asciiSkeleton(name) ?? unicodeSkeleton(name)
    }

    /// Plain ASCII names skip Foundation: a million of them load at startup, and this path
    /// with the directory's set insert costs about 0.2 µs a name (0.2 s of a 1 s start);
    /// the general path, through Foundation's NFKD, about 3 µs.
    private static func asciiSkeleton(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { bytes -> String? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { out in
                var count = 0
                var pendingSpace = false
                for byte in bytes {
                    if byte == 0x20 || byte < 0x20 || byte == 0x7F {
                        if byte == 0x20 || byte == 0x09 { pendingSpace = count > 0 }
                        continue
                    }
                    if pendingSpace {
                        out[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    out[count] = asciiMap(byte)
                    count += 1
                }
                return count
            }
        }
    }

    private static func asciiMap(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0"): return UInt8(ascii: "o")
        case UInt8(ascii: "1"), UInt8(ascii: "I"), UInt8(ascii: "|"): return UInt8(ascii: "l")
        case UInt8(ascii: "`"): return UInt8(ascii: "'")
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 0x20
        default: return byte
        }
    }

    /// The general case; gives the same result as `asciiSkeleton` for ASCII.
    static func unicodeSkeleton(_ name: String) -> String {
        var mapped = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in name.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if TextSanitizer.isBlank(scalar) {
                pendingSpace = !mapped.isEmpty
                continue
            }
            if isInvisible(scalar) { continue }
            if pendingSpace {
                mapped.append(" ")
                pendingSpace = false
            }
            if scalar.isASCII {
                mapped.append(Unicode.Scalar(asciiMap(UInt8(scalar.value))))
            } else if let target = table[scalar.value] {
                mapped.append(Unicode.Scalar(target))
            } else {
                mapped.append(scalar)
            }
        }
        // Left decomposed: String's == and hash compare canonical equivalents as equal.
        return String(mapped).lowercased()
    }

    /// `[` or `]` when `scalar` is that bracket or is drawn like it (its skeleton), else nil.
    /// Cheap: no normalization, for checking every stored name at startup (U+FF3B/FF3D and
    /// U+FE47/FE48 are the only scalars whose NFKD is a bracket).
    package static func bracket(_ scalar: Unicode.Scalar) -> Character? {
        switch scalar.value {
        case 0x5B, 0xFF3B, 0xFE47: return "["
        case 0x5D, 0xFF3D, 0xFE48: return "]"
        case 0..<0x80: return nil
        default:
            switch table[scalar.value] {
            case UInt8(ascii: "["): return "["
            case UInt8(ascii: "]"): return "]"
            default: return nil
            }
        }
    }

    /// Characters that draw nothing: controls, format characters (zero-width space and
    /// joiners, soft hyphen, bidi controls), default-ignorable code points (variation
    /// selectors, Hangul fillers, the combining grapheme joiner), unassigned, private-use
    /// and surrogate code points.
    package static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7F { return scalar.value < 0x20 }
        let properties = scalar.properties
        if properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .control, .format, .unassigned, .privateUse, .surrogate, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return false
        }
    }

    /// Non-ASCII look-alikes and the ASCII character each is drawn like (see the type's
    /// comment for why this subset). Capitals map to the capital's look-alike and are
    /// lowercased afterwards with everything else.
    private static let table: [UInt32: UInt8] = {
        let pairs: [(String, Character)] = [
            // Latin letters that pass for others.
            ("ıɩ", "i"), ("ɑ", "a"), ("ɡ", "g"), ("ǀƖ", "l"), ("ȷ", "j"), ("ǃ", "!"),
            // Greek capitals and small letters.
            ("Αα", "a"), ("Β", "b"), ("Ε", "e"), ("Ζ", "z"), ("Η", "h"), ("Ι", "l"), ("ι", "i"),
            ("Κ", "k"), ("Μ", "m"), ("Ν", "n"), ("ν", "v"), ("Οο", "o"), ("Ρρϱ", "p"), ("Τ", "t"),
            ("Υγ", "y"), ("υ", "u"), ("Χχ", "x"), ("Ϲϲ", "c"), ("Ϳϳ", "j"),
            // Cyrillic capitals and small letters.
            ("Аа", "a"), ("В", "b"), ("Ее", "e"), ("З", "3"), ("К", "k"), ("М", "m"), ("Н", "h"),
            ("Оо", "o"), ("Рр", "p"), ("Сс", "c"), ("Т", "t"), ("УуҮү", "y"), ("Хх", "x"),
            ("Ѕѕ", "s"), ("ІӀӏ", "l"), ("і", "i"), ("Јј", "j"), ("Ԁԁ", "d"), ("Һһ", "h"),
            ("Ԛԛ", "q"), ("Ԝԝ", "w"), ("б", "6"),
            // Armenian.
            ("Օօ", "o"), ("ս", "u"), ("հ", "h"), ("ո", "n"), ("զ", "q"), ("Տ", "s"),
            // Punctuation that frames LivePet's lines, and its look-alikes.
            ("⁅⟦〚【", "["), ("⁆⟧〛】", "]"), ("։ː꞉∶׃", ":"),
            ("‐‑‒–−˗⁃", "-"), ("‘’‛′ʼʹ", "'"), ("“”‟″ʺ", "\""), ("⁄∕", "/"),
        ]
        var table: [UInt32: UInt8] = [:]
        for (sources, target) in pairs {
            for scalar in sources.unicodeScalars {
                table[scalar.value] = target.asciiValue
            }
        }
        return table
    }()
}
