/// The shared phases before a measurement: log everyone in with bounded concurrency,
/// put them in their rooms, and prove the rooms are ready with a barrier line.
enum Setup {
    struct LoginStats {
        var ready = 0
        var failed = 0
        var seconds = 0.0
        var latency = LatencyHistogram()

        var perSecond: Double { seconds > 0 ? Double(ready) / seconds : 0 }
    }

    /// Opens every idle connection, keeping at most `concurrency` logins in flight.
    static func loginAll(_ engine: Engine, concurrency: Int, timeout: Double) -> LoginStats {
        var stats = LoginStats()
        let targets = engine.connections.filter { !$0.isLive }
        var next = 0
        engine.onReady = { connection in
            stats.ready += 1
            stats.latency.record(nanos: connection.readyAt - connection.startedAt)
        }
        engine.onClosed = { connection in
            if connection.readyAt == 0 { stats.failed += 1 }
        }
        let start = MonotonicClock.nanos()
        engine.run(until: start + MonotonicClock.nanos(seconds: timeout), tickMs: 5, tick: {
            while next < targets.count, engine.loginsInFlight < concurrency {
                engine.open(targets[next])
                next += 1
            }
        }, done: {
            next == targets.count && stats.ready + stats.failed == targets.count
        })
        stats.seconds = Double(MonotonicClock.nanos() - start) / 1e9
        // Whatever is still pending after the timeout counts as failed.
        stats.failed = targets.count - stats.ready
        engine.onReady = { _ in }
        engine.onClosed = { _ in }
        return stats
    }

    /// Moves every ready connection into `room(connection)`; returns how many made it.
    static func joinAll(_ engine: Engine, timeout: Double, room: (BenchConnection) -> Int) -> (joined: Int, failed: Int) {
        var joined = 0
        var failed = 0
        let members = engine.connections.filter { $0.phase == .ready }
        engine.onJoined = { _ in joined += 1 }
        engine.onClosed = { _ in failed += 1 }
        for connection in members { engine.join(connection, room: room(connection)) }
        engine.run(until: MonotonicClock.nanos() + MonotonicClock.nanos(seconds: timeout), tickMs: 10) {
            joined + failed >= members.count
        }
        engine.onJoined = { _ in }
        engine.onClosed = { _ in }
        return (joined, failed)
    }

    struct BarrierResult {
        var expected = 0
        var synced = 0
        /// Barrier lines seen in a room they were not said in: rooms are not isolated.
        var leaks = 0
        var seconds = 0.0
        var complete: Bool { synced >= expected }
    }

    /// One member of each room says a token; waits until every member of that room
    /// (except the speaker, unless the protocol echoes) has it. Room output is ordered,
    /// so after the barrier nothing from the joins is still on its way.
    static func barrier(_ engine: Engine, token: UInt64, timeout: Double) -> BarrierResult {
        var result = BarrierResult()
        var speakers: [Int: BenchConnection] = [:]
        let members = engine.connections.filter { $0.phase == .ready }
        for connection in members where speakers[connection.room] == nil {
            speakers[connection.room] = connection
        }
        result.expected = members.count - (engine.adapter.echoesOwnLines ? 0 : speakers.count)
        var seen = [Bool](repeating: false, count: engine.connections.count)
        engine.onLine = { connection, line, _ in
            guard case .sync(let room, let got) = Payload.parse(line), got == token else { return }
            if room != connection.room {
                result.leaks += 1
            } else if !seen[connection.index] {
                seen[connection.index] = true
                result.synced += 1
            }
        }
        engine.onClosed = { _ in result.expected -= 1 }
        let start = MonotonicClock.nanos()
        for (room, speaker) in speakers {
            engine.send(speaker, engine.adapter.sayLine(Payload.sync(room: room, token: token), room: room))
        }
        engine.run(until: start + MonotonicClock.nanos(seconds: timeout), tickMs: 10) { result.complete }
        result.seconds = Double(MonotonicClock.nanos() - start) / 1e9
        engine.onLine = { _, _, _ in }
        engine.onClosed = { _ in }
        return result
    }
}
