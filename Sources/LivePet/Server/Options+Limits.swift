import Foundation
import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld

/// The flags and variables of `AbuseLimits` and the admin list.
extension Options {
    static let limitSettings: [Setting] = [
        Setting(flag: "--admins", variable: "LIVEPET_ADMINS", placeholder: "NAMES",
                summary: "Comma-separated characters who are always admins and outrank promoted ones; a name with no account is reserved until created with the setup code logged at start", defaultText: "") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for name in names {
                // A name nobody could ever create would be logged as claimable and then refused.
                if let reason = NameRules.validateAccountName(name, reserved: CommandCatalog.reservedNames) {
                    throw ConfigError("admins: \"\(name)\" cannot be a character's name: \(reason)")
                }
            }
            config.admins = Set(names.map { NameKey.make($0) })
        },
        Setting(flag: "--max-connections", variable: "LIVEPET_MAX_CONNECTIONS", placeholder: "N",
                summary: "Connections open at once, all clients (0 = only the descriptor limit)", defaultText: "16384") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.maxConnections = try integer(value, name: "max-connections", in: 0...10_000_000)
        },
        Setting(flag: "--max-per-address", variable: "LIVEPET_MAX_PER_ADDRESS", placeholder: "N",
                summary: "Connections open at once from one address, IPv6 by /64 (0 = no limit)", defaultText: "8") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.maxConnectionsPerAddress = try integer(value, name: "max-per-address", in: 0...10_000_000)
        },
        Setting(flag: "--connect-rate", variable: "LIVEPET_CONNECT_RATE", placeholder: "N",
                summary: "New connections per address per minute (0 = no limit)", defaultText: "20") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.connectsPerAddress = try integer(value, name: "connect-rate", in: 0...10_000_000)
        },
        Setting(flag: "--command-rate", variable: "LIVEPET_COMMAND_RATE", placeholder: "N",
                summary: "Commands per second per session, sustained (0 = no limit)", defaultText: "10") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            guard let rate = Double(value.trimmingCharacters(in: .whitespaces)), rate.isFinite, rate >= 0, rate <= 1_000_000 else {
                throw ConfigError("--command-rate must be a number of commands per second, 0 or more (got \(Logger.quoteIfNeeded(value))).")
            }
            config.abuse.commandRate = rate
        },
        Setting(flag: "--command-burst", variable: "LIVEPET_COMMAND_BURST", placeholder: "N",
                summary: "Commands a session may send at once before the rate applies", defaultText: "20") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.commandBurst = try integer(value, name: "command-burst", in: 1...1_000_000)
        },
        Setting(flag: "--command-queue", variable: "LIVEPET_COMMAND_QUEUE", placeholder: "N",
                summary: "Lines held back by the rate before more are dropped", defaultText: "50") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.commandQueue = try integer(value, name: "command-queue", in: 1...100_000)
        },
        Setting(flag: "--chat-limit", variable: "LIVEPET_CHAT_LIMIT", placeholder: "N",
                summary: "Says, emotes, tells and chats per player per chat window (0 = no limit)", defaultText: "10") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.chatMessages = try integer(value, name: "chat-limit", in: 0...1_000_000)
        },
        Setting(flag: "--chat-window", variable: "LIVEPET_CHAT_WINDOW", placeholder: "SECONDS",
                summary: "The chat limit's window", defaultText: "10") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.chatWindow = try duration(value, name: "chat-window", minimum: 0.01)
        },
        Setting(flag: "--login-failures", variable: "LIVEPET_LOGIN_FAILURES", placeholder: "N",
                summary: "Failed passwords per address per window before it must wait (0 = no limit)", defaultText: "5") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.loginFailures = try integer(value, name: "login-failures", in: 0...1_000_000)
        },
        Setting(flag: "--login-failure-window", variable: "LIVEPET_LOGIN_FAILURE_WINDOW", placeholder: "SECONDS",
                summary: "The failed-login window", defaultText: "300") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.loginFailureWindow = try duration(value, name: "login-failure-window", minimum: 0.01)
        },
        Setting(flag: "--accounts-per-address", variable: "LIVEPET_ACCOUNTS_PER_ADDRESS", placeholder: "N",
                summary: "New characters per address per account window (0 = no limit)", defaultText: "3") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.accountsPerAddress = try integer(value, name: "accounts-per-address", in: 0...1_000_000)
        },
        Setting(flag: "--account-window", variable: "LIVEPET_ACCOUNT_WINDOW", placeholder: "SECONDS",
                summary: "The new-character window", defaultText: "600") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.accountWindow = try duration(value, name: "account-window", minimum: 0.01)
        },
        Setting(flag: "--idle-flag", variable: "LIVEPET_IDLE_FLAG", placeholder: "SECONDS",
                summary: "Idle time after which who shows a player as idle (0 = never)", defaultText: "300") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.idleFlag = try duration(value, name: "idle-flag", minimum: 0)
        },
        Setting(flag: "--idle-logout", variable: "LIVEPET_IDLE_LOGOUT", placeholder: "SECONDS",
                summary: "Idle time after which a player is logged out (0 = never)", defaultText: "3600") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.idleLogout = try duration(value, name: "idle-logout", minimum: 0)
        },
        Setting(flag: "--link-dead-grace", variable: "LIVEPET_LINK_DEAD_GRACE", placeholder: "SECONDS",
                summary: "How long a dropped player's character waits, link-dead, for them (0 = it leaves at once)", defaultText: "180") { (config: inout ServerConfig, value: String) throws(ConfigError) in
            config.abuse.linkDeadGrace = try duration(value, name: "link-dead-grace", minimum: 0)
        },
    ]
}
