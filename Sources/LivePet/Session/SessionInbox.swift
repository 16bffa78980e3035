/// Events waiting for a session, in arrival order. Lives inside a Mutex; the connection's
/// loop appends, the session's drain task takes everything at once.
struct SessionInbox {
    /// Above this many queued lines the connection stops reading (TCP pushes back).
    static let softLimit = 32
    /// Past this, lines are dropped and the player is told (only a huge paste gets here).
    static let hardLimit = 512

    var events: [ConnectionEvent] = []
    var queuedLines = 0
    var draining = false
    var paused = false
    var dropped = 0

    /// Appends an event; returns (start a drain task, keep reading).
    mutating func push(_ event: ConnectionEvent) -> (startDrain: Bool, accepting: Bool) {
        if case .line = event {
            if queuedLines >= Self.hardLimit {
                dropped += 1
                paused = true
                return (false, false)
            }
            queuedLines += 1
        }
        events.append(event)
        let accepting = queuedLines < Self.softLimit
        if !accepting { paused = true }
        if draining { return (false, accepting) }
        draining = true
        return (true, accepting)
    }

    /// Takes every queued event; when none are left the drain task ends.
    mutating func take() -> (events: [ConnectionEvent], resume: Bool, dropped: Int) {
        guard !events.isEmpty || dropped > 0 else {
            draining = false
            return ([], false, 0)
        }
        let batch = events
        events = []
        queuedLines = 0
        let resume = paused
        paused = false
        let lost = dropped
        dropped = 0
        return (batch, resume, lost)
    }
}
