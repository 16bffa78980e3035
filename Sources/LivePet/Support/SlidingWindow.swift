/// At most `limit` events in any `window`: the times of the last `limit` events, oldest first.
///
/// Memory is bounded by `limit` whatever the caller does. Time is passed in (monotonic
/// nanoseconds for rates, Unix seconds work too), so tests need no clock.
package struct SlidingWindow: Sendable, Equatable {
    package let limit: Int
    let window: UInt64
    private(set) var stamps: [UInt64] = []

    package init(limit: Int, window: UInt64) {
        precondition(limit >= 1)
        self.limit = limit
        self.window = window
    }

    /// Events still inside the window at `now`.
    mutating func count(now: UInt64) -> Int {
        expire(now)
        return stamps.count
    }

    /// Whether one more event fits now.
    mutating func allows(now: UInt64) -> Bool {
        count(now: now) < limit
    }

    /// Records an event if it fits; returns whether it did.
    package mutating func record(now: UInt64) -> Bool {
        guard allows(now: now) else { return false }
        stamps.append(now)
        return true
    }

    /// Records an event even when the window is full (the oldest one makes room), so an
    /// attempt made while refused keeps the refusal going. Returns whether it fitted.
    @discardableResult
    mutating func recordForcing(now: UInt64) -> Bool {
        let fitted = allows(now: now)
        if !fitted { stamps.removeFirst() }
        stamps.append(now)
        return fitted
    }

    /// Forgets one event recorded at `stamp` (a reservation given back).
    mutating func remove(stamp: UInt64) {
        if let index = stamps.lastIndex(of: stamp) { stamps.remove(at: index) }
    }

    /// How long until one more event fits (0 if it fits now).
    package mutating func retryAfter(now: UInt64) -> UInt64 {
        guard !allows(now: now), let oldest = stamps.first else { return 0 }
        return oldest + window - now
    }

    /// True when nothing recorded is still inside the window (the entry can be forgotten).
    func isStale(now: UInt64) -> Bool {
        guard let newest = stamps.last else { return true }
        return now > newest && now - newest >= window
    }

    private mutating func expire(_ now: UInt64) {
        guard let first = stamps.first, now >= first, now - first >= window else { return }
        let keep = stamps.firstIndex { now < $0 || now - $0 < window } ?? stamps.count
        stamps.removeFirst(keep)
    }
}
