/// Connections whose output grew during one broadcast, handed to their loops together at
/// the end: each loop is locked and woken once per broadcast instead of once per member,
/// and it does not start writing (and contending for the same buffers) halfway through.
struct FlushBatch: ~Copyable {
    private var connections: [Connection] = []

    init() {}

    mutating func add(_ connection: Connection) {
        connections.append(connection)
    }

    /// Tells each loop about its connections, or writes them here when their loop is idle
    /// (see `EventLoop.scheduleFlushUnlessIdle`). Call once, after the last member.
    consuming func submit() {
        guard let first = connections.first else { return }
        if connections.allSatisfy({ $0.loop === first.loop }) {
            Self.submit(connections, to: first.loop)
            return
        }
        // Few loops (one per core): group by identity without hashing.
        var rest = connections
        while let head = rest.first {
            let loop = head.loop
            Self.submit(rest.filter { $0.loop === loop }, to: loop)
            rest.removeAll { $0.loop === loop }
        }
    }

    private static func submit(_ connections: [Connection], to loop: EventLoop) {
        guard loop.scheduleFlushUnlessIdle(contentsOf: connections, count: connections.count) else { return }
        for connection in connections where !connection.flushDirect() {
            loop.scheduleFlush(connection)
        }
    }
}
