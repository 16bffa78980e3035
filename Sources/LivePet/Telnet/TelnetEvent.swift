import LivePetSupport

/// One thing the client said, as decoded by `TelnetInput`.
public enum TelnetEvent: Equatable, Sendable {
    /// One complete input line without its end-of-line bytes; invalid UTF-8 is replaced by U+FFFD.
    /// `truncated` is true when the line was longer than `maxLineBytes` and was cut.
    case line(String, truncated: Bool)
    case will(UInt8)
    case wont(UInt8)
    case `do`(UInt8)
    case dont(UInt8)
    /// `IAC SB option data IAC SE`, with `IAC IAC` inside already unescaped to one 0xFF.
    case subnegotiation(option: UInt8, data: [UInt8])
    /// Any other command (NOP, AYT, BRK, IP, AO, DM, GA, EOR, EC, EL, a stray SE, unknown bytes):
    /// already consumed, reported so the caller may log it or answer AYT.
    case command(UInt8)
    /// The pending line exceeded `maxPendingBytes` without an end of line: the caller should disconnect.
    case lineTooLong
}
