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
}
