/// The `rooms` load against a world of a million pets, on a server the bench spawns with
/// its limits off (a fresh copy of the seeded world each run):
/// - `ticks`: 10,000 clients visiting 1,000 pets, a line a minute each, a world tick every
///   5 s: what the tick costs the server with visitors (goal < 10 % of one core).
/// - `checkpoint`: 5,000 clients in 500 pets, a line a second each, while a checkpoint every
///   10 s rewrites all million pets (`LIVEPET_BENCH_FULL_CHECKPOINT=1`, a benchmark-only
///   switch): whether the worst checkpoint stays under 2 s and chat p99 under 50 ms.
/// Checkpoint times are the server's own (`event=checkpoint ms=`), read from its log.
struct WorldScenario {
    let options: BenchOptions

    func run() throws(BenchError) -> [ScenarioResult] {
        let isCheckpoint = options.scenario == .checkpoint
        let world = WorldDatabase(options: options)
        let seeding = try world.prepare()
        let database = try world.runCopy()
        var arguments = ["--log-level", "info", "--tick", "\(options.tick)"] + SpawnedServer.limitsOff
        var environment: [String: String] = [:]
        if isCheckpoint {
            arguments += ["--checkpoint", "\(options.checkpoint)"]
            environment["LIVEPET_BENCH_FULL_CHECKPOINT"] = "1"
        }
        BenchMain.log("starting \(options.serverBinary) on a copy of \(world.path)")
        let server = try SpawnedServer(options: options, database: database, arguments: arguments,
                                       environment: environment, logName: "\(options.scenario.rawValue).log",
                                       timeout: options.timeout)
        defer { server.stop() }
        BenchMain.log("server pid \(server.pid) listening on port \(server.port) after \(Int(server.listeningSeconds * 1000)) ms")

        var load = options
        load.port = server.port
        load.serverPID = server.pid
        let measurement = try RoomsScenario(options: load, name: options.scenario.rawValue).measure()
        let rssKiB = ServerProbe(pid: server.pid).rssKiB()
        let stopSeconds = server.stop()
        let log = server.log

        var result = measurement.result
        result.set("pets", log.first("world_loaded")?.number("pets").map { Int($0) } ?? options.pets)
        result.set("seed_s", seeding.seconds, decimals: 2)
        result.set("listening_ms", server.listeningSeconds * 1000, decimals: 0)
        result.set("tick_s", options.tick, decimals: 2)
        result.set("server_rss_mib", rssKiB.map { Double($0) / 1024 }, decimals: 1)
        result.set("stop_ms", stopSeconds * 1000, decimals: 0)
        result.set("server_exit", server.process.exitDescription)

        let checkpoints = log.entries("checkpoint").filter { $0.fields["reason"] == "interval" }
        // A checkpoint counts as under load when any of it ran while the clients talked.
        let overlapping = checkpoints.filter { entry in
            guard let end = entry.unixTime, let ms = entry.number("ms") else { return false }
            return end >= measurement.talkStart && end - ms / 1000 <= measurement.talkEnd
        }
        let durations = checkpoints.compactMap { $0.number("ms") }
        result.set("checkpoints", checkpoints.count)
        if isCheckpoint || !checkpoints.isEmpty {
            result.set("checkpoint_interval_s", isCheckpoint ? options.checkpoint : nil, decimals: 0)
            result.set("checkpoints_while_talking", overlapping.count)
            result.set("checkpoint_ms_each", StartScenario.list(durations))
            result.set("checkpoint_ms_max", durations.max(), decimals: 0)
            result.set("checkpoint_pets_each", checkpoints.map { $0.fields["pets"] ?? "?" }.joined(separator: ", "))
            let prepared = log.entries("bench_checkpoint_prepared").compactMap { $0.number("ms") }
            result.set("prepared_ms_each_incl_shutdown", StartScenario.list(prepared))
            result.set("shutdown_checkpoint_ms", log.entries("checkpoint").last { $0.fields["reason"] == "shutdown" }?.number("ms"), decimals: 0)
        }
        let failed = log.entries("checkpoint_failed").count
        if failed > 0 { result.set("checkpoints_failed", failed) }

        if isCheckpoint {
            let worst = durations.max()
            let p99 = result.number("p99_ms")
            let met = !overlapping.isEmpty && (worst ?? .infinity) < 2000 && (p99 ?? .infinity) < 50
            result.set("goal", "every checkpoint < 2 s (at least one while talking), rooms p99 < 50 ms")
            result.set("met", met ? "yes" : (overlapping.isEmpty ? "NO (no checkpoint while talking)" : "NO"))
        } else {
            let cpu = result.number("server_cpu_pct")
            result.set("goal", "server CPU < 10 % of one core")
            result.set("met", (cpu ?? .infinity) < 10 ? "yes" : "NO")
        }
        return [result]
    }
}
