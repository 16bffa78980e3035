/// Connections whose output grew during one broadcast, handed to their loops together at
/// the end: each loop is locked and woken once per broadcast instead of once per member,
/// and it does not start writing (and contending for the same buffers) halfway through.
struct FlushBatch: ~Copyable {
    private var connections: [Connection] = []

    init() {}

    mutating func add(_ connection: Connection) {
        connections.append(connection)
    }

    /// Tells each loop about its connections. Call once, after the last member.
    consuming func submit() {
        guard let first = connections.first else { return }
        let loop = first.loop
        if connections.allSatisfy({ $0.loop === loop }) {
            loop.scheduleFlush(contentsOf: connections)
            return
        }
        // Few loops (one per core): group by identity without hashing.
        var rest = connections[...]
        while let head = rest.first {
            let loop = head.loop
            loop.scheduleFlush(contentsOf: rest.lazy.filter { $0.loop === loop })
            rest = ArraySlice(rest.filter { $0.loop !== loop })
        }
    }
}
