/// Login storm: N clients log in with at most `concurrency` in flight and stay connected.
/// Reports logins/s and the server's RSS growth per connection (right after the storm and,
/// with `--settle S`, again after S idle seconds). With `--password`, the
/// accounts are created in a first wave (reported too) and the timed wave uses `connect`.
struct StormScenario {
    let options: BenchOptions

    func run() throws(BenchError) -> [ScenarioResult] {
        let engine = try Engine(host: options.host, port: options.port, adapter: options.makeAdapter(rooms: 1), tls: options.tls)
        engine.mccp = options.mccp
        engine.webSocket = options.webSocket
        let probe = ServerProbe(pid: options.serverPID)
        var results: [ScenarioResult] = []
        let usesAccounts = options.password && options.protocolName == "livepet"
        engine.makeConnections(options.clients) { connection in
            connection.nick = options.nick(connection.index)
            let name = "\(options.accountPrefix)\(connection.index + 1)"
            connection.login = usesAccounts ? .create(name: name, password: options.accountPassword) : .guest
        }

        if usesAccounts {
            BenchMain.log("creating \(options.clients) accounts")
            let before = probe.sample()
            let stats = Setup.loginAll(engine, concurrency: options.concurrency, timeout: options.timeout)
            let window = CPUWindow(from: before, to: probe.sample())
            var result = header("storm-create")
            add(stats, window: window, to: &result)
            results.append(result)
            engine.closeAll()
            // Let the server finish the logouts so the timed wave starts from quiet.
            engine.run(until: MonotonicClock.nanos() + MonotonicClock.nanos(seconds: 2)) { false }
            for connection in engine.connections {
                connection.login = .connect(name: "\(options.accountPrefix)\(connection.index + 1)", password: options.accountPassword)
            }
        }

        BenchMain.log("logging in \(options.clients) clients")
        let before = probe.sample()
        let bytesBefore = engine.bytesIn
        let linesBefore = engine.linesIn
        let stats = Setup.loginAll(engine, concurrency: options.concurrency, timeout: options.timeout)
        let loggedIn = probe.sample()
        // Announcements may still be streaming to earlier arrivals; wait them out.
        let drainStart = MonotonicClock.nanos()
        engine.drain(quiet: 0.5, limit: options.timeout)
        let drainSeconds = Double(MonotonicClock.nanos() - drainStart) / 1e9 - 0.5
        let settled = probe.sample()

        var result = header(usesAccounts ? "storm-password" : "storm")
        add(stats, window: CPUWindow(from: before, to: loggedIn), to: &result)
        result.set("drain_s", max(0, drainSeconds), decimals: 2)
        result.set("still_connected", engine.liveCount)
        result.set("rx_mib", Double(engine.bytesIn - bytesBefore) / 1_048_576, decimals: 1)
        result.set("rx_lines", engine.linesIn - linesBefore)
        let rssBefore = before.serverRSSKiB
        let rssAfter = settled.serverRSSKiB
        result.set("rss_before_mib", rssBefore.map { Double($0) / 1024 }, decimals: 1)
        result.set("rss_after_mib", rssAfter.map { Double($0) / 1024 }, decimals: 1)
        if let rssBefore, let rssAfter, stats.ready > 0 {
            result.set("rss_per_conn_kib", (Double(rssAfter) - Double(rssBefore)) / Double(stats.ready), decimals: 2)
        } else {
            result.set("rss_per_conn_kib", nil)
        }
        result.set("server_cpu_s_incl_drain", CPUWindow(from: before, to: settled).serverCPUSeconds, decimals: 2)
        if options.settle > 0 {
            // The figure above still holds the storm's transient allocations. Held idle past
            // a housekeeping pass (malloc_trim every ~30 s), the heap shows what a quiet
            // connection costs; same baseline and divisor as rss_per_conn_kib.
            BenchMain.log("holding \(engine.liveCount) clients idle for \(options.settle) s")
            engine.run(until: MonotonicClock.nanos() + MonotonicClock.nanos(seconds: options.settle), tickMs: 100) { false }
            let rssSettled = probe.rssKiB()
            result.set("settle_s", options.settle, decimals: 0)
            result.set("still_connected_settled", engine.liveCount)
            result.set("rss_settled_mib", rssSettled.map { Double($0) / 1024 }, decimals: 1)
            if let rssBefore, let rssSettled, stats.ready > 0 {
                result.set("rss_per_conn_settled_kib", (Double(rssSettled) - Double(rssBefore)) / Double(stats.ready), decimals: 2)
            } else {
                result.set("rss_per_conn_settled_kib", nil)
            }
        }
        result.set("failures", engine.failures.map { "\($0.value)x \($0.key)" }.sorted().joined(separator: "; "))
        results.append(result)
        engine.closeAll()
        return results
    }

    private func header(_ scenario: String) -> ScenarioResult {
        var result = ScenarioResult(scenario: scenario)
        result.set("target", options.label)
        result.set("protocol", options.protocolName)
        result.set("tls", options.tls ? "on" : "off")
        result.set("websocket", options.webSocket ? "on" : "off")
        result.set("clients", options.clients)
        result.set("concurrency", options.concurrency)
        return result
    }

    private func add(_ stats: Setup.LoginStats, window: CPUWindow, to result: inout ScenarioResult) {
        result.set("logged_in", stats.ready)
        result.set("failed", stats.failed)
        result.set("seconds", stats.seconds, decimals: 3)
        result.set("logins_per_s", stats.perSecond, decimals: 0)
        result.set("login_p50_ms", stats.latency.percentileMillis(0.5), decimals: 2)
        result.set("login_p99_ms", stats.latency.percentileMillis(0.99), decimals: 2)
        result.set("login_max_ms", stats.latency.maxMillis, decimals: 2)
        result.set("server_cpu_pct", window.serverPercent, decimals: 0)
        result.set("bench_cpu_pct", window.benchPercent, decimals: 0)
    }
}
