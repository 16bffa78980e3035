import Glibc

/// Command-line options. Every scenario is bounded: counts are capped, and every wait has
/// a time limit, so a misbehaving server ends a run instead of hanging it.
struct BenchOptions {
    enum Scenario: String, CaseIterable {
        case storm, fanout, rooms, start, ticks, checkpoint

        /// The scenarios that start their own server (`livepet`) on a seeded world.
        var spawnsServer: Bool { self == .start || self == .ticks || self == .checkpoint }
    }

    var scenario = Scenario.storm
    var host = "127.0.0.1"
    var port: UInt16 = 4000
    /// Whether --port was given; spawned servers otherwise get a free port.
    var portGiven = false
    var protocolName = "livepet"
    /// Free text naming the server in reports ("livepet", "ngircd", ...).
    var label = ""
    var clients = 1000
    var concurrency = 256
    /// Measured seconds (fanout, rooms).
    var duration = 10.0
    /// Upper bound for each setup phase (logins, joins, barriers).
    var timeout = 120.0
    var serverPID: Int32?
    var password = false
    /// Clients ask for MCCP2 compression (`IAC DO MCCP2` at connect) and inflate what they get.
    var mccp = false
    /// Every connection speaks TLS (a full handshake each, no certificate check).
    var tls = false
    /// livepet: every connection is the web client's WebSocket (`/ws`, masked text frames).
    var webSocket = false
    var accountPrefix = "Bench"
    var accountPassword = "benchpass1"
    var senders = 4
    var window = 50
    var rooms = 500
    var rate = 1.0
    var petPrefix = "#"
    var nickPrefix = ""
    /// storm: seconds to hold the clients idle after the storm before sampling RSS again.
    var settle = 0.0
    /// The scenarios that spawn the server: its binary, their folder, the world's size.
    var serverBinary = BenchOptions.defaultServerBinary()
    var workDirectory = "/tmp/livepet-bench-world"
    var pets = 1_000_000
    var repeatCount = 3
    var tick = 5.0
    var checkpoint = 10.0

    static let maxClients = 19_000

    static let usage = """
    livepet-bench: a loopback load generator for LivePet and IRC servers.

    Usage: livepet-bench <storm|fanout|rooms|start|ticks|checkpoint> [options]

      storm    --clients N log in concurrently (--concurrency C in flight); logins/s, RSS per
               connection. --password: create accounts first, then time `connect` logins.
               --settle S holds them idle S seconds more, then samples RSS again
               (rss_per_conn_settled_kib). The server's housekeeping returns freed memory
               (malloc_trim) every ~30 s counted from its start, so S >= 32 sees at least one
               pass: use --settle 35.
      fanout   --clients M in one room; --senders S keep --window W lines in flight for
               --duration s; delivered lines/s, latency, server CPU per delivered line.
      rooms    --clients N in --rooms R, each saying --rate lines/s for --duration s;
               latency and server CPU %.

    These start the server themselves (--server-binary) on a copy of a seeded world in
    --work (seeded once with `livepet seed --pets N --users 10000 --password-cost 1`), with
    its output in --work/<scenario>.log, and always stop it (SIGTERM; SIGKILL after 30 s):
      start       time from spawn to a connectable port, and RSS then and 0.5 s later,
                  --repeat K times (each and min/median); then the idle server's CPU over
                  --duration s (default 10) with no client at --tick s.
      ticks       10,000 clients visiting 1,000 pets (10 each), a line a minute each (--rate
                  0.0167), world tick --tick 5, 30 s: server CPU (goal < 10 %), latency.
      checkpoint  5,000 clients in 500 pets, a line a second each, 30 s, while every
                  checkpoint (--checkpoint 10 s) rewrites all pets
                  (LIVEPET_BENCH_FULL_CHECKPOINT=1): checkpoint ms from the server's log
                  (goal < 2 s) and rooms p99 (goal < 50 ms).
    Their sizes are defaults: --clients, --rooms, --rate, --duration override them.

    Options:
      --host ADDR          127.0.0.1 (loopback only)       --port N          4000 (spawned: a free one)
      --protocol P         livepet or irc                   --label NAME      server name in reports
      --clients N          1000 (at most 19000)             --concurrency C   256 logins in flight
      --duration S         10                               --timeout S       120 per setup phase
      --server-pid PID     read the server's RSS and CPU from /proc
      --password           storm: password logins (create, then connect)
      --mccp               livepet: clients ask for MCCP2 (IAC DO MCCP2) and inflate
      --tls                every client speaks TLS (OpenSSL, no certificate check, no session
                           resumption: each connection a full handshake, timed in its login)
      --websocket          livepet: every client is a browser's WebSocket (GET /ws, masked
                           text frames; the server's {"t":"text"} messages read as lines)
      --settle S           storm: 0 (off); idle seconds before a second RSS sample
      --account-prefix P   Bench (accounts P1, P2, ...)     --account-password X  benchpass1
      --senders S          4                                --window W        50 lines in flight
      --rooms R            500 (livepet: 1 = the Lobby; more visit pets <pet-prefix>1..R)
      --rate R             1 line/s per client              --pet-prefix P    # (pet ids)
      --nick-prefix P      IRC nick prefix (default: b + two random letters)
      --server-binary PATH livepet next to this program     --work DIR        /tmp/livepet-bench-world
      --pets N             1000000 (big.sqlite; others big-N.sqlite)
      --repeat K           start: 3 runs                    --tick S          5 (start, ticks)
      --checkpoint S       checkpoint: 10

    Output: a table per scenario, then one JSON line (starting with `{`).
    """

