/// Makes user-supplied text safe to show on other players' terminals.
///
/// Anything a player types is relayed to other people's terminals, so it must not be able to
/// move their cursor, clear their screen, ring bells, switch character sets, or reorder the
/// surrounding text with bidirectional overrides ("Trojan Source"). We remove every control
/// character instead of escaping it: there is no legitimate use for them in chat or names.
public enum TextSanitizer {
    /// Returns `s` without C0/C1 controls, DEL and bidi controls, with TAB turned into a space
    /// and surrounding whitespace trimmed.
    ///
    /// U+2028/U+2029 (line and paragraph separators) also become spaces, because some terminals
    /// treat them as line breaks and a player must not be able to forge a line of output.
    public static func clean(_ s: String) -> String {
        if let fast = printableASCII(s) { return fast }

        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                scalars.append(" ")
            } else if !isRemoved(scalar) {
                scalars.append(scalar)
            }
        }
        return trimmed(String(scalars))
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

    /// The common case (plain ASCII chat) needs no rebuilding: nil means "take the slow path".
    private static func printableASCII(_ s: String) -> String? {
        var s = s
        guard !s.withUTF8({ $0.contains(where: { $0 < 0x20 || $0 > 0x7E }) }) else { return nil }
        guard s.utf8.first == 0x20 || s.utf8.last == 0x20 else { return s }
        return trimmed(s)
    }

    /// Trims Unicode whitespace (including NBSP and ideographic space) at both ends.
    private static func trimmed(_ s: String) -> String {
        guard let start = s.firstIndex(where: { !$0.isWhitespace }),
              let end = s.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(s[start...end])
    }
}
