/// Server text with style markers, rendered per client: ANSI colour for clients that
/// support it, nothing for the rest. Markers are private-use scalars, which the sanitizer
/// removes from everything players type, so user text can never carry a style.
public enum Styled {
    public static let reset = "\u{E000}"
    public static let bold = "\u{E001}"
    public static let red = "\u{E002}"
    public static let green = "\u{E003}"
    public static let yellow = "\u{E004}"
    public static let cyan = "\u{E007}"
    public static let magenta = "\u{E006}"
    public static let dim = "\u{E008}"

    static func ansi(_ scalar: UInt32) -> String? {
        switch scalar {
        case 0xE000: "\u{1B}[0m"
        case 0xE001: "\u{1B}[1m"
        case 0xE002: "\u{1B}[31m"
        case 0xE003: "\u{1B}[32m"
        case 0xE004: "\u{1B}[33m"
        case 0xE005: "\u{1B}[34m"
        case 0xE006: "\u{1B}[35m"
        case 0xE007: "\u{1B}[36m"
        case 0xE008: "\u{1B}[2m"
        default: nil
        }
    }

    /// Wraps `text` in a colour and a reset.
    public static func paint(_ text: String, _ style: String) -> String {
        style + text + reset
    }

    /// ANSI escapes for `colour`, otherwise the markers are dropped.
    ///
    /// Every room line has a marker (the speaker's name is painted), so this works on UTF-8
    /// bytes: a scalar at a time it was 4 % of the server's CPU in a busy room. In valid
    /// UTF-8, EE is only ever a lead byte, and EE 80 80...88 is exactly U+E000...U+E008.
    public static func render(_ text: String, colour: Bool) -> String {
        guard text.utf8.contains(0xEE) else { return text }
        var text = text
        return text.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + (colour ? 16 : 0))
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0xEE, index + 2 < bytes.count, bytes[index + 1] == 0x80, (0x80...0x88).contains(bytes[index + 2]) {
                    if colour, let code = ansi(0xE000 + UInt32(bytes[index + 2] - 0x80)) { out.append(contentsOf: code.utf8) }
                    index += 3
                } else {
                    out.append(byte)
                    index += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// One line for a room, with an optional screen-reader wording (no pictures or symbols).
public struct RoomLine: Sendable {
    public var text: String
    public var spoken: String?

    public init(_ text: String, spoken: String? = nil) {
        self.text = text
        self.spoken = spoken
    }

    func variant(colour: Bool, screenReader: Bool) -> String {
        Styled.render(screenReader ? (spoken ?? text) : text, colour: colour)
    }
}
