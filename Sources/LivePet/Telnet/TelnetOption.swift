import LivePetSupport

/// Telnet option codes we know by name; any other byte is a valid option code too (and gets refused).
public enum TelnetOption {
    /// RFC 857. Server "WILL ECHO" means the client stops echoing locally (used for passwords).
    public static let echo: UInt8 = 1
    /// RFC 858 Suppress Go Ahead. Never offered by us: GNU telnet switches to character mode with it.
    public static let sga: UInt8 = 3
    /// RFC 1091 Terminal Type.
    public static let ttype: UInt8 = 24
    /// RFC 885 End Of Record.
    public static let eor: UInt8 = 25
    /// RFC 1073 Negotiate About Window Size.
    public static let naws: UInt8 = 31
    /// RFC 2066 Charset.
    public static let charset: UInt8 = 42
    /// MUD Server Status Protocol.
    public static let mssp: UInt8 = 70
    /// MUD Client Compression Protocol v2: the server's output becomes a zlib stream.
    public static let mccp2: UInt8 = 86
    /// Generic MUD Communication Protocol.
    public static let gmcp: UInt8 = 201
}
