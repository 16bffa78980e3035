/// Makes user-supplied text safe to show on other players' terminals.
///
/// Anything a player types is relayed to other people's terminals, so it must not be able to
/// move their cursor, clear their screen, ring bells, switch character sets, or reorder the
/// surrounding text with bidirectional overrides ("Trojan Source"). We remove every control
/// character instead of escaping it: there is no legitimate use for them in chat or names.
public enum TextSanitizer {
    /// Returns `s` without C0/C1 controls, DEL and bidi controls, with every run of
    /// whitespace turned into one ASCII space and surrounding whitespace trimmed.
    ///
    /// Runs are collapsed because a player must not be able to forge a line of output: an
    /// emote padded with 90 spaces (or NBSPs, ideographic spaces, ...) wraps on an 80-column
    /// terminal and its tail starts a line of its own, looking like the server's. TAB and
    /// U+2028/U+2029 (line and paragraph separators, which some terminals treat as line
    /// breaks) count as whitespace, and so do the blank-looking fillers in `isBlank`.
    /// This runs once, where a command's text comes in, never per recipient.
    public static func clean(_ s: String) -> String {
        if let fast = printableASCII(s) { return fast }

        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            if isBlank(scalar) {
                pendingSpace = !scalars.isEmpty
            } else if !isRemoved(scalar) {
                if pendingSpace {
                    scalars.append(" ")
                    pendingSpace = false
                }
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Unicode White_Space other than control characters (space, TAB, NBSP, the U+2000
    /// spaces, ideographic space, line and paragraph separators...), and characters that draw
    /// as an empty cell without being whitespace: the Hangul fillers U+3164 and U+FFA0 and
    /// the blank braille pattern U+2800, favourites for padding and for invisible names.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09: return true
        case 0x00...0x1F, 0x21...0x7E, 0x7F...0x9F: return false  // other controls are removed
        case 0x3164, 0xFFA0, 0x2800: return true
        default: return scalar.properties.isWhitespace
        }
    }

    /// Whether a scalar is dropped outright: C0 (includes ESC), DEL, C1 (includes CSI U+009B)
    /// the bidi embedding, override, isolate and mark characters, and private-use scalars.
    static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x200E, 0x200F, 0x061C: return true
        case 0x202A...0x202E, 0x2066...0x2069: return true
        // The private-use block carries LivePet's own style markers (`Styled`): a player
        // must not be able to colour or restyle other people's screens with them.
        case 0xE000...0xF8FF: return true
        default: return false
        }
    }

    /// The common case (plain ASCII chat, single spaces, nothing to trim) needs no rebuilding:
    /// nil means "take the slow path". One pass over the bytes.
    private static func printableASCII(_ s: String) -> String? {
        var s = s
        let plain = s.withUTF8 { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first == 0x20 || last == 0x20 { return false }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte < 0x20 || byte > 0x7E || (byte == 0x20 && previous == 0x20) { return false }
                previous = byte
            }
            return true
        }
        return plain ? s : nil
    }
}
