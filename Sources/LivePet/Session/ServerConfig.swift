import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Every setting of the server. Each has a flag and a `LIVEPET_*` variable; the flag wins.
public struct ServerConfig: Sendable {
    public var host = ""
    public var port = 4000
    public var motdPath = "motd.txt" {
        didSet { motdPathChosen = true }
    }
    /// False while `motdPath` is the default: a missing default file falls back to a built-in
    /// greeting, a missing chosen one is an error.
    public private(set) var motdPathChosen = false
    /// The MOTD text itself, when set (`LIVEPET_MOTD_TEXT`), instead of the file.
    public var motdText: String?
    public var databasePath = "livepet.sqlite"
    /// PEM certificate chain and key for TLS on the telnet port; both nil: a self-signed
    /// certificate beside the database (`<db>.tls.crt`, `<db>.tls.key`), made on first start.
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// `--tls-port`: a second listener that speaks TLS only (nil: none; the telnet port
    /// still takes TLS). 0 picks a free port, like `port`.
    public var tlsPort: Int?
    public var tick: Duration = .seconds(5)
    public var checkpointInterval: Duration = .seconds(60)
    public var treatRefillInterval: Duration = .seconds(30 * 60)
    public var loginTimeout: Duration = .seconds(60)
    public var maxPasswordAttempts = 3
    public var passwordCost = 5
    public var logLevel = Logger.Level.info
    public var logFormat = Logger.Format.keyValue
    public var loops = 2
    /// Run the world's timers (ticks, checkpoints, refills). Tests turn this off and drive
    /// the world by hand.
    public var runsSimulation = true
    public var limits = ConnectionLimits()
    /// Connection, command, chat, login, idle and link-dead limits.
    public var abuse = AbuseLimits()
    /// Lowercased names of the characters who are admins whatever the database says.
    public var admins: Set<String> = []
    /// Time for every deadline, rate limit, tick and timeout (tests inject a `ManualClock`).
    public var clock: any ServerClock = SystemClock.shared

    public init() {}
}
