import LivePetNet
import LivePetSession
import LivePetSupport
import Synchronization

/// The server's side of `/metrics`: what the simulation's timers record (the last checkpoint's
/// duration and time, the last tick's lag), and the rendering of every metric in the
/// Prometheus text exposition format (version 0.0.4). Nothing in it names a player or a pet.
public final class ServerMetrics: Sendable {
    /// The version `livepet_build_info` reports.
    public static let version = "0.1.0"

    public let net = NetMetrics()
    private let clock: any ServerClock
    private let startedAt: UInt64
    private let checkpointNanos = Atomic<UInt64>(0)
    /// Uptime nanoseconds of the last successful checkpoint's end; 0: none yet.
    private let checkpointAt = Atomic<UInt64>(0)
    private let tickLagNanos = Atomic<UInt64>(0)

    public init(clock: any ServerClock) {
        self.clock = clock
        startedAt = clock.uptimeNanos()
    }

    func checkpointed(took duration: Duration) {
        checkpointNanos.store(UInt64(max(0, duration.nanoseconds)), ordering: .relaxed)
        checkpointAt.store(max(1, clock.uptimeNanos()), ordering: .relaxed)
    }

    /// A tick started `nanos` after it was due.
    func tickStarted(late nanos: UInt64) {
        tickLagNanos.store(nanos, ordering: .relaxed)
    }

    /// The exposition, made now from the counters and `services`' state.
    func render(_ services: Services) -> String {
        var text = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            text += "# HELP livepet_\(name) \(help)\n# TYPE livepet_\(name) \(type)\n"
            for sample in samples { text += "livepet_\(name)\(sample.labels) \(sample.value)\n" }
        }
        func seconds(_ nanos: UInt64) -> String { String(Double(nanos) / 1e9) }
        metric("connections", "gauge", "Open connections by protocol (negotiating: not yet recognised or in a TLS handshake).",
               net.connectionsByProtocol().map { (labels: "{protocol=\"\($0.label)\"}", value: String($0.count)) })
        metric("players_online", "gauge", "Players logged in, guests included.",
               [("", String(services.presence.onlineCount.load(ordering: .relaxed)))])
        let world = services.world
        metric("pets_live", "gauge", "Pets alive.", [("", String(world.pets.livePets(at: world.now)))])
        metric("pets_visited", "gauge", "Pets with at least one visitor.", [("", String(world.pets.visitedPets))])
        metric("lines_delivered_total", "counter", "Lines queued for clients (a broadcast counts once per recipient).",
               [("", String(net.lines))])
        metric("bytes_out_total", "counter", "Bytes written to client sockets, after compression and TLS.", [("", String(net.bytes))])
        metric("output_drops_total", "counter", "Connections cut off because their output queue was full (their queued output dropped).",
               [("", String(net.drops))])
        let now = clock.uptimeNanos()
        let lastCheckpoint = checkpointAt.load(ordering: .relaxed)
        metric("checkpoint_duration_seconds", "gauge", "How long the last checkpoint took.",
               [("", seconds(checkpointNanos.load(ordering: .relaxed)))])
        metric("checkpoint_age_seconds", "gauge", "Seconds since the last checkpoint ended (since start before the first).",
               [("", seconds(now &- (lastCheckpoint == 0 ? startedAt : lastCheckpoint)))])
        metric("tick_lag_seconds", "gauge", "How late the last world tick started.", [("", seconds(tickLagNanos.load(ordering: .relaxed)))])
        metric("build_info", "gauge", "The running build.", [("{version=\"\(Self.version)\"}", "1")])
        return text
    }
}
