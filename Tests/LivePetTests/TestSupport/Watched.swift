import Dispatch
import Glibc
import Synchronization

/// State that reader threads change and async tests wait on: the one waiter behind the test
/// client and the spawned server's output.
///
/// `update` changes the state and resumes every waiter whose condition now holds; `wait`
/// returns as soon as its condition holds, or throws the error `failure` makes from the state
/// when `timeout` passes, so a bug fails readably (quoting what did arrive) instead of hanging.
/// Nothing here sleeps: waiters are continuations, and the timeout is a Dispatch timer.
final class Watched<State: Sendable>: Sendable {
    private struct Waiter {
        var condition: @Sendable (State) -> Bool
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Box {
        var state: State
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let box: Mutex<Box>

    init(_ state: State) {
        box = Mutex(Box(state: state))
    }

    /// A value computed from the state under the lock.
    func read<R: Sendable>(_ body: (State) -> R) -> R {
        box.withLock { body($0.state) }
    }

    /// Changes the state, then resumes the waiters it satisfied (outside the lock).
    @discardableResult
    func update<R: Sendable>(_ body: (inout State) -> R) -> R {
        let (result, ready) = box.withLock { box -> (R, [CheckedContinuation<Void, any Error>]) in
            let result = body(&box.state)
            var ready: [CheckedContinuation<Void, any Error>] = []
            for (id, waiter) in box.waiters where waiter.condition(box.state) {
                box.waiters[id] = nil
                ready.append(waiter.continuation)
            }
            return (result, ready)
        }
        for continuation in ready { continuation.resume() }
        return result
    }

    /// Waits until `condition` holds; throws `failure(state)` after `timeout`.
    func wait(timeout: Duration, until condition: @escaping @Sendable (State) -> Bool,
              failure: @escaping @Sendable (State) -> any Error) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let id = box.withLock { box -> UInt64? in
                if condition(box.state) { return nil }
                box.nextWaiter += 1
                box.waiters[box.nextWaiter] = Waiter(condition: condition, continuation: continuation)
                return box.nextWaiter
            }
            guard let id else {
                continuation.resume()
                return
            }
            let (seconds, attoseconds) = timeout.components
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18) { [self] in
                let (waiter, error) = box.withLock { box in
                    (box.waiters.removeValue(forKey: id), failure(box.state))
                }
                waiter?.continuation.resume(throwing: error)
            }
        }
    }
}

/// The one read loop for a descriptor (a socket or a FIFO): hands every chunk to `received`
/// until end of file or an error, `stop()` holds (checked at least every 50 ms), or `deadline`
/// passes. Returns true at end of file (or a read error), false when stopped.
func readStream(_ fd: Int32, until stop: () -> Bool = { false }, deadline: ContinuousClock.Instant? = nil,
                _ received: (ArraySlice<UInt8>) -> Void) -> Bool {
    var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    while !stop() {
        var wait: Int32 = 50
        if let deadline {
            let left = deadline - .now
            guard left > .zero else { return false }
            wait = Int32(min(50, max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)))
        }
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pollFD, 1, wait)
        if ready < 0, errno == EINTR { continue }
        if ready == 0 { continue }
        let count = ready < 0 ? -1 : read(fd, &buffer, buffer.count)
        if count > 0 {
            received(buffer[0..<count])
            continue
        }
        if count < 0, errno == EINTR || errno == EAGAIN { continue }
        return true
    }
    return false
}
