import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld
import Synchronization

/// The active bans, in memory, so that the accept path (an event-loop thread) and logins
/// can check them without a trip to the store. The store holds the truth; admin commands
/// update both, and the list is loaded from the store at start.
public final class BanList: Sendable {
    private struct State {
        var names: [String: BanRecord] = [:]
        var addresses: [String: BanRecord] = [:]
        var loaded = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether `load` has run (the server loads once at start).
    package var isLoaded: Bool { state.withLock { $0.loaded } }

    func load(_ bans: [BanRecord]) {
        state.withLock { state in
            // Bans added while loading (an admin was quick) win over what was read.
            for ban in bans {
                switch ban.kind {
                case .name: if state.names[ban.target] == nil { state.names[ban.target] = ban }
                case .address: if state.addresses[ban.target] == nil { state.addresses[ban.target] = ban }
                }
            }
            state.loaded = true
        }
    }

    func add(_ ban: BanRecord) {
        state.withLock { state in
            switch ban.kind {
            case .name: state.names[ban.target] = ban
            case .address: state.addresses[ban.target] = ban
            }
        }
    }

    func remove(kind: BanRecord.Kind, target: String) {
        state.withLock { state in
            switch kind {
            case .name: state.names[target] = nil
            case .address: state.addresses[target] = nil
            }
        }
    }

    /// The ban on this character name, if one is in force at `now` (Unix seconds).
    func ban(name: String, now: Int64) -> BanRecord? {
        let key = NameKey.make(name)
        return state.withLock { $0.names[key] }.flatMap { $0.isActive(at: now) ? $0 : nil }
    }

    /// The ban covering this peer address (the address itself, or its IPv6 /64), if any.
    func ban(address: String, now: Int64) -> BanRecord? {
        let prefix = AddressKey.make(address)
        return state.withLock { state -> BanRecord? in
            guard !state.addresses.isEmpty else { return nil }
            return state.addresses[address] ?? state.addresses[prefix]
        }.flatMap { $0.isActive(at: now) ? $0 : nil }
    }

    /// Whether an address ban applies to `address` (exactly, or by its IPv6 /64).
    static func covers(_ ban: BanRecord, address: String) -> Bool {
        ban.kind == .address && (ban.target == address || ban.target == AddressKey.make(address))
    }

    /// Every ban in force, oldest first.
    func all(now: Int64) -> [BanRecord] {
        state.withLock { Array($0.names.values) + Array($0.addresses.values) }
            .filter { $0.isActive(at: now) }
            .sorted { ($0.createdAt, $0.target) < ($1.createdAt, $1.target) }
    }

    /// Forgets bans that have expired.
    package func pruneExpired(now: Int64) {
        state.withLock { state in
            state.names = state.names.filter { $0.value.isActive(at: now) }
            state.addresses = state.addresses.filter { $0.value.isActive(at: now) }
        }
    }
}
