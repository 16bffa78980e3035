import Foundation
import Glibc
import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld
import Synchronization

/// The composition root: event loops, the listener and the shared services.
///
/// Two loops by default (one per core here): the listener runs on the first and deals
/// accepted clients round-robin. Sessions, rooms and presence are actors on Swift's pool;
/// they write to connections, which any thread may do.
public final class Server: @unchecked Sendable {
    // @unchecked: `listener` is set once in `start()` before any other thread sees it.

    public let config: ServerConfig
    public let services: Services
    /// The counters and gauges of `/metrics`.
    public let metrics: ServerMetrics
    let loops: [EventLoop]
    private let shutdownTask = Mutex<Task<Void, Never>?>(nil)
    private let loopsStopped = Atomic<Bool>(false)
    private var listener: Listener?
    /// The TLS-only listener (`--tls-port`), if any.
    private var tlsListener: Listener?
    private var background: Task<Void, Never>?
    /// Link-dead expiry, limiter pruning, ban loading (Server+Housekeeping).
    private var housekeeping: Task<Void, Never>?
    public private(set) var port = 0
    /// The TLS-only listener's port, 0 without one.
    public private(set) var tlsPort = 0

    public init(config: ServerConfig, services: Services) throws {
        self.config = config
        self.services = services
        metrics = ServerMetrics(clock: config.clock)
        loops = try (0..<max(1, config.loops)).map { try EventLoop(index: $0, clock: config.clock) }
    }

    /// Starts the loops and begins accepting clients.
    public func start() throws {
        let limit = Socket.raiseDescriptorLimit()
        let (fd, port) = try Socket.listen(host: config.host, port: config.port)
        self.port = port
        services.setBoundPort(port)
        for loop in loops { loop.start() }
        let services = services
        services.gate.setDescriptorLimit(limit)
        // The handshake's deadline is part of the login timeout (both count from the connection).
        var limits = config.limits
        limits.tlsHandshakeTimeout = min(limits.tlsHandshakeTimeout, config.loginTimeout)
        // A browser on the port gets the page, /healthz and the WebSocket (issue 18); a
        // request must arrive within the login timeout.
        limits.web = ServerWebSite(services: services, metrics: metrics)
        limits.webRequestTimeout = config.loginTimeout
        // A browser's spare connection, silent for seconds, is not taken for telnet.
        limits.httpClients = RecentHTTPClients()
        limits.metrics = metrics.net
        // A WebSocket client's pings are answered at the rate its commands run.
        limits.pingRate = config.abuse.commandRate
        limits.pingBurst = config.abuse.commandBurst
        let makeSession: @Sendable (Connection) -> (any ConnectionDelegate)? = { connection in
            Logger.shared.debug("connect", ["ip": connection.peerAddress, "id": "\(connection.id)"])
            return Session(connection: connection, services: services)
        }
        var secure: (fd: Int32, port: Int)?
        if let wanted = config.tlsPort {
            guard limits.tls != nil else {
                Glibc.close(fd)
                throw ConfigError("--tls-port needs TLS (a certificate).")
            }
            do {
                secure = try Socket.listen(host: config.host, port: wanted)
            } catch {
                Glibc.close(fd)
                throw error
            }
        }
        let numbers = ConnectionNumbers()
        let listener = Listener(fd: fd, port: port, loop: loops[0], loops: loops, limits: limits, gate: services.gate,
                                numbers: numbers, makeDelegate: makeSession)
        self.listener = listener
        listener.start()
        if let secure {
            var tlsLimits = limits
            tlsLimits.tlsOnly = true
            let tlsListener = Listener(fd: secure.fd, port: secure.port, loop: loops[0], loops: loops, limits: tlsLimits,
                                       gate: services.gate, numbers: numbers, makeDelegate: makeSession)
            tlsPort = secure.port
            services.setBoundTLSPort(secure.port)
            self.tlsListener = tlsListener
            tlsListener.start()
        }
        if config.runsSimulation { startSimulation() }
        housekeeping = Self.startHousekeeping(services)
        Logger.shared.info("listening", [
            "host": config.host.isEmpty ? "*" : config.host, "port": "\(port)",
            "loops": "\(loops.count)", "max_files": "\(limit)",
        ])
        if tlsPort != 0 {
            Logger.shared.info("listening_tls", ["host": config.host.isEmpty ? "*" : config.host, "port": "\(tlsPort)"])
        }
    }

    /// Tells everyone, closes every connection cleanly, stops the loops and writes the final
    /// checkpoint. Safe to call more than once or concurrently: later callers wait for the first.
    public func shutdown(notice: String = "\nLivePet is shutting down. See you soon!\n") async {
        let task = shutdownTask.withLock { existing -> Task<Void, Never> in
            if let existing { return existing }
            // Never on a loop: it waits for the loops to stop. (Seen in bench runs: its jobs
            // ran on a loop thread, which then waited for itself.)
            let created = Task(executorPreference: globalConcurrentExecutor) { await self.performShutdown(notice: notice) }
            existing = created
            return created
        }
        await task.value
    }

