import LivePetSupport

/// An option whose enabled state changed because of something the peer sent.
public struct TelnetOptionChange: Equatable, Sendable {
    /// Which end of the connection performs the option.
    public enum Side: Equatable, Sendable {
        /// We perform it (negotiated with WILL/WONT from us, DO/DONT from the peer).
        case local
        /// The peer performs it (negotiated with DO/DONT from us, WILL/WONT from the peer).
        case remote
    }

    public var option: UInt8
    public var side: Side
    public var enabled: Bool

    public init(option: UInt8, side: Side, enabled: Bool) {
        self.option = option
        self.side = side
        self.enabled = enabled
    }
}
