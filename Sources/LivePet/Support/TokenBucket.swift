/// A token bucket: `rate` tokens a second up to `burst`, one per command.
///
/// A value type that takes the time as an argument (monotonic nanoseconds), so it is exact
/// in tests and costs nothing but arithmetic in the server.
package struct TokenBucket: Sendable, Equatable {
    let rate: Double
    let burst: Double
    private(set) var tokens: Double
    private var last: UInt64

    /// Starts full, so a fresh session may paste `burst` lines at once.
    package init(rate: Double, burst: Int, now: UInt64) {
        precondition(rate > 0 && burst >= 1)
        self.rate = rate
        self.burst = Double(burst)
        tokens = Double(burst)
        last = now
    }

    private mutating func refill(_ now: UInt64) {
        guard now > last else { return }
        tokens = min(burst, tokens + Double(now - last) / 1e9 * rate)
        last = now
    }

    /// Takes a token if there is one.
    package mutating func take(now: UInt64) -> Bool {
        refill(now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Nanoseconds until the next token (0 when one is there).
    package mutating func nanosUntilToken(now: UInt64) -> UInt64 {
        refill(now)
        guard tokens < 1 else { return 0 }
        return UInt64(((1 - tokens) / rate * 1e9).rounded(.up))
    }
}