    static func parse(_ arguments: [String]) throws(BenchError) -> BenchOptions {
        var rest = arguments[...]
        guard let first = rest.popFirst(), let scenario = Scenario(rawValue: first) else {
            let names = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
            throw BenchError("Give a scenario: \(names).\n\n" + usage)
        }
        var options = defaults(for: scenario)
        while let flag = rest.popFirst() {
            if flag == "--password" {
                options.password = true
                continue
            }
            if flag == "--mccp" {
                options.mccp = true
                continue
            }
            if flag == "--tls" {
                options.tls = true
                continue
            }
            if flag == "--websocket" {
                options.webSocket = true
                continue
            }
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value.") }
            switch flag {
            case "--host": options.host = value
            case "--port":
                options.port = UInt16(try integer(value, flag, 1...65535))
                options.portGiven = true
            case "--protocol": options.protocolName = value
            case "--label": options.label = value
            case "--clients": options.clients = try integer(value, flag, 1...maxClients)
            case "--concurrency": options.concurrency = try integer(value, flag, 1...maxClients)
            case "--duration": options.duration = try seconds(value, flag, 0.1...600)
            case "--timeout": options.timeout = try seconds(value, flag, 1...600)
            case "--server-pid": options.serverPID = Int32(try integer(value, flag, 1...Int(Int32.max)))
            case "--account-prefix": options.accountPrefix = value
            case "--account-password": options.accountPassword = value
            case "--senders": options.senders = try integer(value, flag, 1...1000)
            case "--window": options.window = try integer(value, flag, 1...100_000)
            case "--rooms": options.rooms = try integer(value, flag, 1...maxClients)
            case "--rate": options.rate = try seconds(value, flag, 0.01...100)
            case "--pet-prefix": options.petPrefix = value
            case "--nick-prefix": options.nickPrefix = value
            case "--settle": options.settle = try seconds(value, flag, 0...600)
            case "--server-binary": options.serverBinary = value
            case "--work": options.workDirectory = value
            case "--pets": options.pets = try integer(value, flag, 1...10_000_000)
            case "--repeat": options.repeatCount = try integer(value, flag, 1...20)
            case "--tick": options.tick = try seconds(value, flag, 0.01...3600)
            case "--checkpoint": options.checkpoint = try seconds(value, flag, 1...3600)
            default: throw BenchError("Unknown option \(flag).\n\n" + usage)
            }
        }
        guard options.host.hasPrefix("127.") else {
            throw BenchError("--host must be a 127.x.x.x loopback address (got \(options.host)).")
        }
        guard ["livepet", "irc"].contains(options.protocolName) else {
            throw BenchError("--protocol must be livepet or irc (got \(options.protocolName)).")
        }
        if options.webSocket, options.protocolName != "livepet" || options.tls || options.mccp {
            throw BenchError("--websocket is LivePet's web client: --protocol livepet, without --tls or --mccp.")
        }
        if scenario.spawnsServer, options.protocolName != "livepet" {
            throw BenchError("\(scenario.rawValue) starts a LivePet server: --protocol must be livepet.")
        }
        if options.label.isEmpty { options.label = options.protocolName }
        return options
    }

    /// Each world scenario's load as the benchmark defines it; flags override.
    static func defaults(for scenario: Scenario) -> BenchOptions {
        var options = BenchOptions()
        options.scenario = scenario
        switch scenario {
        case .ticks:
            options.clients = 10_000
            options.rooms = 1_000
            options.rate = 0.0167
            options.duration = 30
        case .checkpoint:
            options.clients = 5_000
            options.rooms = 500
            options.rate = 1
            options.duration = 30
        case .storm, .fanout, .rooms, .start:
            break
        }
        if scenario == .ticks || scenario == .checkpoint {
            options.concurrency = 512
            options.timeout = 200
        }
        return options
    }

    /// `livepet` in the folder of this program (both are built into .build/release).
    static func defaultServerBinary() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "livepet" }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return "livepet" }
        return String(path[..<slash]) + "/livepet"
    }

    func makeAdapter(rooms: Int) -> any ChatProtocol {
        if protocolName == "irc" { return IRCProtocol() }
        return LivePetProtocol(petPrefix: petPrefix, rooms: rooms)
    }

    /// IRC nicks: short (ngircd's default limit is 9) and new each run, so ghosts of a
    /// previous run cannot collide.
    func nick(_ index: Int) -> String {
        (nickPrefix.isEmpty ? Self.runTag : nickPrefix) + String(index, radix: 36)
    }

    static let runTag: String = {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return "b" + String(letters.randomElement()!) + String(letters.randomElement()!)
    }()

    private static func integer(_ value: String, _ flag: String, _ range: ClosedRange<Int>) throws(BenchError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw BenchError("\(flag) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(value)).")
        }
        return number
    }

    private static func seconds(_ value: String, _ flag: String, _ range: ClosedRange<Double>) throws(BenchError) -> Double {
        guard let number = Double(value), range.contains(number) else {
            throw BenchError("\(flag) must be a number from \(range.lowerBound) to \(range.upperBound) (got \(value)).")
        }
        return number
    }
}
