import LivePetSupport
import LivePetTelnet

/// Connections whose output grew during one broadcast, handed to their loops together at
/// the end: each loop is locked and woken once per broadcast instead of once per member,
/// and it does not start writing (and contending for the same buffers) halfway through.
package struct FlushBatch: ~Copyable {
    private var connections: [Connection] = []
    /// Lines queued by this broadcast, added to `NetMetrics.linesDelivered` once, at `submit`.
    private var lines: UInt64 = 0
    private var metrics: NetMetrics?

    /// Room for `expected` connections (a room's member count), so a broadcast grows its
    /// list once instead of doubling its way up (three reallocations for ten members).
    package init(expected: Int = 0) {
        connections.reserveCapacity(expected)
    }

    mutating func add(_ connection: Connection) {
        connections.append(connection)
    }

    /// One more line queued for `connection` (a local count: no atomic per member).
    @inline(__always)
    mutating func countLine(for connection: Connection) {
        if lines == 0 { metrics = connection.limits.metrics }
        lines &+= 1
    }

    /// Hands each loop its connections (`EventLoop.flush`: queued, or written here when the
    /// loop is idle). Call once, after the last member.
    package consuming func submit() {
        if lines > 0 { metrics?.linesDelivered.add(lines, ordering: .relaxed) }
        guard let first = connections.first else { return }
        let firstLoop = first.loop
        guard let other = connections.first(where: { $0.loop !== firstLoop }) else {
            firstLoop.flush(connections)
            return
        }
        // Few loops (one per core): one pass per loop, without copying the list.
        let secondLoop = other.loop
        firstLoop.flush(connections.lazy.filter { $0.loop === firstLoop })
        secondLoop.flush(connections.lazy.filter { $0.loop === secondLoop })
        guard connections.contains(where: { $0.loop !== firstLoop && $0.loop !== secondLoop }) else { return }
        var done = [firstLoop, secondLoop]
        for connection in connections where !done.contains(where: { $0 === connection.loop }) {
            let loop = connection.loop
            done.append(loop)
            loop.flush(connections.lazy.filter { $0.loop === loop })
        }
    }
}
