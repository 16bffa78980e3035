import LivePetSupport

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

    /// The ANSI escape of each marker, indexed by `markerCode`.
    static let ansiBytes: [[UInt8]] = [
        Array("\u{1B}[0m".utf8), Array("\u{1B}[1m".utf8), Array("\u{1B}[31m".utf8),
        Array("\u{1B}[32m".utf8), Array("\u{1B}[33m".utf8), Array("\u{1B}[34m".utf8),
        Array("\u{1B}[35m".utf8), Array("\u{1B}[36m".utf8), Array("\u{1B}[2m".utf8),
    ]

    /// The first byte of every marker's UTF-8. In valid UTF-8, EE is only ever a lead byte,
    /// and EE 80 80...88 is exactly U+E000...U+E008.
    static let markerLead: UInt8 = 0xEE

    /// The marker starting at `index` (0 for U+E000 ... 8 for U+E008), or nil.
    @inline(__always)
    static func markerCode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard index + 2 < bytes.count, bytes[index] == markerLead, bytes[index + 1] == 0x80,
              (0x80...0x88).contains(bytes[index + 2])
        else { return nil }
        return Int(bytes[index + 2] - 0x80)
    }

    /// Wraps `text` in a colour and a reset.
    public static func paint(_ text: String, _ style: String) -> String {
        style + text + reset
    }

    /// ANSI escapes for `colour`, otherwise the markers are dropped.
    ///
    /// Every room line has a marker (the speaker's name is painted), so this works on UTF-8
    /// bytes, copying the runs between markers: a scalar at a time it was 4 % of the
    /// server's CPU in a busy room. Room lines skip the string altogether
    /// (`TelnetOutput.appendStyled`).
    public static func render(_ text: String, colour: Bool) -> String {
        var copy = text
        let rendered: String? = copy.withUTF8 { bytes in
            guard bytes.contains(markerLead) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + (colour ? 16 : 0))
            var runStart = 0
            var index = 0
            while index < bytes.count {
                guard let code = markerCode(bytes, at: index) else {
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                if colour { out.append(contentsOf: ansiBytes[code]) }
                index += 3
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
            return String(decoding: out, as: UTF8.self)
        }
        return rendered ?? text
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

    /// The wording for a client (screen reader or not), its markers rendered for colour or
    /// dropped, encoded for the wire.
    package func appendVariant(colour: Bool, screenReader: Bool, to buffer: inout [UInt8]) {
        TelnetOutput.appendStyled(screenReader ? (spoken ?? text) : text, colour: colour, to: &buffer)
    }
}
