import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// One command as the help system and the resolver see it; the handler lives elsewhere so
/// that this table stays a plain, testable value.
public struct CommandSpec: Sendable, Equatable {
    /// Canonical lowercase name, the value `CommandTable.resolve` returns.
    public let name: String
    public let aliases: [String]
    /// Syntax line for help, e.g. "say <text>".
    public let usage: String
    /// One line for the command list.
    public let summary: String
    /// Full help text.
    public let help: String
    /// Hidden from, and unresolvable by, non-admins.
    public let adminOnly: Bool

    public init(
        name: String,
        aliases: [String] = [],
        usage: String,
        summary: String,
        help: String = "",
        adminOnly: Bool = false
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.help = help
        self.adminOnly = adminOnly
    }
}
