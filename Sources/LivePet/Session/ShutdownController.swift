import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld
import Synchronization

/// How an admin's `shutdown` reaches the same path as SIGTERM: `request` wakes
/// `LivePetMain.serve`, which runs `Server.shutdown` (everyone told, connections closed,
/// final checkpoint). Also owns the countdown that precedes it, so that it can be cancelled.
public final class ShutdownController: Sendable {
    private struct State {
        var requested: String?
        var countdown: Task<Void, Never>?
        /// `clock.uptimeNanos()` when the countdown ends.
        var countdownEnds: UInt64?
    }

    /// Seconds left at which the countdown speaks up.
    static let marks = [3600, 1800, 900, 600, 300, 120, 60, 30, 10, 5, 4, 3, 2, 1]

    private let state = Mutex(State())
    private let stream: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    private let clock: any ServerClock

    public init(clock: any ServerClock) {
        self.clock = clock
        (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a clean shutdown now. Only the first request counts.
    public func request(reason: String) {
        let first = state.withLock { state -> Bool in
            guard state.requested == nil else { return false }
            state.requested = reason
            return true
        }
        guard first else { return }
        continuation.yield(reason)
        continuation.finish()
    }

    /// Why a shutdown was requested, once it was.
    public var requestedReason: String? { state.withLock { $0.requested } }

    /// Waits until a shutdown is requested and returns the reason; nil if the waiting task is
    /// cancelled. For one waiter (the process's main function).
    public func wait() async -> String? {
        for await reason in stream { return reason }
        return state.withLock { $0.requested }
    }

    /// Starts counting down `seconds`, announcing at the usual marks, then requests the
    /// shutdown. False when a countdown is already running.
    func startCountdown(seconds: Int, reason: String, announce: @escaping @Sendable (String) async -> Void) -> Bool {
        let clock = clock
        let ends = clock.uptimeNanos() + UInt64(seconds) * 1_000_000_000
        return state.withLock { state -> Bool in
            guard state.countdown == nil, state.requested == nil else { return false }
            state.countdownEnds = ends
            state.countdown = Task { [self] in
                var remaining = seconds
                while remaining > 0 {
                    let next = Self.marks.first { $0 < remaining } ?? 0
                    do { try await clock.sleep(untilNanos: ends - UInt64(next) * 1_000_000_000) } catch { return }
                    remaining = next
                    if remaining > 0 {
                        await announce("LivePet shuts down in \(TimeText.describe(seconds: Int64(remaining))).\n")
                    }
                }
                guard !Task.isCancelled else { return }
                request(reason: reason)
            }
            return true
        }
    }

    /// Seconds left in a running countdown.
    var secondsLeft: Int? {
        state.withLock { state -> Int? in
            guard state.countdown != nil, let ends = state.countdownEnds else { return nil }
            let now = clock.uptimeNanos()
            return ends > now ? Int((ends - now) / 1_000_000_000) : 0
        }
    }

    /// Stops a running countdown; false when none was running.
    @discardableResult
    package func cancelCountdown() -> Bool {
        let task = state.withLock { state -> Task<Void, Never>? in
            defer { state.countdown = nil; state.countdownEnds = nil }
            return state.countdown
        }
        task?.cancel()
        return task != nil
    }
}
