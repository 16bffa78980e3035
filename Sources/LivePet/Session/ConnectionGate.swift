import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld
import Synchronization

/// Decides, at accept time and before any session exists, whether a client may connect:
/// bans, the total, the per-address concurrency and the per-address rate of new connections.
///
/// The listener asks `admit` on its loop thread; connections `release` on theirs when they
/// close, so the counts live behind a lock. Per-address state is bounded: a count disappears
/// with the address's last connection, and the rate table forgets idle addresses.
public final class ConnectionGate: ConnectionAdmission, Sendable {
    /// Why a connection was refused; `line` is what the client reads before we hang up.
    public enum Refusal: Sendable, Equatable {
        case banned(until: Int64?)
        case full(Int)
        case tooManyAtOnce(Int)
        case tooFast(limit: Int, retryAfterSeconds: Int)

        public var line: String {
            switch self {
            case .banned(let until):
                let when = until.map { " until \(TimeText.date($0))" } ?? ""
                return "Connections from your address are banned from LivePet\(when).\r\n"
            case .full(let limit):
                return "LivePet is full right now (\(limit) connections). Please try again in a few minutes.\r\n"
            case .tooManyAtOnce(let limit):
                return "Too many connections from your address (at most \(limit) at once). Please close one and try again.\r\n"
            case .tooFast(let limit, let seconds):
                return "Too many new connections from your address (at most \(limit) a minute). Please wait \(seconds) second\(seconds == 1 ? "" : "s") and try again.\r\n"
            }
        }

        var reason: String {
            switch self {
            case .banned: "banned"
            case .full: "full"
            case .tooManyAtOnce: "per_address"
            case .tooFast: "rate"
            }
        }
    }

    private struct Counts {
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    private struct LogThrottle {
        var lastLog: UInt64 = 0
        var suppressed = 0
    }

    let limits: AbuseLimits
    let bans: BanList
    private let counts = Mutex(Counts())
    private let recent: KeyedRateLimiter
    private let logThrottle = Mutex(LogThrottle())
    /// The descriptor limit leaves room for the listener, the store and the loops.
    private let descriptorCap = Atomic<Int>(Int.max)

    /// Address bans are left to the login (which lets only configured admins through) rather
    /// than refused at accept: set when `--admins` names someone.
    let bansCheckedAtLogin: Bool

    let clock: any ServerClock

    init(limits: AbuseLimits, bans: BanList, bansCheckedAtLogin: Bool = false, clock: any ServerClock) {
        self.limits = limits
        self.clock = clock
        self.bans = bans
        self.bansCheckedAtLogin = bansCheckedAtLogin
        recent = KeyedRateLimiter(limit: limits.connectsPerAddress,
                                  window: UInt64(max(limits.connectWindow.nanoseconds, 1)))
    }

    /// Caps the total below the process's descriptor limit (set by the server at start).
    package func setDescriptorLimit(_ limit: Int) {
        guard limit > 0 else { return }
        descriptorCap.store(max(1, limit - 64), ordering: .relaxed)
    }

    /// The total in force: the configured maximum, or the descriptor cap if lower.
    var effectiveMaximum: Int {
        let cap = descriptorCap.load(ordering: .relaxed)
        return limits.maxConnections > 0 ? min(limits.maxConnections, cap) : cap
    }

    /// What `admit` checks and counts: a client's own connection (everything), a trusted
    /// proxy's (bans and the total: it carries many clients), or the client a proxy forwarded
    /// (bans, the rate and its address's count: its connection is in the total already).
    enum Admission {
        case direct, proxy, forwarded
    }

    /// Admits (and counts) a new connection from `address`, or says why not.
    func admit(_ address: String, as kind: Admission = .direct, now: UInt64? = nil, wallClock: Int64? = nil) -> Refusal? {
        let now = now ?? clock.uptimeNanos()
        let wallClock = wallClock ?? clock.unixSeconds()
        if !bansCheckedAtLogin, let ban = bans.ban(address: address, now: wallClock) {
            return refused(.banned(until: ban.expiresAt), address)
        }
        let key = AddressKey.make(address)
        if kind != .proxy, limits.connectsPerAddress > 0, let wait = recent.attempt(key, now: now) {
            let seconds = Int((wait + 999_999_999) / 1_000_000_000)
            return refused(.tooFast(limit: limits.connectsPerAddress, retryAfterSeconds: max(1, seconds)), address)
        }
        let maximum = effectiveMaximum
        let perAddress = limits.maxConnectionsPerAddress
        let refusal = counts.withLock { counts -> Refusal? in
            if kind != .forwarded, counts.total >= maximum { return .full(maximum) }
            let current = counts.perAddress[key, default: 0]
            if kind != .proxy, perAddress > 0, current >= perAddress { return .tooManyAtOnce(perAddress) }
            if kind != .forwarded { counts.total += 1 }
            if kind != .proxy { counts.perAddress[key] = current + 1 }
            return nil
        }
        if let refusal { return refused(refusal, address) }
        return nil
    }

    /// `admit` for the listener (`ConnectionAdmission`): the refusal's line, or nil.
    package func refusal(for address: String) -> String? {
        admit(address)?.line
    }

    /// A connection admitted from `address` has closed.
    package func release(_ address: String) {
        release(address, as: .direct)
    }

    package func proxyRefusal(for address: String) -> String? {
        admit(address, as: .proxy)?.line
    }

    package func releaseProxy(_ address: String) {
        release(address, as: .proxy)
    }

    package func forwardedRefusal(for address: String) -> String? {
        admit(address, as: .forwarded)?.line
    }

    package func releaseForwarded(_ address: String) {
        release(address, as: .forwarded)
    }

    private func release(_ address: String, as kind: Admission) {
        let key = AddressKey.make(address)
        counts.withLock { counts in
            if kind != .forwarded { counts.total = max(0, counts.total - 1) }
            guard kind != .proxy, let current = counts.perAddress[key] else { return }
            counts.perAddress[key] = current > 1 ? current - 1 : nil
        }
    }

    /// Connections open now.
    public var openConnections: Int { counts.withLock { $0.total } }

    /// Connections open now from `address`'s key.
    func openConnections(from address: String) -> Int {
        let key = AddressKey.make(address)
        return counts.withLock { $0.perAddress[key, default: 0] }
    }

    /// Addresses with state of any kind (for tests of the memory bound).
    var trackedAddresses: Int {
        counts.withLock { $0.perAddress.count } + recent.trackedKeys
    }

    /// Forgets rate history that has run out (server housekeeping).
    package func prune(now: UInt64? = nil) {
        recent.prune(now: now ?? clock.uptimeNanos())
    }

    /// Logs a refusal, at most one line a second however hard a flood knocks.
    private func refused(_ refusal: Refusal, _ address: String) -> Refusal {
        let now = clock.uptimeNanos()
        let suppressed = logThrottle.withLock { throttle -> Int? in
            guard now &- throttle.lastLog >= 1_000_000_000 || throttle.lastLog == 0 else {
                throttle.suppressed += 1
                return nil
            }
            throttle.lastLog = now
            defer { throttle.suppressed = 0 }
            return throttle.suppressed
        }
        if let suppressed {
            Logger.shared.warning("connection_refused", ["ip": address, "reason": refusal.reason, "suppressed": "\(suppressed)"])
        }
        return refusal
    }
}
