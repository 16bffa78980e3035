import LivePetSupport

/// Telnet command bytes (RFC 854, RFC 885 for EOR), named so the state machine reads like the RFC.
public enum TelnetCommand {
    /// "Interpret As Command": starts every command; doubled to send a 0xFF data byte.
    public static let iac: UInt8 = 255
    public static let dont: UInt8 = 254
    public static let `do`: UInt8 = 253
    public static let wont: UInt8 = 252
    public static let will: UInt8 = 251
    /// Subnegotiation begin; ended by `IAC SE`.
    public static let sb: UInt8 = 250
    /// Go Ahead: marks a prompt for clients that want one.
    public static let ga: UInt8 = 249
    /// Erase Line: drops the pending input line.
    public static let el: UInt8 = 248
    /// Erase Character: drops the last character of the pending input line.
    public static let ec: UInt8 = 247
    /// Are You There.
    public static let ayt: UInt8 = 246
    /// Abort Output.
    public static let ao: UInt8 = 245
    /// Interrupt Process.
    public static let ip: UInt8 = 244
    /// Break.
    public static let brk: UInt8 = 243
    /// Data Mark (the synch mechanism; we do not implement urgent data).
    public static let dm: UInt8 = 242
    public static let nop: UInt8 = 241
    /// Subnegotiation end.
    public static let se: UInt8 = 240
    /// End Of Record (RFC 885): an alternative prompt marker to GA.
    public static let eor: UInt8 = 239
}
