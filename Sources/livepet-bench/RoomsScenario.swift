/// Many rooms: N clients spread over R rooms, each saying `rate` lines a second, spread
/// evenly over time (client k % N speaks the k-th line), for `duration` seconds.
struct RoomsScenario {
    let options: BenchOptions
    /// The report's name: "rooms", or the world scenario reusing this load ("ticks", ...).
    var name = "rooms"

    /// The figures, and the talking window in Unix seconds (to match server log lines).
    struct Measurement {
        var result: ScenarioResult
        var talkStart: Double
        var talkEnd: Double
    }

    func run() throws(BenchError) -> [ScenarioResult] {
        [try measure().result]
    }

    func measure() throws(BenchError) -> Measurement {
        let roomCount = min(options.rooms, options.clients)
        let engine = try Engine(host: options.host, port: options.port, adapter: options.makeAdapter(rooms: roomCount), tls: options.tls)
        engine.mccp = options.mccp
        engine.webSocket = options.webSocket
        let probe = ServerProbe(pid: options.serverPID)
        engine.makeConnections(options.clients) {
            $0.nick = options.nick($0.index)
            $0.room = $0.index % roomCount
        }
        var result = ScenarioResult(scenario: name)
        result.set("target", options.label)
        result.set("protocol", options.protocolName)
        result.set("tls", options.tls ? "on" : "off")
        result.set("websocket", options.webSocket ? "on" : "off")
        result.set("clients", options.clients)
        result.set("rooms", roomCount)
        result.set("rate_per_client", options.rate, decimals: options.rate < 0.1 ? 4 : 2)

        BenchMain.log("logging in \(options.clients) clients")
        let logins = Setup.loginAll(engine, concurrency: options.concurrency, timeout: options.timeout)
        let joins = Setup.joinAll(engine, timeout: options.timeout) { $0.index % roomCount }
        engine.drain(quiet: 0.5, limit: options.timeout)
        let barrier = Setup.barrier(engine, token: 2, timeout: options.timeout)
        BenchMain.log("logged in \(logins.ready), joined \(joins.joined), barrier \(barrier.synced)/\(barrier.expected) leaks \(barrier.leaks)")
        guard logins.ready >= 2 else { throw BenchError("fewer than two clients logged in: \(engine.failures)") }

        let members = engine.connections.filter { $0.phase == .ready }
        var roomSizes = [Int](repeating: 0, count: roomCount)
        for member in members { roomSizes[member.room] += 1 }
        var sent = 0
        var expected = 0
        var delivered = 0
        var foreign = 0
        var latency = LatencyHistogram()
        var sequence: UInt64 = 0
        engine.onClosed = { connection in roomSizes[connection.room] -= 1 }
        engine.onLine = { connection, line, now in
            guard case .data(let sender, _, let sentAt) = Payload.parse(line), sender != connection.index else { return }
            if engine.connections[sender].room != connection.room { foreign += 1 }
            delivered += 1
            latency.record(nanos: now &- sentAt)
        }

        let start = probe.sample()
        let talkStart = ServerLog.now()
        let linesPerSecond = Double(members.count) * options.rate
        let total = Int(linesPerSecond * options.duration)
        let tick = {
            let now = MonotonicClock.nanos()
            let due = min(total, Int(Double(now - start.wallNanos) / 1e9 * linesPerSecond))
            while sent < due {
                let speaker = members[sent % members.count]
                sent += 1
                guard speaker.phase == .ready else { continue }
                expected += roomSizes[speaker.room] - 1
                engine.send(speaker, engine.adapter.sayLine(
                    Payload.data(sender: speaker.index, sequence: sequence, sentAt: now), room: speaker.room))
                sequence += 1
            }
        }
        BenchMain.log("talking in \(roomCount) rooms for \(options.duration)s (\(Int(linesPerSecond)) lines/s)")
        let stopAt = start.wallNanos + MonotonicClock.nanos(seconds: options.duration)
        engine.run(until: stopAt, tickMs: 1, tick: tick) { false }
        let talked = probe.sample()
        let talkEnd = ServerLog.now()
        engine.run(until: MonotonicClock.nanos() + MonotonicClock.nanos(seconds: 10), tickMs: 5) { delivered >= expected }
        let window = CPUWindow(from: start, to: talked)

        result.set("logins_per_s", logins.perSecond, decimals: 0)
        result.set("joined", joins.joined)
        result.set("barrier_synced", "\(barrier.synced)/\(barrier.expected)")
        result.set("room_leaks", barrier.leaks + foreign)
        result.set("seconds", window.seconds, decimals: 2)
        result.set("lines_sent", Int(sequence))
        result.set("deliveries_expected", expected)
        result.set("delivered", delivered)
        result.set("lost", max(0, expected - delivered))
        result.set("delivered_per_s", Double(delivered) / window.seconds, decimals: 0)
        result.set("p50_ms", latency.percentileMillis(0.5), decimals: 2)
        result.set("p99_ms", latency.percentileMillis(0.99), decimals: 2)
        result.set("max_ms", latency.maxMillis, decimals: 2)
        result.set("server_cpu_pct", window.serverPercent, decimals: 1)
        result.set("server_cpu_us_per_line", window.serverCPUSeconds.map { delivered > 0 ? $0 * 1e6 / Double(delivered) : 0 }, decimals: 2)
        result.set("bench_cpu_pct", window.benchPercent, decimals: 0)
        result.set("disconnected", members.count - roomSizes.reduce(0, +))
        result.set("failures", engine.failures.map { "\($0.value)x \($0.key)" }.sorted().joined(separator: "; "))
        engine.closeAll()
        return Measurement(result: result, talkStart: talkStart, talkEnd: talkEnd)
    }
}
