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
    /// Unix seconds at start (MSSP UPTIME).
    public let startedAt = Int64(Date().timeIntervalSince1970)
    private let guestCounter = Atomic<Int>(0)
    private let sessionCounter = Atomic<UInt64>(0)

    public init(config: ServerConfig, motd: String, accounts: any AccountStore, world: World = World(store: MemoryStore()), hasher: PasswordHasher,
                presence: Presence = Presence(), lobby: Lobby = Lobby()) {
        self.world = world
        self.config = config
        self.motd = motd
        self.accounts = accounts
        self.hasher = hasher
        self.presence = presence
        self.lobby = lobby
        self.commands = CommandTable(CommandCatalog.all)
    }

    /// Guest-1000, Guest-1001, …: unique for the life of the process.
    func nextGuestName() -> String {
        "Guest-\(1000 + guestCounter.add(1, ordering: .relaxed).oldValue)"
    }

    func nextSessionID() -> UInt64 {
        sessionCounter.add(1, ordering: .relaxed).newValue
    }
}
