/// Per-address limits on the login screen: failed password attempts and new accounts.
///
/// Password guessing spread over many connections is what the per-connection limit of three
/// attempts cannot stop; this counts by address (`AddressKey`) across connections.
public final class LoginGuard: Sendable {
    let limits: AbuseLimits
    private let failures: KeyedRateLimiter
    private let creations: KeyedRateLimiter

    init(limits: AbuseLimits) {
        self.limits = limits
        failures = KeyedRateLimiter(limit: limits.loginFailures, window: UInt64(max(limits.loginFailureWindow.nanoseconds, 1)))
        creations = KeyedRateLimiter(limit: limits.accountsPerAddress, window: UInt64(max(limits.accountWindow.nanoseconds, 1)))
    }

    /// Nil when a password attempt from `address` may go ahead; otherwise the line to show.
    func passwordRefusal(_ address: String, now: UInt64 = Connection.uptimeNanos()) -> String? {
        guard limits.loginFailures > 0, let wait = failures.check(AddressKey.make(address), now: now) else { return nil }
        return "Too many failed logins from your address. Please wait \(Self.minutes(wait)) before trying again.\n"
    }

    func recordFailure(_ address: String, now: UInt64 = Connection.uptimeNanos()) {
        guard limits.loginFailures > 0 else { return }
        failures.record(AddressKey.make(address), now: now)
    }

    /// Nil when `address` may create another account; otherwise the line to show.
    func creationRefusal(_ address: String, now: UInt64 = Connection.uptimeNanos()) -> String? {
        guard limits.accountsPerAddress > 0, let wait = creations.check(AddressKey.make(address), now: now) else { return nil }
        return "Too many new characters were made from your address recently. Please wait \(Self.minutes(wait)), or log in as a guest.\n"
    }

    func recordCreation(_ address: String, now: UInt64 = Connection.uptimeNanos()) {
        guard limits.accountsPerAddress > 0 else { return }
        creations.record(AddressKey.make(address), now: now)
    }

    func prune(now: UInt64 = Connection.uptimeNanos()) {
        failures.prune(now: now)
        creations.prune(now: now)
    }

    var trackedAddresses: Int { failures.trackedKeys + creations.trackedKeys }

    /// "3 minutes", "1 minute", "20 seconds".
    static func minutes(_ nanos: UInt64) -> String {
        TimeText.describe(seconds: Int64((nanos + 999_999_999) / 1_000_000_000))
    }
}
