import Testing
@testable import LivePet
@testable import LivePetSession

/// Every limit has a flag and a variable, documented in --help.
@Suite struct OptionsLimitsTests {
    @Test func defaults() throws {
        let config = try Options.parse([], environment: [:]).config
        #expect(config.abuse == AbuseLimits())
        #expect(config.abuse.maxConnectionsPerAddress == 8)
        #expect(config.abuse.connectsPerAddress == 20)
        #expect(config.abuse.commandRate == 10)
        #expect(config.abuse.commandBurst == 20)
        #expect(config.abuse.loginFailures == 5)
        #expect(config.abuse.loginFailureWindow == .seconds(300))
        #expect(config.abuse.accountsPerAddress == 3)
        #expect(config.abuse.accountWindow == .seconds(600))
        #expect(config.abuse.idleFlag == .seconds(300))
        #expect(config.abuse.idleLogout == .seconds(3600))
        #expect(config.abuse.linkDeadGrace == .seconds(180))
        #expect(config.admins.isEmpty)
    }

    @Test func flagsAndVariables() throws {
        let options = try Options.parse([
            "--admins", "Root, alice", "--max-per-address", "2", "--command-rate", "2.5", "--idle-logout", "0",
            "--link-dead-grace=0.5",
        ], environment: ["LIVEPET_CONNECT_RATE": "7", "LIVEPET_MAX_PER_ADDRESS": "99", "LIVEPET_CHAT_LIMIT": "0"])
        let limits = options.config.abuse
        #expect(options.config.admins == ["root", "alice"])
        #expect(limits.maxConnectionsPerAddress == 2, "the flag wins over the variable")
        #expect(limits.connectsPerAddress == 7)
        #expect(limits.commandRate == 2.5)
        #expect(limits.chatMessages == 0)
        #expect(limits.idleLogout == .zero)
        #expect(limits.linkDeadGrace == .milliseconds(500))
    }

    /// MCCP2 is offered unless turned off, by flag or variable.
    @Test func compressionIsOnUnlessTurnedOff() throws {
        #expect(try Options.parse([], environment: [:]).config.limits.mccp)
        #expect(try !Options.parse(["--mccp", "off"], environment: [:]).config.limits.mccp)
        #expect(try !Options.parse([], environment: ["LIVEPET_MCCP": "OFF"]).config.limits.mccp)
        #expect(try Options.parse(["--mccp=on"], environment: ["LIVEPET_MCCP": "off"]).config.limits.mccp)
        #expect(throws: ConfigError.self) { try Options.parse(["--mccp", "yes"], environment: [:]) }
    }

    @Test(arguments: [["--command-rate", "-1"], ["--max-per-address", "x"], ["--idle-flag", "-3"], ["--command-burst", "0"]])
    func badValuesFailClearly(arguments: [String]) {
        #expect(throws: ConfigError.self) { try Options.parse(arguments, environment: [:]) }
    }

    /// A configured admin's name must be one a character can have, or the reservation and its
    /// setup code would promise something the login refuses.
    @Test(arguments: [["--admins", "boss,admin"], ["--admins", "guest7"], ["--admins", "x"], ["--admins", "bo ss"]])
    func adminNamesThatNoCharacterCanHaveAreRefused(arguments: [String]) {
        #expect(throws: ConfigError.self) { try Options.parse(arguments, environment: [:]) }
        #expect(throws: ConfigError.self) { try Options.parse([], environment: ["LIVEPET_ADMINS": arguments[1]]) }
    }

    @Test func helpDocumentsEveryLimit() {
        let help = Options.helpText
        for setting in Options.limitSettings {
            #expect(help.contains(setting.flag))
            #expect(help.contains(setting.variable))
        }
    }
}
