/// Fan-out: M members in one room; a few senders keep up to `window` lines in flight. A
/// line leaves the window when every other member has it (or after 10 s, as lost), so the
/// rate found is the server's delivery rate, not a rate the bench imposed.
struct FanoutScenario {
    let options: BenchOptions

    private struct Flight {
        var sequence: UInt64
        var sentAt: UInt64
        var delivered: Int
        var expected: Int
    }

    /// The lines in flight, in a ring indexed by the low bits of their sequence number: the
    /// bench counts millions of deliveries a second, and hashing each sequence number was a
    /// tenth of its CPU (CPU it shares with the server it measures). Lines are sent in
    /// sequence order, so the oldest line in flight is the first to time out.
    private struct Flights {
        private static let capacity = 1 << 16
        private var slots = [Flight](repeating: Flight(sequence: .max, sentAt: 0, delivered: 0, expected: 0), count: capacity)
        /// Lines in flight.
        private(set) var count = 0
        /// Every line before this one has left the ring.
        private var oldest: UInt64 = 0
        private var next: UInt64 = 0

        var isEmpty: Bool { count == 0 }

        /// Adds line `sequence` (one past the last); returns the deliveries still missing from
        /// a line that has been in flight for `capacity` lines, which counts as lost.
        mutating func add(_ sequence: UInt64, sentAt: UInt64, expected: Int) -> Int {
            let slot = Int(sequence & UInt64(Self.capacity - 1))
            var lost = 0
            if slots[slot].sequence != .max {
                lost = slots[slot].expected - slots[slot].delivered
                count -= 1
            }
            slots[slot] = Flight(sequence: sequence, sentAt: sentAt, delivered: 0, expected: expected)
            count += 1
            next = sequence + 1
            return lost
        }

        /// Counts one delivery of `sequence`; the line leaves once every member has it.
        mutating func delivered(_ sequence: UInt64) {
            let slot = Int(sequence & UInt64(Self.capacity - 1))
            guard slots[slot].sequence == sequence else { return }
            slots[slot].delivered += 1
            if slots[slot].delivered >= slots[slot].expected { remove(slot) }
        }

        /// Removes lines sent before `cutoff` (or all); returns the deliveries they missed.
        mutating func expire(sentBefore cutoff: UInt64) -> Int {
            var lost = 0
            while oldest < next {
                let slot = Int(oldest & UInt64(Self.capacity - 1))
                if slots[slot].sequence == oldest {
                    guard slots[slot].sentAt < cutoff else { break }
                    lost += slots[slot].expected - slots[slot].delivered
                    remove(slot)
                }
                oldest += 1
            }
            return lost
        }

        private mutating func remove(_ slot: Int) {
            slots[slot].sequence = .max
            count -= 1
        }
    }

    func run() throws(BenchError) -> [ScenarioResult] {
        let engine = try Engine(host: options.host, port: options.port, adapter: options.makeAdapter(rooms: 1), tls: options.tls)
        engine.mccp = options.mccp
        engine.webSocket = options.webSocket
        let probe = ServerProbe(pid: options.serverPID)
        engine.makeConnections(options.clients) { $0.nick = options.nick($0.index) }
        var result = ScenarioResult(scenario: "fanout")
        result.set("target", options.label)
        result.set("protocol", options.protocolName)
        result.set("tls", options.tls ? "on" : "off")
        result.set("websocket", options.webSocket ? "on" : "off")
        result.set("members", options.clients)
        result.set("senders", options.senders)
        result.set("window", options.window)

        BenchMain.log("logging in \(options.clients) members")
        let logins = Setup.loginAll(engine, concurrency: options.concurrency, timeout: options.timeout)
        let joins = Setup.joinAll(engine, timeout: options.timeout) { _ in 0 }
        engine.drain(quiet: 0.5, limit: options.timeout)
        let barrier = Setup.barrier(engine, token: 1, timeout: options.timeout)
        BenchMain.log("logged in \(logins.ready) (\(Int(logins.perSecond))/s), joined \(joins.joined), barrier \(barrier.synced)/\(barrier.expected) in \(barrier.seconds)s")
        guard logins.ready >= 2 else { throw BenchError("fewer than two members logged in: \(engine.failures)") }

        let members = engine.connections.filter { $0.phase == .ready }
        let senders = Array(members.prefix(options.senders))
        var liveMembers = members.count
        var flights = Flights()
        var nextSequence: UInt64 = 0
        var sent = 0
        var delivered = 0
        var lost = 0
        var echoes = 0
        var expectedTotal = 0
        var latency = LatencyHistogram()
        var sending = true

        engine.onClosed = { _ in liveMembers -= 1 }
        engine.onLine = { connection, line, now in
            guard case .data(let sender, let sequence, let sentAt) = Payload.parse(line) else { return }
            if sender == connection.index {
                echoes += 1
                return
            }
            delivered += 1
            latency.record(nanos: now &- sentAt)
            flights.delivered(sequence)
        }
        let lostAfter = MonotonicClock.nanos(seconds: 10)
        let tick = {
            let now = MonotonicClock.nanos()
            if now > lostAfter { lost += flights.expire(sentBefore: now - lostAfter) }
            guard sending else { return }
            while flights.count < options.window {
                let sender = senders[Int(nextSequence % UInt64(senders.count))]
                guard sender.phase == .ready else {
                    nextSequence += 1
                    if senders.allSatisfy({ $0.phase != .ready }) { sending = false }
                    if !sending { return }
                    continue
                }
                let expected = liveMembers - 1
                lost += flights.add(nextSequence, sentAt: now, expected: expected)
                expectedTotal += expected
                engine.send(sender, engine.adapter.sayLine(
                    Payload.data(sender: sender.index, sequence: nextSequence, sentAt: now), room: 0))
                nextSequence += 1
                sent += 1
            }
        }

        BenchMain.log("fanning out for \(options.duration)s")
        let start = probe.sample()
        let stopAt = start.wallNanos + MonotonicClock.nanos(seconds: options.duration)
        engine.run(until: stopAt, tickMs: 5, tick: tick) { false }
        sending = false
        engine.run(until: MonotonicClock.nanos() + lostAfter, tickMs: 5, tick: tick) { flights.isEmpty }
        let end = probe.sample()
        let window = CPUWindow(from: start, to: end)
        lost += flights.expire(sentBefore: .max)

        result.set("logins_per_s", logins.perSecond, decimals: 0)
        result.set("barrier_synced", "\(barrier.synced)/\(barrier.expected)")
        result.set("seconds", window.seconds, decimals: 2)
        result.set("lines_sent", sent)
        result.set("deliveries_expected", expectedTotal)
        result.set("delivered", delivered)
        result.set("lost", lost)
        result.set("delivered_per_s", Double(delivered) / window.seconds, decimals: 0)
        result.set("sent_per_s", Double(sent) / window.seconds, decimals: 0)
        result.set("p50_ms", latency.percentileMillis(0.5), decimals: 2)
        result.set("p99_ms", latency.percentileMillis(0.99), decimals: 2)
        result.set("max_ms", latency.maxMillis, decimals: 2)
        result.set("server_cpu_pct", window.serverPercent, decimals: 0)
        result.set("server_cpu_us_per_line", window.serverCPUSeconds.map { delivered > 0 ? $0 * 1e6 / Double(delivered) : 0 }, decimals: 2)
        result.set("bench_cpu_pct", window.benchPercent, decimals: 0)
        result.set("disconnected", members.count - liveMembers)
        result.set("failures", engine.failures.map { "\($0.value)x \($0.key)" }.sorted().joined(separator: "; "))
        engine.closeAll()
        return [result]
    }
}