    private func performShutdown(notice: String) async {
        listener?.stop()
        tlsListener?.stop()
        services.shutdownController.cancelCountdown()
        housekeeping?.cancel()
        await housekeeping?.value
        background?.cancel()
        await background?.value
        // The notice is each player's goodbye, written with the close: sent as a line of its
        // own, it could be flushed first and be followed by the prompt again.
        let inWorld = await services.presence.entries()
        for entry in inWorld {
            entry.connection.close(notice: notice)
        }
        for loop in loops {
            loop.execute {
                loop.forEachConnection { $0.close() }
            }
        }
        // Give closes a moment to flush, without waiting on anyone who stopped reading.
        for _ in 0..<100 {
            var open = 0
            for loop in loops {
                open += await withCheckedContinuation { continuation in
                    loop.execute { continuation.resume(returning: loop.connectionCount) }
                }
            }
            if open == 0 { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        // Let sessions record their goodbyes (presence, rooms) before the last checkpoint.
        for _ in 0..<50 where await services.presence.count > 0 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        await recordLastSeen(inWorld + services.presence.entries())
        loopsStopped.store(true, ordering: .releasing)
        for loop in loops { loop.stop() }
        await finalCheckpoint()
        Logger.shared.info("stopped", [:])
    }

    /// Connections currently open on all loops (for tests and stats); 0 once stopped.
    public func connectionCount() async -> Int {
        guard !loopsStopped.load(ordering: .acquiring) else { return 0 }
        var open = 0
        for loop in loops {
            open += await withCheckedContinuation { continuation in
                loop.execute { continuation.resume(returning: loop.connectionCount) }
            }
        }
        return open
    }

    // MARK: Simulation

    /// The world's three timers, in one task group the server owns.
    private func startSimulation() {
        let world = services.world
        let presence = services.presence
        let lists = services.lists
        let config = config
        let metrics = metrics
        background = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await Self.tickLoop(world: world, lists: lists, every: config.tick, clock: config.clock, metrics: metrics) }
                group.addTask {
                    await Self.checkpointLoop(world: world, every: config.checkpointInterval, clock: config.clock, metrics: metrics)
                }
                group.addTask { await Self.refillLoop(world: world, presence: presence, every: config.treatRefillInterval, clock: config.clock) }
            }
        }
    }

    /// Ticks on a fixed schedule; if the machine falls behind it skips rather than bursts.
    private static func tickLoop(world: World, lists: GMCPLists, every interval: Duration, clock: any ServerClock, metrics: ServerMetrics) async {
        let step = UInt64(interval.nanoseconds)
        var next = clock.uptimeNanos() + step
        while !Task.isCancelled {
            do { try await clock.sleep(untilNanos: next) } catch { return }
            let now = clock.uptimeNanos()
            metrics.tickStarted(late: now > next ? now - next : 0)
            // Status lines trickle out over the first fifth of the tick (at most a second).
            await world.advance(spreadOver: min(.seconds(1), interval / 5), timer: clock)
            // GMCP's world lists, to clients whose lists changed (nothing without GMCP clients).
            await lists.flush()
            next += step
            if next < clock.uptimeNanos() { next = clock.uptimeNanos() + step }
        }
    }

    private static func checkpointLoop(world: World, every interval: Duration, clock: any ServerClock, metrics: ServerMetrics) async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: interval) } catch { return }
            await checkpoint(world, reason: "interval", metrics: metrics)
        }
    }

    /// Writes a checkpoint and logs it: the `tick` logged is the one written, not the clock's
    /// when the write returns (the tick loop keeps running meanwhile).
    @discardableResult
    static func checkpoint(_ world: World, reason: String, logger: Logger = .shared, metrics: ServerMetrics? = nil) async -> Bool {
        let gathering = ContinuousClock.now
        if await world.prepareBenchmarkCheckpoint() {
            logger.info("bench_checkpoint_prepared", ["ms": "\((ContinuousClock.now - gathering).milliseconds)"])
        }
        let started = ContinuousClock.now
        do {
            let written = try await world.checkpoint()
            let elapsed = ContinuousClock.now - started
            metrics?.checkpointed(took: elapsed)
            logger.info("checkpoint", [
                "reason": reason, "tick": "\(written.tick)", "pets": "\(written.pets)", "treats": "\(written.treats)",
                "ms": "\(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)",
            ])
            return true
        } catch {
            logger.error("checkpoint_failed", ["reason": reason, "error": "\(error)", "retry": "next interval"])
            return false
        }
    }

    /// Refills every 30 minutes of wall time, counted from the last refill (kept across restarts).
    private static func refillLoop(world: World, presence: Presence, every interval: Duration, clock: any ServerClock) async {
        let seconds = max(1, interval.components.seconds)
        while !Task.isCancelled {
            let now = clock.unixSeconds()
            let due = world.treats.lastRefill + seconds
            if world.treats.lastRefill == 0 || due <= now {
                let gained = world.refillTreats(at: now)
                Logger.shared.info("treats_refilled", ["accounts": "\(gained.count)"])
                await presence.announce("Treat time! Everyone's treats are refilled to \(TreatBank.maximum).\n", includeGuests: false)
                continue
            }
            do { try await clock.sleep(for: .seconds(due - now)) } catch { return }
        }
    }

    /// Last seen for every character that was in the world, link-dead ones too, before the
    /// store closes: a session's own write at logout may come after the close (or, link-dead,
    /// never), and a lost one makes the next login summary tell old news again (review L5).
    private func recordLastSeen(_ entries: [Presence.Entry]) async {
        var recorded = Set<Int64>()
        for entry in entries {
            guard let accountID = entry.accountID, recorded.insert(accountID).inserted else { continue }
            await Session.recordLastSeen(services, accountID: accountID)
        }
    }

    private func finalCheckpoint() async {
        // A few tries: a transient I/O error should not lose the last minute.
        for attempt in 1...3 {
            if await Self.checkpoint(services.world, reason: "shutdown", metrics: metrics) { return }
            try? await Task.sleep(for: .milliseconds(200 * attempt))
        }
    }
}
