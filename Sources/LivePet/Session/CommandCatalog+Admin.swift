import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Commands players use to protect themselves, and the admins' commands.
extension CommandCatalog {
    static let safety: [CommandSpec] = [
        CommandSpec(name: "ignore", usage: "ignore [name]",
                    summary: "Hide someone's says, emotes, tells and chat from you.",
                    help: "\"ignore\" alone lists whom you ignore. They are not told; a tell from them gets \"<you> is not listening to you\"."),
        CommandSpec(name: "unignore", usage: "unignore <name>", summary: "Stop ignoring someone."),
        CommandSpec(name: "password", usage: "password",
                    summary: "Change your password.",
                    help: "Asks for your current password, then the new one twice. What you type is hidden. An empty line cancels."),
    ]

    static let admin: [CommandSpec] = [
        CommandSpec(name: "users", usage: "users [page]",
                    summary: "Everyone online with address, idle time, client and protocol.",
                    help: "\(UsersFormatter.pageSize) players a page, by name; \"users 2\" is the next page. The last line gives the total.",
                    adminOnly: true),
        CommandSpec(name: "kick", usage: "kick <name> [reason]",
                    summary: "Disconnect a player.", help: "Their character leaves at once (it does not stay link-dead).", adminOnly: true),
        CommandSpec(name: "ban", usage: "ban <name|address> [confirm] [duration] [reason]",
                    summary: "Ban a character or an address, permanently or for a while.",
                    help: "Durations: 90s, 30m, 2h, 7d, 2w; without one the ban is permanent. An IPv6 address bans its /64. Whoever is banned is disconnected, except admins named by the server's configuration. An address ban that covers your own connection needs \"confirm\".",
                    adminOnly: true),
        CommandSpec(name: "unban", usage: "unban <name|address>", summary: "Lift a ban.", adminOnly: true),
        CommandSpec(name: "bans", usage: "bans", summary: "List the bans in force.", adminOnly: true),
        CommandSpec(name: "wall", usage: "wall <text>", summary: "Announce something to everyone online.", adminOnly: true),
        CommandSpec(name: "shutdown", usage: "shutdown [seconds|cancel]",
                    summary: "Shut the server down cleanly after a countdown (default 60 seconds).",
                    help: "Everyone is told as it counts down; then connections close and the world is saved. \"shutdown cancel\" stops the countdown.",
                    adminOnly: true),
        CommandSpec(name: "promote", usage: "promote <name>", summary: "Make a character an admin.", adminOnly: true),
        CommandSpec(name: "demote", usage: "demote <name>", summary: "Take a character's admin rights away.", adminOnly: true),
        CommandSpec(name: "audit", usage: "audit [count]", summary: "The latest admin actions (default 20).", adminOnly: true),
    ]
}
