import CLinux
import Dispatch
import Glibc
import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld
import Synchronization

/// Turns SIGINT and SIGTERM (or, in a second waiter, SIGHUP) into an awaitable event. Create it before announcing that the
/// server listens: installing a dispatch signal source is asynchronous.
public final class SignalWaiter: @unchecked Sendable {
    // @unchecked: `sources` is immutable after init and only kept alive here, never used.
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    public init(signals: [Int32] = [SIGINT, SIGTERM]) {
        // A dispatch source only observes; the default action would still kill the process.
        for number in signals { signal(number, SIG_IGN) }
        signal(SIGPIPE, SIG_IGN)
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(4))
        self.stream = stream
        sources = signals.map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    /// Every signal, as it comes (for SIGHUP); ends when the task iterating it is cancelled.
    public var every: AsyncStream<Int32> { stream }

    /// Waits for the first signal and returns its number.
    public func wait() async -> Int32 {
        for await number in stream { return number }
        return SIGTERM
    }
}
