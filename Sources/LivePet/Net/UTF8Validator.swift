/// Checks UTF-8 a byte at a time (RFC 3629, the table in its section 4), so a text message
/// split across WebSocket fragments, or a code point split across two reads, is checked as
/// it arrives: the first byte that cannot continue valid UTF-8 is the error, without waiting
/// for the message's end. Overlong forms, surrogates (U+D800...U+DFFF) and values past
/// U+10FFFF are invalid.
package struct UTF8Validator: Equatable, Sendable {
    /// Continuation bytes still owed by the code point in progress.
    private var owed = 0
    /// The range the next continuation byte must fall in (narrower than 80...BF right after
    /// E0, ED, F0 and F4: that is what excludes overlongs, surrogates and > U+10FFFF).
    private var low: UInt8 = 0x80
    private var high: UInt8 = 0xBF

    package init() {}

    /// Whether the input so far ends on a code point boundary.
    package var isAtBoundary: Bool { owed == 0 }

    /// False at the first byte that makes the input invalid (the validator should then be
    /// discarded).
    package mutating func consume(_ byte: UInt8) -> Bool {
        if owed > 0 {
            guard byte >= low && byte <= high else { return false }
            owed -= 1
            low = 0x80
            high = 0xBF
            return true
        }
        switch byte {
        case 0x00...0x7F: return true
        case 0xC2...0xDF: owed = 1
        case 0xE0: owed = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: owed = 2
        case 0xED: owed = 2; high = 0x9F
        case 0xF0: owed = 3; low = 0x90
        case 0xF1...0xF3: owed = 3
        case 0xF4: owed = 3; high = 0x8F
        default: return false
        }
        return true
    }

    /// Whether `bytes` is complete, valid UTF-8.
    package static func isValid<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var validator = UTF8Validator()
        for byte in bytes where !validator.consume(byte) { return false }
        return validator.isAtBoundary
    }
}
