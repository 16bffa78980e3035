import LivePetSupport

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
        let done: Void? = bytes.withContiguousStorageIfAvailable { appendText(contiguous: $0, to: &buffer) }
        if done == nil { Array(bytes).withUnsafeBufferPointer { appendText(contiguous: $0, to: &buffer) } }
    }

    /// Appends `text` with its style markers rendered (`Styled.render`) and encoded like
    /// `appendText`, in one pass and without an intermediate string: every room line goes
    /// through here once per kind of client.
    public static func appendStyled(_ text: String, colour: Bool, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendText(contiguous: $0, styles: colour ? .ansi : .dropped, to: &buffer) }
    }

    /// What to do with `Styled` markers (EE 80 80...88, which only private-use scalars
    /// U+E000...U+E008 encode to).
    package enum Styles {
        /// Plain bytes, copied like any other.
        case kept
        /// Replaced by their ANSI escape.
        case ansi
        /// Left out.
        case dropped
    }

    /// The encoder: ordinary bytes are copied a run at a time (one `memcpy` per run), only
    /// CR, LF, IAC and, when styles are rendered, a marker's lead byte stop the scan.
    /// A byte at a time it was a tenth of the server's instructions in a busy room.
    package static func appendText(contiguous bytes: UnsafeBufferPointer<UInt8>, styles: Styles = .kept, to buffer: inout [UInt8]) {
        // Newlines expand to two bytes; the small slack avoids a regrowth for typical text.
        reserve(bytes.count + (styles == .ansi ? 24 : 16), in: &buffer)
        let stopsAtMarkers = styles != .kept
        let count = bytes.count
        var runStart = 0
        var index = 0
        while index < count {
            let byte = bytes[index]
            guard byte == cr || byte == lf || byte == TelnetCommand.iac || (byte == Styled.markerLead && stopsAtMarkers) else {
                index += 1
                continue
            }
            if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            switch byte {
            case cr:
                buffer.append(cr)
                // A dropped marker between CR and LF leaves them a pair, as in the rendered text.
                var next = index + 1
                if styles == .dropped {
                    while Styled.markerCode(bytes, at: next) != nil { next += 3 }
                }
                if next < count, bytes[next] == lf {
                    buffer.append(lf)
                    index = next + 1
                } else {
                    buffer.append(nul)
                    index += 1
                }
            case lf:
                buffer.append(cr)
                buffer.append(lf)
                index += 1
            case TelnetCommand.iac:
                buffer.append(TelnetCommand.iac)
                buffer.append(TelnetCommand.iac)
                index += 1
            default:
                if let code = Styled.markerCode(bytes, at: index) {
                    if styles == .ansi { buffer.append(contentsOf: Styled.ansiBytes[code]) }
                    index += 3
                } else {
                    buffer.append(byte)
                    index += 1
                }
            }
            runStart = index
        }
        if runStart < count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count])) }
    }

    /// Makes room for `extra` more bytes. A buffer that must grow at least doubles: reserving
    /// just what each append needed reallocated and copied the whole buffer every few appends,
    /// quadratic in its size (a burst of answers in one 64 KiB read took a second). An empty
    /// buffer (a room line being encoded) gets exactly what it asks for, as before.
    @inline(__always)
    static func reserve(_ extra: Int, in buffer: inout [UInt8]) {
        let needed = buffer.count + extra
        if needed > buffer.capacity { buffer.reserveCapacity(Swift.max(needed, buffer.capacity &* 2)) }
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
        reserve(payload.count + 5, in: &buffer)
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
