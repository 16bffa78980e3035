/// Command-line options. Every scenario is bounded: counts are capped, and every wait has
/// a time limit, so a misbehaving server ends a run instead of hanging it.
struct BenchOptions {
    enum Scenario: String, CaseIterable {
        case storm, fanout, rooms
    }

    var scenario = Scenario.storm
    var host = "127.0.0.1"
    var port: UInt16 = 4000
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
    var accountPrefix = "Bench"
    var accountPassword = "benchpass1"
    var senders = 4
    var window = 50
    var rooms = 500
    var rate = 1.0
    var petPrefix = "#"
    var nickPrefix = ""

    static let maxClients = 19_000

    static let usage = """
    livepet-bench: a loopback load generator for LivePet and IRC servers.

    Usage: livepet-bench <storm|fanout|rooms> [options]

      storm    --clients N log in concurrently (--concurrency C in flight); logins/s, RSS per
               connection. --password: create accounts first, then time `connect` logins.
      fanout   --clients M in one room; --senders S keep --window W lines in flight for
               --duration s; delivered lines/s, latency, server CPU per delivered line.
      rooms    --clients N in --rooms R, each saying --rate lines/s for --duration s;
               latency and server CPU %.

    Options:
      --host ADDR          127.0.0.1 (loopback only)       --port N          4000
      --protocol P         livepet or irc                   --label NAME      server name in reports
      --clients N          1000 (at most 19000)             --concurrency C   256 logins in flight
      --duration S         10                               --timeout S       120 per setup phase
      --server-pid PID     read the server's RSS and CPU from /proc
      --password           storm: password logins (create, then connect)
      --account-prefix P   Bench (accounts P1, P2, ...)     --account-password X  benchpass1
      --senders S          4                                --window W        50 lines in flight
      --rooms R            500 (livepet: 1 = the Lobby; more visit pets <pet-prefix>1..R)
      --rate R             1 line/s per client              --pet-prefix P    # (pet ids)
      --nick-prefix P      IRC nick prefix (default: b + two random letters)

    Output: a table per scenario, then one JSON line (starting with `{`).
    """

    static func parse(_ arguments: [String]) throws(BenchError) -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        guard let first = rest.popFirst(), let scenario = Scenario(rawValue: first) else {
            throw BenchError("Give a scenario: storm, fanout or rooms.\n\n" + usage)
        }
        options.scenario = scenario
        while let flag = rest.popFirst() {
            if flag == "--password" {
                options.password = true
                continue
            }
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value.") }
            switch flag {
            case "--host": options.host = value
            case "--port": options.port = UInt16(try integer(value, flag, 1...65535))
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
            default: throw BenchError("Unknown option \(flag).\n\n" + usage)
            }
        }
        guard options.host.hasPrefix("127.") else {
            throw BenchError("--host must be a 127.x.x.x loopback address (got \(options.host)).")
        }
        guard ["livepet", "irc"].contains(options.protocolName) else {
            throw BenchError("--protocol must be livepet or irc (got \(options.protocolName)).")
        }
        if options.label.isEmpty { options.label = options.protocolName }
        return options
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
