import Foundation
import Synchronization

/// What every session needs, built once by the server (the composition root).
public final class Services: Sendable {
    public let config: ServerConfig
    public let motd: String
    public let accounts: any AccountStore
    public let hasher: PasswordHasher
    public let presence: Presence
    public let lobby: Lobby
    public let world: World
    public let commands: CommandTable
    /// Admin flags, bans and the audit log.
    public let admin: any AdminStore
    /// Bans in force, for the accept path and logins.
    public let bans: BanList
    /// Bans and per-address limits at accept time.
    public let gate: ConnectionGate
    /// Failed logins and new accounts per address.
    public let loginGuard: LoginGuard
    /// The admin `shutdown` command's way to the same path as SIGTERM.
    public let shutdownController = ShutdownController()
    /// Ignore lists of characters who logged out, kept while the server runs.
    let ignoreLists = IgnoreLists()
    /// Unix seconds at start (MSSP UPTIME).
    public let startedAt = Int64(Date().timeIntervalSince1970)
    private let listeningPort = Atomic<Int>(0)

    /// The port the server really listens on (the configured one may be 0).
    public var boundPort: Int { listeningPort.load(ordering: .relaxed) }

    func setBoundPort(_ port: Int) {
        listeningPort.store(port, ordering: .relaxed)
    }
    private let guestCounter = Atomic<Int>(0)
    private let sessionCounter = Atomic<UInt64>(0)

    /// `admin` defaults to `accounts` when that store also keeps bans (both real stores do).
    public init(config: ServerConfig, motd: String, accounts: any AccountStore, world: World = World(store: MemoryStore()), hasher: PasswordHasher,
                presence: Presence = Presence(), lobby: Lobby = Lobby(), admin: (any AdminStore)? = nil) {
        self.world = world
        self.config = config
        self.motd = motd
        self.accounts = accounts
        self.hasher = hasher
        self.presence = presence
        self.lobby = lobby
        self.commands = CommandTable(CommandCatalog.all)
        self.admin = admin ?? (accounts as? any AdminStore) ?? MemoryStore()
        let bans = BanList()
        self.bans = bans
        self.gate = ConnectionGate(limits: config.abuse, bans: bans)
        self.loginGuard = LoginGuard(limits: config.abuse)
    }

    /// Whether `name` is an admin by configuration (`--admins`).
    func isConfiguredAdmin(_ name: String) -> Bool {
        config.admins.contains(NameKey.make(name))
    }

    /// Loads the bans in force from the store (once, at start).
    public func loadBans() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        bans.load(try await admin.activeBans(now: now))
    }

    /// Guest-1000, Guest-1001, …: unique for the life of the process.
    func nextGuestName() -> String {
        "Guest-\(1000 + guestCounter.add(1, ordering: .relaxed).oldValue)"
    }

    func nextSessionID() -> UInt64 {
        sessionCounter.add(1, ordering: .relaxed).newValue
    }
}
