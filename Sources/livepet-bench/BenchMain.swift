import CLinux
import Glibc

/// Parses the arguments, prepares the process (descriptor limit, SIGPIPE) and runs one scenario.
enum BenchMain {
    static func run(arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(BenchOptions.usage)
            return 0
        }
        do {
            let options = try BenchOptions.parse(arguments)
            _ = signal(SIGPIPE, SIG_IGN)
            // Spawned servers inherit this limit (and raise their own soft limit as well).
            let files = raiseDescriptorLimit()
            guard files > options.clients + 64 else {
                throw BenchError("Only \(files) file descriptors are allowed; \(options.clients) clients need \(options.clients + 64).")
            }
            if options.scenario.spawnsServer {
                log("\(options.scenario.rawValue): \(options.pets) pets, server \(options.serverBinary), work \(options.workDirectory) (max files \(files))")
            } else {
                log("\(options.scenario.rawValue): \(options.clients) clients against \(options.label) at \(options.host):\(options.port)\(options.tls ? " over TLS" : "")\(options.webSocket ? " over WebSocket" : "") (max files \(files))")
            }
            let results: [ScenarioResult]
            switch options.scenario {
            case .storm: results = try StormScenario(options: options).run()
            case .fanout: results = try FanoutScenario(options: options).run()
            case .rooms: results = try RoomsScenario(options: options).run()
            case .start: results = try StartScenario(options: options).run()
            case .ticks, .checkpoint: results = try WorldScenario(options: options).run()
            }
            for result in results {
                print(result.table())
                print(result.jsonLine())
            }
            return 0
        } catch {
            log("error: \(error)")
            return 1
        }
    }

    /// Raises the soft RLIMIT_NOFILE to the hard limit: 10k clients need more than 10k
    /// descriptors, and the soft default is often 1024.
    static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Progress to stderr, so stdout holds only tables and JSON.
    static func log(_ message: String) {
        let text = "[bench] \(message)\n"
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count - 1) }
    }
}
