import Synchronization

/// What a connection speaks, for `NetMetrics`' gauges: still being recognised (the sniff
/// window, a TLS handshake), telnet, HTTP requests, or a WebSocket.
package enum WireProtocol: Int, Sendable, CaseIterable {
    case negotiating, telnet, http, webSocket

    /// The `protocol` label, `+tls` added for an encrypted connection.
    package func label(tls: Bool) -> String {
        let name = switch self {
        case .negotiating: "negotiating"
        case .telnet: "telnet"
        case .http: "http"
        case .webSocket: "web"
        }
        return tls ? name + "+tls" : name
    }
}

/// The network layer's counters for `/metrics`, one object per server (`ConnectionLimits.metrics`).
///
/// Cheap where it runs often: bytes out are added once per `send(2)` (which costs
/// microseconds of kernel time), lines delivered once per broadcast (`FlushBatch.submit`,
/// counted in the batch, a local value) or per single send, all as relaxed atomic adds. The
/// gauges change only when a connection opens, changes protocol or closes.
public final class NetMetrics: Sendable {
    /// Lines queued for clients: broadcast lines once per recipient, and text sent to one.
    package let linesDelivered = Atomic<UInt64>(0)
    /// Bytes written to sockets (after TLS and compression).
    package let bytesOut = Atomic<UInt64>(0)
    /// Connections cut off because their output queue passed its cap (a client that stopped
    /// reading: what was queued for it is dropped with it).
    package let outputDrops = Atomic<UInt64>(0)
    /// Open connections by `WireProtocol` (plain, then TLS).
    private let open = Mutex([Int](repeating: 0, count: WireProtocol.allCases.count * 2))

    public init() {}

    package func opened(_ wire: WireProtocol, tls: Bool) {
        open.withLock { $0[Self.slot(wire, tls)] += 1 }
    }

    package func changed(from old: WireProtocol, oldTLS: Bool, to new: WireProtocol, tls: Bool) {
        open.withLock {
            $0[Self.slot(old, oldTLS)] -= 1
            $0[Self.slot(new, tls)] += 1
        }
    }

    package func closed(_ wire: WireProtocol, tls: Bool) {
        open.withLock { $0[Self.slot(wire, tls)] -= 1 }
    }

    /// Open connections by `protocol` label, every label listed (zeros included).
    public func connectionsByProtocol() -> [(label: String, count: Int)] {
        let counts = open.withLock { $0 }
        return [false, true].flatMap { tls in
            WireProtocol.allCases.map { (label: $0.label(tls: tls), count: counts[Self.slot($0, tls)]) }
        }
    }

    public var lines: UInt64 { linesDelivered.load(ordering: .relaxed) }
    public var bytes: UInt64 { bytesOut.load(ordering: .relaxed) }
    public var drops: UInt64 { outputDrops.load(ordering: .relaxed) }

    private static func slot(_ wire: WireProtocol, _ tls: Bool) -> Int {
        wire.rawValue + (tls ? WireProtocol.allCases.count : 0)
    }
}
