import Synchronization

/// A `SlidingWindow` per key (an address, usually), behind one lock, with bounded memory.
///
/// Keys whose events have all left the window are forgotten: on `prune()` (the server's
/// housekeeping calls it) and whenever the table doubles since the last prune. Past
/// `maxKeys` live keys new keys are not tracked and are allowed: the other limits (total
/// connections, per-address concurrency) still hold, and memory stays bounded under a flood
/// from many addresses.
package final class KeyedRateLimiter: Sendable {
    private struct State {
        var windows: [String: SlidingWindow] = [:]
        var pruneAt = 1024
        var lastPrune: UInt64 = 0
    }

    let limit: Int
    let window: UInt64
    let maxKeys: Int
    private let state = Mutex(State())

    /// `limit` events per `window` nanoseconds for each key.
    package init(limit: Int, window: UInt64, maxKeys: Int = 65_536) {
        self.limit = max(1, limit)
        self.window = window
        self.maxKeys = maxKeys
    }

    /// Records an attempt, counted even when refused (so hammering keeps the door shut).
    /// Returns nil when allowed, otherwise the nanoseconds until the next attempt would be.
    package func attempt(_ key: String, now: UInt64) -> UInt64? {
        state.withLock { state -> UInt64? in
            guard var entry = lookup(&state, key, now: now) else { return nil }
            let fitted = entry.recordForcing(now: now)
            let wait = fitted ? nil : entry.retryAfter(now: now)
            state.windows[key] = entry
            return wait
        }
    }

    /// Nil when one more event would be allowed now, otherwise the nanoseconds to wait.
    /// Records nothing.
    package func check(_ key: String, now: UInt64) -> UInt64? {
        state.withLock { state -> UInt64? in
            guard var entry = state.windows[key] else { return nil }
            let wait = entry.retryAfter(now: now)
            state.windows[key] = entry
            return wait == 0 ? nil : wait
        }
    }

    /// Takes a place in `key`'s window for an event about to happen, if one is free: nil when
    /// it was taken, otherwise the nanoseconds until one frees up. Checking and recording in
    /// one step is what keeps the limit when attempts race: a check followed by an `await`
    /// and a record lets every racer through. `release` gives the place back when the event
    /// turns out not to count (a right password, a creation that failed).
    package func reserve(_ key: String, now: UInt64) -> UInt64? {
        state.withLock { state -> UInt64? in
            guard var entry = lookup(&state, key, now: now) else { return nil }
            let fitted = entry.record(now: now)
            let wait = fitted ? nil : max(entry.retryAfter(now: now), 1)
            state.windows[key] = entry
            return wait
        }
    }

    /// Gives back a place taken by `reserve` at `stamp`.
    package func release(_ key: String, stamp: UInt64) {
        state.withLock { state in
            guard var entry = state.windows[key] else { return }
            entry.remove(stamp: stamp)
            state.windows[key] = entry
        }
    }

    /// Records an event (a failed login, an account created).
    func record(_ key: String, now: UInt64) {
        state.withLock { state in
            guard var entry = lookup(&state, key, now: now) else { return }
            entry.recordForcing(now: now)
            state.windows[key] = entry
        }
    }

    /// Forgets keys with nothing left in the window.
    package func prune(now: UInt64) {
        state.withLock { Self.prune(&$0, now: now) }
    }

    /// Keys currently tracked (for tests of the memory bound).
    package var trackedKeys: Int { state.withLock { $0.windows.count } }

    private func lookup(_ state: inout State, _ key: String, now: UInt64) -> SlidingWindow? {
        if let entry = state.windows[key] { return entry }
        // Full of live keys, pruning again at once would find nothing: at most once a window.
        let full = state.windows.count >= maxKeys && now &- state.lastPrune >= min(window, 1_000_000_000)
        if state.windows.count >= state.pruneAt || full { Self.prune(&state, now: now) }
        guard state.windows.count < maxKeys else { return nil }
        return SlidingWindow(limit: limit, window: window)
    }

    private static func prune(_ state: inout State, now: UInt64) {
        state.windows = state.windows.filter { !$0.value.isStale(now: now) }
        state.pruneAt = max(1024, state.windows.count * 2)
        state.lastPrune = now
    }
}
