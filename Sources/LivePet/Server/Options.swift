import Foundation
import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld

/// Command-line and environment parsing. Every setting has a flag and a `LIVEPET_*`
/// variable; the flag wins. Values are validated here so a bad one fails at start.
public struct Options: Sendable {
    public enum Command: String, Sendable {
        case serve, check, seed, help
    }

    /// One setting: its flag, variable, default and how to apply it.
    struct Setting: Sendable {
        let flag: String
        let variable: String
        let placeholder: String
        let summary: String
        let defaultText: String
        let apply: @Sendable (inout ServerConfig, String) throws(ConfigError) -> Void
    }

    public var command: Command = .serve
    public var config = ServerConfig()
    /// `seed` subcommand sizes.
    public var seedPets = 100_000
    public var seedUsers = 1_000
    /// `check --tls`: check over TLS.
    public var checkTLS = false

    public init() {}

    static let settings: [Setting] = coreSettings + limitSettings

    static let coreSettings: [Setting] = [
        Setting(flag: "--host", variable: "LIVEPET_HOST", placeholder: "ADDR",
                summary: "Address to listen on; empty or * means every interface, IPv4 and IPv6", defaultText: "*") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.host = value == "*" ? "" : value
        },
        Setting(flag: "--port", variable: "LIVEPET_PORT", placeholder: "N",
                summary: "TCP port (0 = any free port, printed in the listening log line)", defaultText: "4000") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.port = try integer(value, name: "port", in: 0...65535)
        },
        Setting(flag: "--motd", variable: "LIVEPET_MOTD", placeholder: "FILE",
                summary: "Message of the day shown on connect", defaultText: "motd.txt") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.motdPath = value
        },
        Setting(flag: "--motd-text", variable: "LIVEPET_MOTD_TEXT", placeholder: "TEXT",
                summary: "Message of the day given inline (instead of the file)", defaultText: "") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.motdText = value
        },
        Setting(flag: "--db", variable: "LIVEPET_DB", placeholder: "PATH",
                summary: "SQLite database file, created on first start", defaultText: "livepet.sqlite") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            guard !value.isEmpty else { throw ConfigError("--db needs a file path.") }
            config.databasePath = value
        },
        Setting(flag: "--tls-cert", variable: "LIVEPET_TLS_CERT", placeholder: "FILE",
                summary: "PEM certificate chain for TLS on the telnet port (with --tls-key; re-read on SIGHUP)",
                defaultText: "") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            guard !value.isEmpty else { throw ConfigError("--tls-cert needs a file path.") }
            config.tlsCertificatePath = value
        },
        Setting(flag: "--tls-key", variable: "LIVEPET_TLS_KEY", placeholder: "FILE",
                summary: "PEM private key of --tls-cert", defaultText: "") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            guard !value.isEmpty else { throw ConfigError("--tls-key needs a file path.") }
            config.tlsKeyPath = value
        },
        Setting(flag: "--tls-port", variable: "LIVEPET_TLS_PORT", placeholder: "N",
                summary: "A second port that speaks TLS only (the telnet port takes TLS too); empty = none",
                defaultText: "") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.tlsPort = value.isEmpty ? nil : try integer(value, name: "tls-port", in: 0...65535)
        },
        Setting(flag: "--tick", variable: "LIVEPET_TICK", placeholder: "SECONDS",
                summary: "Length of one world tick", defaultText: "5") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.tick = try duration(value, name: "tick", minimum: 0.001)
        },
        Setting(flag: "--checkpoint", variable: "LIVEPET_CHECKPOINT", placeholder: "SECONDS",
                summary: "Interval between checkpoints of the world to SQLite", defaultText: "60") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.checkpointInterval = try duration(value, name: "checkpoint", minimum: 0.01)
        },
        Setting(flag: "--treat-refill", variable: "LIVEPET_TREAT_REFILL", placeholder: "SECONDS",
                summary: "Interval between treat refills", defaultText: "1800") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.treatRefillInterval = try duration(value, name: "treat-refill", minimum: 0.01)
        },
        Setting(flag: "--login-timeout", variable: "LIVEPET_LOGIN_TIMEOUT", placeholder: "SECONDS",
                summary: "Time allowed to finish logging in", defaultText: "60") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.loginTimeout = try duration(value, name: "login-timeout", minimum: 0.01)
        },
        Setting(flag: "--password-cost", variable: "LIVEPET_PASSWORD_COST", placeholder: "N",
                summary: "yescrypt cost for new password hashes (1-11)", defaultText: "5") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.passwordCost = try integer(value, name: "password-cost", in: 1...11)
        },
        Setting(flag: "--loops", variable: "LIVEPET_LOOPS", placeholder: "N",
                summary: "Network event-loop threads", defaultText: "2") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.loops = try integer(value, name: "loops", in: 1...64)
        },
        Setting(flag: "--mccp", variable: "LIVEPET_MCCP", placeholder: "on|off",
                summary: "Offer MCCP2 compression to telnet clients (zlib; about 30 KiB and 3x the CPU per line for each client that takes it)",
                defaultText: "on") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            switch value.lowercased() {
            case "on": config.limits.mccp = true
            case "off": config.limits.mccp = false
            default: throw ConfigError("--mccp must be on or off (got \(Logger.quoteIfNeeded(value))).")
            }
        },
        Setting(flag: "--trusted-proxies", variable: "LIVEPET_TRUSTED_PROXIES", placeholder: "LIST",
                summary: "Comma-separated addresses and CIDR blocks of reverse proxies whose X-Forwarded-For names a browser's address (empty = none)",
                defaultText: "") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            do {
                config.limits.trustedProxies = try TrustedProxies(parsing: value)
            } catch {
                throw ConfigError("--trusted-proxies: \(error)")
            }
        },
        Setting(flag: "--log-level", variable: "LIVEPET_LOG_LEVEL", placeholder: "LEVEL",
                summary: "debug, info, warning or error", defaultText: "info") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            guard let level = Logger.Level(name: value) else {
                throw ConfigError("--log-level must be debug, info, warning or error (got \(Logger.quoteIfNeeded(value))).")
            }
            config.logLevel = level
        },
        Setting(flag: "--log-format", variable: "LIVEPET_LOG_FORMAT", placeholder: "FORMAT",
                summary: "text (key=value) or json", defaultText: "text") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            guard let format = Logger.Format(rawValue: value.lowercased()) else {
                throw ConfigError("--log-format must be text or json (got \(Logger.quoteIfNeeded(value))).")
            }
            config.logFormat = format
        },
    ]

    /// Parses `arguments` (without the program name) over `environment`.
    public static func parse(_ arguments: [String], environment: [String: String]) throws(ConfigError) -> Options {
        var options = Options()
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("-") {
            guard let command = Command(rawValue: first) else {
                throw ConfigError("Unknown command \(Logger.quoteIfNeeded(first)). Try: livepet --help")
            }
            options.command = command
            rest = rest.dropFirst()
        }
        for setting in settings {
            if let value = environment[setting.variable] {
                do {
                    try setting.apply(&options.config, value)
                } catch {
                    throw ConfigError("\(setting.variable): \(error.message)")
                }
            }
        }
        while let argument = rest.popFirst() {
            if argument == "--help" || argument == "-h" {
                options.command = .help
                continue
            }
            var flag = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                flag = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if options.command == .check, argument == "--tls" {
                options.checkTLS = true
                continue
            }
            if options.command == .seed, flag == "--pets" || flag == "--users" {
                guard let value = inlineValue ?? rest.popFirst() else { throw ConfigError("\(flag) needs a value.") }
                let count = try integer(value, name: String(flag.dropFirst(2)), in: 0...100_000_000)
                if flag == "--pets" { options.seedPets = count } else { options.seedUsers = count }
                continue
            }
            guard let setting = settings.first(where: { $0.flag == flag }) else {
                throw ConfigError("Unknown option \(Logger.quoteIfNeeded(flag)). Try: livepet --help")
            }
            guard let value = inlineValue ?? rest.popFirst() else {
                throw ConfigError("\(flag) needs a value.")
            }
            try setting.apply(&options.config, value)
        }
        if (options.config.tlsCertificatePath == nil) != (options.config.tlsKeyPath == nil) {
            throw ConfigError("--tls-cert and --tls-key go together (LIVEPET_TLS_CERT and LIVEPET_TLS_KEY).")
        }
        if let tlsPort = options.config.tlsPort, tlsPort != 0, tlsPort == options.config.port {
            throw ConfigError("--tls-port must differ from --port (the telnet port takes TLS too).")
        }
        return options
    }

    public static var helpText: String {
        var text = """
        LivePet: a multiplayer virtual-pet world served over telnet.

        Usage:
          livepet [serve] [options]     run the server (default)
          livepet check [--tls] [--host H] [--port P]
                                        ask a running server for its status; exit 0 if it answers
                                        (--tls: over TLS, to --tls-port if set; any certificate)
          livepet seed --pets N --users M [--db PATH]
                                        fill a database with a large world (benchmarks)
          livepet --help                this text

        Options (each also as an environment variable; a flag wins):

        """
        // One column for every summary, two spaces past the longest flag and placeholder.
        let lefts = settings.map { "  \($0.flag) \($0.placeholder)" }
        let column = (lefts.map(\.count).max() ?? 0) + 2
        for (setting, left) in zip(settings, lefts) {
            text += left.padding(toLength: column, withPad: " ", startingAt: 0)
            text += "\(setting.summary) [\(setting.variable), default: \(setting.defaultText.isEmpty ? "none" : setting.defaultText)]\n"
        }
        return text
    }

    static func integer(_ value: String, name: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let number = Int(value.trimmingCharacters(in: .whitespaces)), range.contains(number) else {
            throw ConfigError("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(Logger.quoteIfNeeded(value))).")
        }
        return number
    }

    static func duration(_ value: String, name: String, minimum: Double) throws(ConfigError) -> Duration {
        guard let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds >= minimum, seconds <= 31_536_000 else {
            throw ConfigError("--\(name) must be a number of seconds, at least \(minimum) (got \(Logger.quoteIfNeeded(value))).")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
