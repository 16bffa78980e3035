import Synchronization

/// The addresses (by `AddressKey`) that asked for the page lately (any HTTP request but
/// `/healthz`, `/metrics` and WebSocket handshakes: `HTTPStage.pageRequests`), shared by every
/// connection of a port that serves the web, so a browser's idle second connection is not
/// taken for telnet.
///
/// A browser opens a spare ("preconnected") connection as it navigates and may leave it
/// silent for seconds before it sends a request on it; Chromium closes an unused one after
/// 10 s. A silent connection looks like a telnet client, which never speaks first, so when
/// its sniff window passed the server sent it the telnet offer and the message of the day,
/// and the request that came later met telnet. So: a silent connection whose address made a
/// request within `grace` keeps waiting, up to `grace`, before telnet starts
/// (`TransportStack`); any byte ends the wait as before.
///
/// Bounded: at most `capacity` addresses, the oldest forgotten first (`order`), and an entry
/// older than `grace` is worth nothing and dropped as later ones come. Requests are not the
/// hot path, so one lock is enough.
package final class RecentHTTPClients: Sendable {
    /// How long after its last request an address counts as browsing, and the longest a
    /// silent connection from it waits for a request (Chromium's unused-idle-socket timeout).
    package let grace: Duration
    package let capacity: Int
    private let graceNanos: UInt64
    private let state: Mutex<State>

    private struct State {
        /// The last request's time per address.
        var last: [String: UInt64] = [:]
        /// Every `note`, oldest first from `head`; an entry whose time is not `last`'s is stale.
        var order: [(key: String, at: UInt64)] = []
        var head = 0
    }

    package init(capacity: Int = 4096, grace: Duration = .seconds(10)) {
        precondition(capacity > 0)
        self.capacity = capacity
        self.grace = grace
        graceNanos = UInt64(max(0, grace.nanoseconds))
        state = Mutex(State())
    }

    /// `key` asked for the page at `now`.
    package func note(_ key: String, now: UInt64) {
        state.withLock { state in
            if let last = state.last[key], last >= now { return }
            state.last[key] = now
            state.order.append((key: key, at: now))
            // Forget the oldest while there are too many, and whatever has expired.
            while state.head < state.order.count {
                let oldest = state.order[state.head]
                let current = state.last[oldest.key] == oldest.at
                guard !current || state.last.count > capacity || now &- oldest.at > graceNanos else { break }
                if current { state.last[oldest.key] = nil }
                state.head += 1
            }
            // Stale entries (an address noted again) stay in `order` until passed: keep it
            // within twice the table.
            if state.order.count - state.head > 2 * capacity {
                state.order = state.last.map { (key: $0.key, at: $0.value) }.sorted { $0.at < $1.at }
                state.head = 0
            } else if state.head * 2 > state.order.count {
                state.order.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// Whether `key` asked for the page within `grace` before `now`.
    package func isBrowsing(_ key: String, now: UInt64) -> Bool {
        state.withLock { state in
            guard let last = state.last[key] else { return false }
            return now &- last <= graceNanos || last > now
        }
    }

    /// Addresses remembered (for tests).
    package var count: Int { state.withLock { $0.last.count } }

    /// Entries held for the order of forgetting, passed and stale ones included (for tests:
    /// at most twice the live ones, which are at most twice the capacity).
    package var heldEntries: Int { state.withLock { $0.order.count } }
}
