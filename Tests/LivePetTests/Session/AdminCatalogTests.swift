import Testing
@testable import LivePetSession
@testable import LivePetWorld

/// The command table as players and admins see it.
@Suite struct AdminCatalogTests {
    static let table = CommandTable(CommandCatalog.all)
    static let adminCommands = ["users", "kick", "ban", "unban", "bans", "allow", "unallow", "wall", "shutdown", "promote", "demote", "resetpassword", "audit"]

    @Test func adminCommandsAreAdminOnlyAndInvisibleToPlayers() {
        for name in Self.adminCommands {
            #expect(Self.table.spec(named: name)?.adminOnly == true, "\(name)")
            #expect(Self.table.resolve(name, isAdmin: true) == .command(name))
            #expect(Self.table.resolve(name, isAdmin: false) != .command(name))
        }
        #expect(CommandCatalog.all.filter(\.adminOnly).map(\.name).sorted() == Self.adminCommands.sorted())
    }

    @Test func playerSafetyCommandsResolveForEveryone() {
        for name in ["ignore", "unignore", "password"] {
            #expect(Self.table.resolve(name, isAdmin: false) == .command(name))
        }
        // A player's prefix never lands on an admin command.
        #expect(Self.table.resolve("u", isAdmin: false) == .command("unignore"))
        #expect(Self.table.resolve("sh", isAdmin: false) == .unknown(suggestion: nil))
    }

    @Test func commandWordsAreReservedNames() {
        for name in Self.adminCommands + ["ignore", "password"] {
            #expect(NameRules.validateAccountName(name.capitalized, reserved: CommandCatalog.reservedNames) != nil, "\(name)")
        }
    }
}
