import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld
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
    /// GMCP Pet.List, Players.Online, Char.Status and crowded rooms' Room.Players, on the tick.
    public let lists: GMCPLists
    /// Admin flags, bans and the audit log.
    public let admin: any AdminStore
    /// Saved preferences, offline messages, pet events, last seen (issue 19's memory).
    public let profiles: any ProfileStore
    /// The last lines said in rooms and on the chat channel (in memory).
    public let history = TalkHistory()
    /// How many offline messages an account may receive and send.
    public let offlineLimits = OfflineMessage.Limits()
    /// Bans in force, for the accept path and logins.
    public let bans: BanList
    /// Bans and per-address limits at accept time.
    public let gate: ConnectionGate
    /// Failed logins and new accounts per address.
    public let loginGuard: LoginGuard
    /// The admin `shutdown` command's way to the same path as SIGTERM.
    public let shutdownController: ShutdownController
    /// Ignore lists of characters who logged out, kept while the server runs.
    let ignoreLists = IgnoreLists()
    /// `--admins`: who they are, and the setup codes of names with no account yet.
    let configuredAdmins: ConfiguredAdmins
    /// Moves on every password change (logins in flight re-check it).
    let credentialEpochs = CredentialEpochs()
    /// Unix seconds at start (MSSP UPTIME).
    public let startedAt: Int64
    /// The server's clock (`ServerConfig.clock`).
    public var clock: any ServerClock { config.clock }
    private let listeningPort = Atomic<Int>(0)

    /// The port the server really listens on (the configured one may be 0).
    public var boundPort: Int { listeningPort.load(ordering: .relaxed) }

    package func setBoundPort(_ port: Int) {
        listeningPort.store(port, ordering: .relaxed)
    }

    private let listeningTLSPort = Atomic<Int>(0)

    /// The TLS-only listener's port (`--tls-port`), 0 when there is none.
    public var boundTLSPort: Int { listeningTLSPort.load(ordering: .relaxed) }

    package func setBoundTLSPort(_ port: Int) {
        listeningTLSPort.store(port, ordering: .relaxed)
    }
    private let guestCounter = Atomic<Int>(0)
    private let sessionCounter = Atomic<UInt64>(0)

    /// `admin` and `profiles` default to `accounts` when that store also keeps bans and
    /// profiles (both real stores do).
    public init(config: ServerConfig, motd: String, accounts: any AccountStore, world: World = World(store: MemoryStore()), hasher: PasswordHasher,
                presence: Presence = Presence(), lobby: Lobby = Lobby(), admin: (any AdminStore)? = nil,
                profiles: (any ProfileStore)? = nil) {
        self.world = world
        self.config = config
        self.motd = motd
        self.accounts = accounts
        self.hasher = hasher
        self.presence = presence
        self.lobby = lobby
        self.lists = GMCPLists(world: world, presence: presence, lobby: lobby)
        self.admin = admin ?? (accounts as? any AdminStore) ?? MemoryStore()
        // Both real stores keep profiles too; a bare AccountStore gets an in-memory one.
        self.profiles = profiles ?? (accounts as? any ProfileStore) ?? MemoryStore()
        let bans = BanList()
        self.bans = bans
        // Configured admins are exempt from address bans, so a banned address still reaches
        // the login screen, where only they get through.
        self.gate = ConnectionGate(limits: config.abuse, bans: bans, bansCheckedAtLogin: !config.admins.isEmpty, clock: config.clock)
        self.loginGuard = LoginGuard(limits: config.abuse, clock: config.clock)
        self.shutdownController = ShutdownController(clock: config.clock)
        self.startedAt = config.clock.unixSeconds()
        self.configuredAdmins = ConfiguredAdmins(names: config.admins)
    }

    /// Whether `name` is an admin by configuration (`--admins`).
    func isConfiguredAdmin(_ name: String) -> Bool {
        configuredAdmins.contains(name)
    }

    /// Logs, once at start, which configured admins have accounts and which names are
    /// reserved until claimed with their setup code.
    public func reportConfiguredAdmins() async {
        for key in configuredAdmins.names.sorted() {
            let account: AccountRecord?
            do {
                account = try await accounts.account(named: key)
            } catch {
                Logger.shared.error("admin_lookup_failed", ["name": key, "error": "\(error)"])
                continue
            }
            if let account {
                let created = TimeText.date(account.createdAt)
                if account.isAdmin {
                    Logger.shared.info("admin_configured", ["name": account.name, "account": "\(account.id)", "created": created])
                } else {
                    // Whoever made this account gets the top rank now: make sure it is yours.
                    Logger.shared.warning("admin_configured", [
                        "name": account.name, "account": "\(account.id)", "created": created,
                        "note": "an existing account that was not an admin now has the configured admin rights; check that it is yours",
                    ])
                }
            } else if let code = configuredAdmins.setupCode(for: key) {
                Logger.shared.warning("admin_unclaimed", [
                    "name": key,
                    "note": "no account has this name, so it grants nothing; it is reserved, and only this code creates it",
                    "create": "create \(key) <password> \(code)",
                ])
            }
        }
    }

    /// Loads the bans in force from the store (once, at start).
    public func loadBans() async throws {
        let now = clock.unixSeconds()
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
