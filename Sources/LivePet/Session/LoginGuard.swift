import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Per-address limits on the login screen: failed password attempts and new accounts.
///
/// Password guessing spread over many connections is what the per-connection limit of three
/// attempts cannot stop; this counts by address (`AddressKey`) across connections.
public final class LoginGuard: Sendable {
    let limits: AbuseLimits
    private let failures: KeyedRateLimiter
    private let creations: KeyedRateLimiter

    let clock: any ServerClock
    /// Addresses an admin exempted from the limit on new characters (`allow`).
    public let allowances = CreationAllowances()

    init(limits: AbuseLimits, clock: any ServerClock) {
        self.limits = limits
        self.clock = clock
        failures = KeyedRateLimiter(limit: limits.loginFailures, window: UInt64(max(limits.loginFailureWindow.nanoseconds, 1)))
        creations = KeyedRateLimiter(limit: limits.accountsPerAddress, window: UInt64(max(limits.accountWindow.nanoseconds, 1)))
    }

    /// A place taken in a per-address limit before the `await` it guards; `cancel` gives it
    /// back when the attempt turned out not to count.
    struct Reservation: Sendable {
        fileprivate let limiter: KeyedRateLimiter?
        fileprivate let key: String
        fileprivate let stamp: UInt64

        func cancel() {
            limiter?.release(key, stamp: stamp)
        }
    }

    /// Counts a password attempt from `address` as failed before the password is checked
    /// (cancel the reservation when it was right), or returns the line that refuses it.
    /// Parallel attempts from many connections thus see each other.
    func reservePasswordAttempt(_ address: String, now: UInt64? = nil) -> Result<Reservation, Refusal> {
        reserve(failures, enabled: limits.loginFailures > 0, address, now: now ?? clock.uptimeNanos(), line: Self.failuresLine)
    }

    /// Counts a new account from `address` before it is made (cancel the reservation when
    /// making it failed), or returns the line that refuses it.
    func reserveCreation(_ address: String, now: UInt64? = nil) -> Result<Reservation, Refusal> {
        let now = now ?? clock.uptimeNanos()
        let enabled = limits.accountsPerAddress > 0 && !allowances.covers(AddressKey.make(address), now: now)
        return reserve(creations, enabled: enabled, address, now: now, line: Self.creationsLine)
    }

    /// The line shown when a limit refuses an attempt.
    struct Refusal: Error, Sendable {
        let line: String
    }

    private func reserve(_ limiter: KeyedRateLimiter, enabled: Bool, _ address: String, now: UInt64,
                         line: (UInt64) -> String) -> Result<Reservation, Refusal> {
        let key = AddressKey.make(address)
        guard enabled else { return .success(Reservation(limiter: nil, key: key, stamp: now)) }
        if let wait = limiter.reserve(key, now: now) { return .failure(Refusal(line: line(wait))) }
        return .success(Reservation(limiter: limiter, key: key, stamp: now))
    }

    /// Nil when `address` may create another account; otherwise the line to show.
    func creationRefusal(_ address: String, now: UInt64? = nil) -> String? {
        let now = now ?? clock.uptimeNanos()
        let key = AddressKey.make(address)
        guard limits.accountsPerAddress > 0, !allowances.covers(key, now: now), let wait = creations.check(key, now: now) else { return nil }
        return Self.creationsLine(wait)
    }

    private static func failuresLine(_ wait: UInt64) -> String {
        "Too many failed logins from your address. Please wait \(minutes(wait)) before trying again.\n"
    }

    private static func creationsLine(_ wait: UInt64) -> String {
        "Too many new characters were made from your address recently. Please wait \(minutes(wait)), or log in as a guest.\n"
    }

    package func prune(now: UInt64? = nil) {
        let now = now ?? clock.uptimeNanos()
        failures.prune(now: now)
        creations.prune(now: now)
    }

    var trackedAddresses: Int { failures.trackedKeys + creations.trackedKeys }

    /// "3 minutes", "1 minute", "20 seconds".
    static func minutes(_ nanos: UInt64) -> String {
        TimeText.describe(seconds: Int64((nanos + 999_999_999) / 1_000_000_000))
    }
}
