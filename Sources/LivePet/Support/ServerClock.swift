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
        var unix: Int64
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        var cancelled: Set<UInt64> = []
    }

    private let state: Mutex<State>

    /// Starts at `uptime` nanoseconds (not zero: zero means "never" in places) and at
    /// `unixSeconds` wall time.
    public init(uptime: UInt64 = 1_000_000_000_000, unixSeconds: Int64 = 1_800_000_000) {
        state = Mutex(State(nanos: uptime, unix: unixSeconds))
    }

    public func uptimeNanos() -> UInt64 { state.withLock { $0.nanos } }

    public func unixSeconds() -> Int64 { state.withLock { $0.unix } }

    /// Moves time on by `duration` (both readings) and wakes every sleeper it reaches.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.nanos += UInt64(max(0, duration.nanoseconds))
            state.unix += Int64(duration.components.seconds)
            let due = state.sleepers.filter { $0.deadline <= state.nanos }
            state.sleepers.removeAll { $0.deadline <= state.nanos }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// How many tasks are sleeping on this clock (a test waits for a timer to be armed).
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(untilNanos deadline: UInt64) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Result<Void, any Error>? in
                    if state.cancelled.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.nanos { return .success(()) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}
