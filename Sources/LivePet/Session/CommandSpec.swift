import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Who may run a command, and see it in help.
public enum Permission: Sendable, Equatable {
    case player
    /// Hidden from, and unresolvable by, non-admins; typed in full.
    case admin
}

/// One command as the help system and the resolver see it: a plain, testable value. The
/// table entry that binds it to its handler is `Command` (`CommandCatalog.commands`).
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
    public let permission: Permission

    /// Hidden from, and unresolvable by, non-admins.
    public var adminOnly: Bool { permission == .admin }

    public init(
        name: String,
        aliases: [String] = [],
        usage: String,
        summary: String,
        help: String = "",
        permission: Permission = .player
    ) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.help = help
        self.permission = permission
    }

    /// The same, with the permission as a flag.
    public init(name: String, aliases: [String] = [], usage: String, summary: String, help: String = "", adminOnly: Bool) {
        self.init(name: name, aliases: aliases, usage: usage, summary: summary, help: help, permission: adminOnly ? .admin : .player)
    }
}

/// One entry of the command table: the spec, and the handler it runs.
///
/// A handler runs on the session's actor (its `isolated` parameter) with the arguments as
/// typed, trimmed; the dispatcher (`Session.handleCommand`) has already checked that the
/// player is playing, allowed to run it and, for chat commands, within the chat cooldown,
/// and prompts afterwards.
struct Command: Sendable {
    typealias Handler = @Sendable (isolated Session, String) async -> Void

    let spec: CommandSpec
    /// Says, emotes, tells, chat, pet and play (their reactions reach the room): counted against the chat cooldown before they run.
    let isChat: Bool
    let run: Handler

    init(
        name: String,
        aliases: [String] = [],
        usage: String,
        summary: String,
        help: String = "",
        permission: Permission = .player,
        chat: Bool = false,
        run: @escaping Handler
    ) {
        self.spec = CommandSpec(name: name, aliases: aliases, usage: usage, summary: summary, help: help, permission: permission)
        self.isChat = chat
        self.run = run
    }
}
