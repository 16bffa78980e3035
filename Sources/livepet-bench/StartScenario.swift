/// Start-up of a big world: the time from spawning `livepet` to a connectable port with a
/// million pets, the server's RSS then and 0.5 s later, repeated `--repeat` times on fresh
/// copies of the world; then the idle server's CPU over `--duration` seconds with no
/// client (the last run's server, at `--tick`). Seeds the world first if it is missing.
struct StartScenario {
    let options: BenchOptions

    private struct Run {
        var listeningMs: Double
        var rssListeningKiB: UInt64?
        var rssLaterKiB: UInt64?
        var loadMs: Double?
        var readMs: Double?
        var buildMs: Double?
        var stopMs: Double
        var pets: Int?
    }

    func run() throws(BenchError) -> [ScenarioResult] {
        let world = WorldDatabase(options: options)
        let seeding = try world.prepare()
        var runs: [Run] = []
        var idle: CPUWindow?
        for index in 1...options.repeatCount {
            let database = try world.runCopy()
            BenchMain.log("start \(index)/\(options.repeatCount): \(options.serverBinary) on a copy of \(world.path)")
            let server = try SpawnedServer(options: options, database: database,
                                           arguments: ["--log-level", "debug", "--tick", "\(options.tick)"],
                                           logName: "start-\(index).log", timeout: options.timeout)
            defer { server.stop() }
            let probe = ServerProbe(pid: server.pid)
            let rssListening = probe.rssKiB()
            ChildProcess.sleep(milliseconds: 500)
            let rssLater = probe.rssKiB()
            if index == options.repeatCount {
                // As idle-cpu.sh did: a second to settle, then the window.
                ChildProcess.sleep(milliseconds: 1000)
                BenchMain.log("idle CPU for \(options.duration) s at tick \(options.tick) s")
                let before = probe.sample()
                ChildProcess.sleep(milliseconds: Int(options.duration * 1000))
                idle = CPUWindow(from: before, to: probe.sample())
            }
            let log = server.log
            let phases = log.first("world_load_phases")
            let loaded = log.first("world_loaded")
            let stopSeconds = server.stop()
            runs.append(Run(listeningMs: server.listeningSeconds * 1000, rssListeningKiB: rssListening, rssLaterKiB: rssLater,
                            loadMs: loaded?.number("ms"), readMs: phases?.number("read_ms"), buildMs: phases?.number("build_ms"),
                            stopMs: stopSeconds * 1000, pets: loaded?.number("pets").map { Int($0) }))
            BenchMain.log("listening after \(Int(server.listeningSeconds * 1000)) ms; stopped in \(Int(stopSeconds * 1000)) ms (\(server.process.exitDescription))")
        }

        var result = ScenarioResult(scenario: "start")
        result.set("target", options.label)
        result.set("pets", runs.last?.pets ?? options.pets)
        result.set("db_mib", Double(seeding.fileBytes) / 1_048_576, decimals: 1)
        result.set("seeded_now", seeding.seeded ? "yes" : "no (reused \(world.path))")
        result.set("seed_s", seeding.seconds, decimals: 2)
        result.set("runs", runs.count)
        let listening = runs.map(\.listeningMs)
        result.set("listening_ms_each", Self.list(listening))
        result.set("listening_ms_min", listening.min(), decimals: 0)
        result.set("listening_ms_median", Self.median(listening), decimals: 0)
        result.set("load_ms_each", Self.list(runs.compactMap(\.loadMs)))
        result.set("read_ms_each", Self.list(runs.compactMap(\.readMs)))
        result.set("build_ms_each", Self.list(runs.compactMap(\.buildMs)))
        let rssListening = runs.compactMap { $0.rssListeningKiB.map { Double($0) / 1024 } }
        let rssLater = runs.compactMap { $0.rssLaterKiB.map { Double($0) / 1024 } }
        result.set("rss_listening_mib_each", Self.list(rssListening))
        result.set("rss_listening_mib_median", Self.median(rssListening), decimals: 1)
        result.set("rss_0.5s_mib_each", Self.list(rssLater))
        result.set("rss_0.5s_mib_median", Self.median(rssLater), decimals: 1)
        result.set("stop_ms_each", Self.list(runs.map(\.stopMs)))
        result.set("idle_tick_s", options.tick, decimals: 2)
        result.set("idle_window_s", idle?.seconds, decimals: 1)
        result.set("idle_cpu_s", idle?.serverCPUSeconds, decimals: 2)
        // /proc counts CPU in 10 ms clock ticks: over 10 s that is a 0.1 % resolution.
        result.set("idle_cpu_pct", idle?.serverPercent, decimals: 2)
        let fast = (Self.median(listening) ?? .infinity) < 3000
        let small = (rssLater.max() ?? .infinity) * 1.048576 < 500  // MiB → MB
        let quiet = (idle?.serverPercent ?? .infinity) < 2
        result.set("goal", "listening < 3 s, RSS < 500 MB, idle < 2 % of a core")
        result.set("met", "\(fast ? "yes" : "NO") / \(small ? "yes" : "NO") / \(quiet ? "yes" : "NO")")
        return [result]
    }

    static func list(_ values: [Double]) -> String {
        values.isEmpty ? "n/a" : values.map { $0 >= 100 || $0 == $0.rounded() ? "\(Int($0.rounded()))" : "\(($0 * 10).rounded() / 10)" }.joined(separator: ", ")
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
