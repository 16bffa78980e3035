/// Fan-out: M members in one room; a few senders keep up to `window` lines in flight. A
/// line leaves the window when every other member has it (or after 10 s, as lost), so the
/// rate found is the server's delivery rate, not a rate the bench imposed.
struct FanoutScenario {
    let options: BenchOptions

    private struct Flight {
        var sentAt: UInt64
        var delivered: Int
        var expected: Int
    }

    func run() throws(BenchError) -> [ScenarioResult] {
        let engine = try Engine(host: options.host, port: options.port, adapter: options.makeAdapter(rooms: 1))
        let probe = ServerProbe(pid: options.serverPID)
        engine.makeConnections(options.clients) { $0.nick = options.nick($0.index) }
        var result = ScenarioResult(scenario: "fanout")
        result.set("target", options.label)
        result.set("protocol", options.protocolName)
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
        var flights: [UInt64: Flight] = [:]
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
            if var flight = flights[sequence] {
                flight.delivered += 1
                if flight.delivered >= flight.expected {
                    flights[sequence] = nil
                } else {
                    flights[sequence] = flight
                }
            }
        }
        let lostAfter = MonotonicClock.nanos(seconds: 10)
        let tick = {
            let now = MonotonicClock.nanos()
            for (sequence, flight) in flights where now - flight.sentAt > lostAfter {
                lost += flight.expected - flight.delivered
                flights[sequence] = nil
            }
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
                flights[nextSequence] = Flight(sentAt: now, delivered: 0, expected: expected)
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
        for flight in flights.values { lost += flight.expected - flight.delivered }

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
