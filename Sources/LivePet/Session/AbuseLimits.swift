import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// The limits that keep one client from spoiling the server for everyone else. Each has a
/// flag and a `LIVEPET_*` variable (see `Options+Limits`); a count of 0 turns that limit off.
///
/// "Address" means an IPv4 address, or an IPv6 /64 (one subscriber's usual allocation), so
/// that an IPv6 client cannot dodge the per-address limits by rotating its low bits.
public struct AbuseLimits: Sendable, Equatable {
    /// Connections open at once, all clients together (further capped by the descriptor limit).
    public var maxConnections = 16_384
    /// Connections open at once from one address.
    public var maxConnectionsPerAddress = 8
    /// New connections from one address per `connectWindow` (attempts, refused ones included).
    public var connectsPerAddress = 20
    public var connectWindow: Duration = .seconds(60)

    /// Commands a second, sustained, per session; 0 = no limit.
    public var commandRate = 10.0
    /// Commands a session may send at once before the rate applies (a paste).
    public var commandBurst = 20
    /// Lines a session may have waiting (delayed by the rate); lines past this are dropped.
    public var commandQueue = 50

    /// Say, emote, tell, reply, chat, pet and play messages per player per `chatWindow`; 0 = no limit.
    public var chatMessages = 10
    public var chatWindow: Duration = .seconds(10)

    /// Failed password attempts from one address per `loginFailureWindow` before further
    /// attempts from it are refused until the window lets one go; 0 = no limit.
    public var loginFailures = 5
    public var loginFailureWindow: Duration = .seconds(300)

    /// New accounts from one address per `accountWindow`; 0 = no limit.
    public var accountsPerAddress = 3
    public var accountWindow: Duration = .seconds(600)

    /// Idle time after which `who` shows a player as idle; zero = never.
    public var idleFlag: Duration = .seconds(300)
    /// Idle time after which a player is logged out; zero = never.
    public var idleLogout: Duration = .seconds(3600)
    /// How long a dropped player's character stays, link-dead, for them to reconnect; zero =
    /// it leaves at once.
    public var linkDeadGrace: Duration = .seconds(180)

    public init() {}

    /// No limit at all: for benchmarks and tests that flood on purpose.
    public static var none: AbuseLimits {
        var limits = AbuseLimits()
        limits.maxConnections = 0
        limits.maxConnectionsPerAddress = 0
        limits.connectsPerAddress = 0
        limits.commandRate = 0
        limits.chatMessages = 0
        limits.loginFailures = 0
        limits.accountsPerAddress = 0
        return limits
    }
}
