/// Connections whose output grew during one broadcast, handed to their loops together at
/// the end: each loop is locked and woken once per broadcast instead of once per member,
/// and it does not start writing (and contending for the same buffers) halfway through.
struct FlushBatch: ~Copyable {
    private var connections: [Connection] = []

    init() {}

    mutating func add(_ connection: Connection) {
        connections.append(connection)
    }

    /// Hands each loop its connections (`EventLoop.flush`: queued, or written here when the
    /// loop is idle). Call once, after the last member.
    consuming func submit() {
        guard let first = connections.first else { return }
        if connections.allSatisfy({ $0.loop === first.loop }) {
            first.loop.flush(connections)
            return
        }
        // Few loops (one per core): group by identity without hashing.
        var rest = connections
        while let head = rest.first {
            let loop = head.loop
            loop.flush(rest.filter { $0.loop === loop })
            rest.removeAll { $0.loop === loop }
        }
    }
}
