/// Encoders for what we send: they append to a caller-owned buffer so a connection can batch
/// a whole burst of output into one write.
public enum TelnetOutput {
    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10
    private static let nul: UInt8 = 0

    /// Appends UTF-8 text as telnet NVT data: "\n" becomes CR LF, "\r\n" stays CR LF,
    /// a lone "\r" becomes CR NUL (RFC 854), and 0xFF is doubled so it is not read as IAC.
    /// Each call stands alone: a "\r" ending one call and a "\n" starting the next are not paired.
    public static func appendText(_ text: String, to buffer: inout [UInt8]) {
        appendText(text.utf8, to: &buffer)
    }

    /// Same as `appendText(_:to:)` for text already in bytes (possibly containing 0xFF).
    public static func appendText(_ bytes: some Collection<UInt8>, to buffer: inout [UInt8]) {
        // Newlines expand to two bytes; the small slack avoids a regrowth for typical text.
        buffer.reserveCapacity(buffer.count + bytes.count + 16)
        var pendingCR = false
        for byte in bytes {
            if pendingCR {
                pendingCR = false
                if byte == lf {
                    buffer.append(lf)
                    continue
                }
                buffer.append(nul)
            }
            switch byte {
            case cr:
                buffer.append(cr)
                pendingCR = true
            case lf:
                buffer.append(cr)
                buffer.append(lf)
            case TelnetCommand.iac:
                buffer.append(TelnetCommand.iac)
                buffer.append(TelnetCommand.iac)
            default:
                buffer.append(byte)
            }
        }
        if pendingCR {
            buffer.append(nul)
        }
    }

    /// Appends a negotiation: `IAC command option` where command is WILL, WONT, DO or DONT.
    public static func append(command: UInt8, option: UInt8, to buffer: inout [UInt8]) {
        buffer.append(TelnetCommand.iac)
        buffer.append(command)
        buffer.append(option)
    }

    /// Appends a two-byte command such as `IAC GA`, `IAC EOR` or `IAC NOP`.
    public static func append(command: UInt8, to buffer: inout [UInt8]) {
        buffer.append(TelnetCommand.iac)
        buffer.append(command)
    }

    /// Appends `IAC SB option payload IAC SE`, doubling 0xFF in the payload.
    public static func appendSubnegotiation(option: UInt8, payload: some Collection<UInt8>, to buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + payload.count + 5)
        buffer.append(TelnetCommand.iac)
        buffer.append(TelnetCommand.sb)
        buffer.append(option)
        for byte in payload {
            buffer.append(byte)
            if byte == TelnetCommand.iac {
                buffer.append(TelnetCommand.iac)
            }
        }
        buffer.append(TelnetCommand.iac)
        buffer.append(TelnetCommand.se)
    }
}
