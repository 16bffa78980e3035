import Glibc
import Synchronization

/// The server's one source of time: every deadline, rate limit, tick and timeout reads it.
///
/// Two readings: monotonic nanoseconds for everything measured (deadlines, windows, idle
/// times, ticks), and Unix seconds for what is shown or stored as a date (bans, the audit
/// log, account creation, treat refills). The server runs on `SystemClock`; tests inject a
/// `ManualClock` through `ServerConfig.clock` and move time on by hand, so nothing waits for
/// real time to pass. Class-bound, so holding one costs a pointer and calling it one indirect
/// call (the event loops read it on every read and write).
public protocol ServerClock: AnyObject, Sendable {
    /// Monotonic nanoseconds since an arbitrary start.
    func uptimeNanos() -> UInt64
    /// Seconds since 1970.
    func unixSeconds() -> Int64
    /// Suspends until `uptimeNanos()` reaches `deadline`; throws `CancellationError` when the
    /// task is cancelled first.
    func sleep(untilNanos deadline: UInt64) async throws
}

extension ServerClock {
    /// Suspends for `duration` of this clock's time.
    public func sleep(for duration: Duration) async throws {
        try await sleep(untilNanos: uptimeNanos() &+ UInt64(max(0, duration.nanoseconds)))
    }

    /// How long since `start` (an `uptimeNanos()` reading), as a `Duration`.
    public func elapsed(since start: UInt64) -> Duration {
        let now = uptimeNanos()
        return .nanoseconds(Int64(now > start ? now - start : 0))
    }
}

/// The machine's clocks: `CLOCK_MONOTONIC` and `CLOCK_REALTIME`.
public final class SystemClock: ServerClock {
    public static let shared = SystemClock()

    private init() {}

    @inline(__always)
    public func uptimeNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    public func unixSeconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec)
    }

    public func sleep(untilNanos deadline: UInt64) async throws {
        let now = uptimeNanos()
        guard deadline > now else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(nanoseconds: deadline - now)
    }
}

/// A clock that moves only when told (`advance`), for tests: deadlines, rate limits and
/// ticks then happen at exact, chosen moments. Sleepers wake when an advance reaches them.
public final class ManualClock: ServerClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var nanos: UInt64
        /// Wall time in nanoseconds, so advances shorter than a second add up.
        var unixNanos: Int64
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        /// Sleeps that have an id but are not in `sleepers` yet.
        var starting: Set<UInt64> = []
        /// Of those, the ones cancelled before they got there.
        var cancelled: Set<UInt64> = []
    }

    private let state: Mutex<State>

    /// Starts at `uptime` nanoseconds (not zero: zero means "never" in places) and at
    /// `unixSeconds` wall time.
    public init(uptime: UInt64 = 1_000_000_000_000, unixSeconds: Int64 = 1_800_000_000) {
        state = Mutex(State(nanos: uptime, unixNanos: unixSeconds * 1_000_000_000))
    }

    public func uptimeNanos() -> UInt64 { state.withLock { $0.nanos } }

    public func unixSeconds() -> Int64 { state.withLock { $0.unixNanos / 1_000_000_000 } }

    /// Moves time on by `duration` (both readings) and wakes every sleeper it reaches.
    /// Time never goes back.
    public func advance(by duration: Duration) {
        precondition(duration >= .zero, "a clock does not go back")
        let due = state.withLock { state -> [Sleeper] in
            state.nanos += UInt64(duration.nanoseconds)
            state.unixNanos += duration.nanoseconds
            let due = state.sleepers.filter { $0.deadline <= state.nanos }
            state.sleepers.removeAll { $0.deadline <= state.nanos }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// How many tasks are sleeping on this clock (a test waits for a timer to be armed).
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(untilNanos deadline: UInt64) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64? in
            guard deadline > state.nanos else { return nil }
            state.nextID += 1
            state.starting.insert(state.nextID)
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    state.starting.remove(id)
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.nanos { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index)
                }
                // Not registered yet: it will see this when it gets there. Already woken: nothing.
                if state.starting.contains(id) { state.cancelled.insert(id) }
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
