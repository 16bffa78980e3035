import LivePetSupport

/// Parsing and building of the few subnegotiations we use. Input `data` is already unescaped by `TelnetInput`.
public enum TelnetSubnegotiation {
    /// TTYPE subcommands (RFC 1091).
    public static let ttypeIs: UInt8 = 0
    public static let ttypeSend: UInt8 = 1

    /// Longest terminal name we keep: real ones ("XTERM-256COLOR", "MUDLET") are short, and the name ends up in logs.
    public static let maxTerminalTypeBytes = 64

    /// NAWS payload: width and height as two big-endian 16-bit numbers. 0 means "unknown" per RFC 1073.
    public static func naws(_ data: [UInt8]) -> (width: Int, height: Int)? {
        guard data.count == 4 else { return nil }
        let width = Int(data[0]) << 8 | Int(data[1])
        let height = Int(data[2]) << 8 | Int(data[3])
        return (width, height)
    }

    /// TTYPE IS <name>. Only printable ASCII is kept (the name is untrusted and gets logged), at most
    /// `maxTerminalTypeBytes`; nil when not an IS reply or when nothing printable remains.
    public static func terminalType(_ data: [UInt8]) -> String? {
        guard data.first == ttypeIs else { return nil }
        var name: [UInt8] = []
        for byte in data.dropFirst() where (0x20...0x7E).contains(byte) {
            guard name.count < maxTerminalTypeBytes else { break }
            name.append(byte)
        }
        guard !name.isEmpty else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    /// Asks the client for its terminal type (valid once it agreed to WILL TTYPE).
    public static func requestTerminalType(into out: inout [UInt8]) {
        TelnetOutput.appendSubnegotiation(option: TelnetOption.ttype, payload: [ttypeSend], to: &out)
    }

    /// CHARSET subcommands (RFC 2066).
    public static let charsetRequest: UInt8 = 1
    public static let charsetAccepted: UInt8 = 2
    public static let charsetRejected: UInt8 = 3

    /// What we offer, most wanted first: `;UTF-8;ISO-8859-1;US-ASCII`.
    public static let offeredCharsets = ";UTF-8;ISO-8859-1;US-ASCII"

    /// `IAC SB CHARSET REQUEST ;UTF-8;ISO-8859-1;US-ASCII IAC SE` (valid once the client sent
    /// DO CHARSET to our WILL).
    public static func requestCharset(into out: inout [UInt8]) {
        TelnetOutput.appendSubnegotiation(option: TelnetOption.charset, payload: [charsetRequest] + Array(offeredCharsets.utf8), to: &out)
    }

    /// A client's answer to our CHARSET request.
    public enum CharsetAnswer: Equatable, Sendable {
        /// `ACCEPTED name`, with the name as sent (TinTin++ puts a space before it).
        case accepted(String)
        /// `REJECTED`: RFC 2066 sends no name; TinTin++ names the one it rejects, one answer
        /// per name it knows.
        case rejected(String)
    }

    /// `ACCEPTED <name>` or `REJECTED [<name>]`; nil for anything else. Names are printable
    /// ASCII, trimmed, at most `maxTerminalTypeBytes` long.
    public static func charsetAnswer(_ data: [UInt8]) -> CharsetAnswer? {
        guard let command = data.first, command == charsetAccepted || command == charsetRejected else { return nil }
        var name: [UInt8] = []
        for byte in data.dropFirst() where (0x21...0x7E).contains(byte) {
            guard name.count < maxTerminalTypeBytes else { break }
            name.append(byte)
        }
        let text = String(decoding: name, as: UTF8.self)
        return command == charsetAccepted ? .accepted(text) : .rejected(text)
    }

    /// The names in a client's own `REQUEST [TTABLE version] <sep>name<sep>name...`, nil for
    /// anything else. Printable ASCII only, at most 16 names.
    public static func charsetRequest(_ data: [UInt8]) -> [String]? {
        guard data.first == charsetRequest else { return nil }
        var rest = data.dropFirst()
        let ttable = Array("[TTABLE]".utf8)
        if rest.starts(with: ttable) { rest = rest.dropFirst(ttable.count + 1) }
        guard let separator = rest.first else { return nil }
        let names = rest.dropFirst().split(separator: separator).prefix(16)
        return names.map { String(decoding: $0.filter { (0x21...0x7E).contains($0) }.prefix(maxTerminalTypeBytes), as: UTF8.self) }
    }

    /// `IAC SB CHARSET ACCEPTED name IAC SE`, or `REJECTED` when `name` is nil.
    public static func answerCharset(_ name: String?, into out: inout [UInt8]) {
        let payload = name.map { [charsetAccepted] + Array($0.utf8) } ?? [charsetRejected]
        TelnetOutput.appendSubnegotiation(option: TelnetOption.charset, payload: payload, to: &out)
    }

    /// The bits of an MTTS answer (`MTTS 137`, any case), nil for any other terminal type.
    public static func mttsBits(_ name: String) -> Int? {
        let upper = name.uppercased()
        guard upper.hasPrefix("MTTS ") else { return nil }
        return Int(upper.dropFirst(5))
    }
}
