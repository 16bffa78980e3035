import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Events waiting for a session, in arrival order. Lives inside a Mutex; the connection's
/// loop appends, the session's drain task takes what it may handle now.
///
/// With a command rate (`AbuseLimits.commandRate`), each line costs a token: a paste of up to
/// `commandBurst` lines runs at once, more wait their turn at the rate, and past
/// `commandQueue` waiting lines further ones are dropped and the player is told, so a flood
/// costs its sender their own lines and nobody else anything. The connection keeps reading
/// (the flood is dropped here, bounded) so other events, such as a disconnect, still arrive.
/// Without a rate, the inbox pushes back instead: past `softLimit` events the connection stops
/// reading until the session catches up.
///
/// Events other than lines are bounded too: telnet chatter a client can repeat at will (window
/// sizes, terminal types, GMCP, option changes) is dropped silently once `extraEvents` of them
/// wait, and a change of the same option as the last waiting event replaces it; the few
/// events that matter (opened, deadline, line too long, closed) always get in.
struct SessionInbox {
    /// Without a rate: above this many queued lines the connection stops reading (TCP pushes back).
    static let softLimit = 32
    /// Without a rate: past this, lines are dropped and the player is told (only a huge paste gets here).
    static let hardLimit = 512
    /// Repeatable telnet events held at most, on top of the lines.
    static let extraEvents = 64
    /// Drops are reported at most this often while they go on (nanoseconds).
    static let dropReportInterval: UInt64 = 1_000_000_000

    private var events: [ConnectionEvent] = []
    private var head = 0
    private(set) var queuedLines = 0
    /// Events that are neither lines nor essential, waiting.
    private var queuedExtras = 0
    private var draining = false
    private var paused = false
    private var dropped = 0
    private var lastDropReport: UInt64?
    /// The connection closed: lines still waiting for a token are discarded, not run.
    private var closing = false
    private var bucket: TokenBucket?
    private let lineLimit: Int

    /// `rate` 0 means no command rate (push back instead).
    init(rate: Double = 0, burst: Int = 20, queue: Int = 50, now: UInt64 = 0) {
        if rate > 0 {
            bucket = TokenBucket(rate: rate, burst: max(1, burst), now: now)
            lineLimit = max(1, queue)
        } else {
            lineLimit = Self.hardLimit
        }
    }

    init(limits: AbuseLimits, now: UInt64) {
        self.init(rate: limits.commandRate, burst: limits.commandBurst, queue: limits.commandQueue, now: now)
    }

    /// Events not yet taken.
    var count: Int { events.count - head }

    /// Appends an event; returns (start a drain task, keep reading).
    mutating func push(_ event: ConnectionEvent) -> (startDrain: Bool, accepting: Bool) {
        if case .localOption(let option, _) = event, head < events.count,
           case .localOption(option, _) = events[events.count - 1] {
            // An option toggled again before the session saw the last change: only its latest
            // state matters, so a storm of DO/DONT is one event and the last one is never the
            // one dropped past `extraEvents`.
            events[events.count - 1] = event
            return (startDraining(), bucket != nil || count < Self.softLimit)
        }
        switch event {
        case .line:
            if queuedLines >= lineLimit {
                dropped += 1
                if bucket == nil { paused = true }
                return (startDraining(), bucket != nil)
            }
            queuedLines += 1
        case .terminalType, .charset, .localOption, .subnegotiation, .windowSize:
            guard queuedExtras < Self.extraEvents else { return (false, bucket != nil || count < Self.softLimit) }
            queuedExtras += 1
        case .closed:
            closing = true
        case .opened, .negotiated, .deadline, .lineTooLong, .inputEnded:
            break
        }
        events.append(event)
        let accepting = bucket != nil || count < Self.softLimit
        if !accepting { paused = true }
        return (startDraining(), accepting)
    }

    private mutating func startDraining() -> Bool {
        if draining { return false }
        draining = true
        return true
    }

    private static func isExtra(_ event: ConnectionEvent) -> Bool {
        switch event {
        case .terminalType, .charset, .localOption, .subnegotiation, .windowSize: true
        default: false
        }
    }

    /// What the drain task may handle now.
    struct Batch {
        var events: [ConnectionEvent] = []
        /// Reading was paused and may resume.
        var resume = false
        /// Lines dropped since the last report, to tell the player about (0: nothing to say).
        var dropped = 0
        /// Nanoseconds until the next waiting line gets its token; nil when nothing waits.
        var wait: UInt64?

        var isEmpty: Bool { events.isEmpty && dropped == 0 }
    }

    /// Takes every event that may run at `now`, in order, stopping at the first line without a
    /// token. When nothing is left at all the drain task ends (`draining` is cleared).
    mutating func take(now: UInt64) -> Batch {
        var batch = Batch()
        while head < events.count {
            let event = events[head]
            if case .line = event {
                if var bucket = self.bucket {
                    let allowed = bucket.take(now: now)
                    if !allowed && !closing {
                        batch.wait = max(1, bucket.nanosUntilToken(now: now))
                        self.bucket = bucket
                        break
                    }
                    self.bucket = bucket
                    queuedLines -= 1
                    head += 1
                    if allowed { batch.events.append(event) }
                    continue
                }
                queuedLines -= 1
            } else if Self.isExtra(event) {
                queuedExtras -= 1
            }
            batch.events.append(event)
            head += 1
        }
        if head == events.count {
            events.removeAll(keepingCapacity: events.capacity <= 8)
            head = 0
        } else if head >= 64 && head * 2 >= events.count {
            events.removeFirst(head)
            head = 0
        }
        if dropped > 0, batch.wait == nil || lastDropReport.map({ now &- $0 >= Self.dropReportInterval }) ?? true {
            batch.dropped = dropped
            dropped = 0
            lastDropReport = now
        }
        if paused, bucket == nil || batch.wait == nil {
            paused = false
            batch.resume = true
        }
        if batch.isEmpty && batch.wait == nil {
            draining = false
        }
        return batch
    }
}
