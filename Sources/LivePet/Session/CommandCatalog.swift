import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Every command, registered in one place: name, aliases, usage, help, permission and the
/// handler it runs, in the order `help` lists them. Adding a command is adding an entry here
/// (a short handler can be written in the entry itself; longer ones are static functions of
/// their topic, `TalkCommands`, `PetCommands`, `SafetyCommands`, `AdminCommands`,
/// `BanCommands`, `ClientCommands`, taking the session `isolated`).
public enum CommandCatalog {
    static let commands: [Command] = core + pets + safety + admin

    /// The specs, in table order, for help and the resolver.
    public static let all: [CommandSpec] = commands.map(\.spec)

    /// The resolver over `all`; its indexes are indexes into `commands`.
    static let table = CommandTable(all)

    static let core: [Command] = [
        Command(name: "help", aliases: ["?"], usage: "help [command]",
                summary: "List commands, or explain one.",
                help: "With no argument, lists every command. \"help say\" explains say.") { TalkCommands.help($0, $1) },
        Command(name: "commands", usage: "commands", summary: "List every command name.") { session, _ in TalkCommands.listCommands(session) },
        Command(name: "who", usage: "who",
                summary: "Who is online, where, for how long and how idle.",
                help: "Shows each player's name, where they are, how long they have been on, idle time and flags (AFK, idle, link-dead, guest).") { session, _ in
            await TalkCommands.who(session)
        },
        Command(name: "finger", aliases: ["whois"], usage: "finger <name>",
                summary: "Someone's profile: pets, when they joined, last seen or online for, treats given.") {
            await MemoryCommands.finger($0, $1)
        },
        Command(name: "score", usage: "score   or   me",
                summary: "Your own profile, with the treats you hold and your settings.") { session, _ in
            await MemoryCommands.score(session)
        },
        Command(name: "history", usage: "history [chat]",
                summary: "The last 20 lines said in your room, or on the chat channel.",
                help: "Only what was said since the server started; lines of people you ignore are left out. "
                    + "\"history chat\" needs the chat channel on.") { await MemoryCommands.history($0, $1) },
        Command(name: "say", usage: "say <text>   or   'text",
                summary: "Say something to everyone in the room.",
                help: "Everyone in your room hears it. A quote mark works too: 'hello", chat: true) { TalkCommands.say($0, $1) },
        Command(name: "emote", aliases: ["me"], usage: "emote <action>   or   :action",
                summary: "Act something out in the room.",
                help: "\"emote waves\" shows \"Alice waves\" to the room. A colon works too: :waves. \"me\" alone shows your profile (score).", chat: true) { TalkCommands.emote($0, $1) },
        Command(name: "tell", aliases: ["whisper", "page"], usage: "tell <name> <text>",
                summary: "Send a private message to someone, kept for them if they are offline.",
                help: "Only they see it, wherever they are. They can answer with reply. To a player who is offline it is kept for their next login "
                    + "(at most 20 waiting for one player, 3 of them from you, for 7 days); you are told whether it was saved.", chat: true) { await TalkCommands.tell($0, $1) },
        Command(name: "reply", usage: "reply <text>",
                summary: "Answer the last person who sent you a tell.", chat: true) { await TalkCommands.reply($0, $1) },
        Command(name: "chat", usage: "chat <text>",
                summary: "Talk on the global chat channel.",
                help: "Everyone online with the channel on sees it. \"channel off\" hides the channel for you.", chat: true) { await TalkCommands.chat($0, $1) },
        Command(name: "channel", usage: "channel [on|off]",
                summary: "Turn the global chat channel on or off for you, or see whether it is on.",
                help: "Your choice is saved with your character.") { await TalkCommands.channel($0, $1) },
        Command(name: "afk", usage: "afk [message]",
                summary: "Mark yourself away from keyboard.",
                help: "Others see AFK in who, and your message when they tell you something. Your next command clears it.") { await TalkCommands.afk($0, $1) },
        Command(name: "color", aliases: ["colour"], usage: "color on|off",
                summary: "Turn ANSI colour on or off.",
                help: "Colour starts on when your client says it supports it.") { await ClientCommands.setColour($0, $1) },
        Command(name: "screenreader", usage: "screenreader on|off",
                summary: "Screen-reader mode: no pictures, hearts in words.",
                help: "Starts on when your client announces a screen reader (MTTS).") { await ClientCommands.setScreenReader($0, $1) },
        Command(name: "charset", usage: "charset utf-8|ascii",
                summary: "Choose UTF-8 or plain ASCII for what you see.",
                help: "ASCII shows hearts as <3 and pictures without special characters, and reads what you type as Latin-1. "
                    + "It starts as your client says (MTTS, telnet CHARSET); UTF-8 otherwise.") { await ClientCommands.setCharset($0, $1) },
        Command(name: "quit", usage: "quit", summary: "Leave LivePet.",
                help: "Your pets keep living while you are away.") { session, _ in TalkCommands.quit(session) },
    ]

    static let pets: [Command] = [
        Command(name: "adopt", usage: "adopt <name> [species]",
                summary: "Adopt a new pet of your own.",
                help: "Names are 3 to 100 characters and unique; a name of several words goes in double quotes: adopt \"Mister Whiskers\" cat. Species: cat, crab, dog, fish, fox, phoenix, rabbit, sea_turtle, totoro (random if you leave it out). You can care for up to 20 live pets.") { await PetCommands.adopt($0, $1) },
        Command(name: "pets", usage: "pets [mine|live|dead|<name prefix>] [page]",
                summary: "List pets, busiest first.",
                help: "Pets with visitors come first, then all the others. \"pets mine\" lists yours, \"pets fl\" those whose names start with fl, \"pets 2\" the next page.") { await PetCommands.listPets($0, $1) },
        Command(name: "visit", aliases: ["go"], usage: "visit <pet name>   or   visit #<id>",
                summary: "Go to a pet's room.",
                help: "Everyone in a pet's room sees how it is doing when its hearts or mood change, and how it reacts (\"ticks\" chooses).") { await PetCommands.visit($0, $1) },
        Command(name: "leave", usage: "leave", summary: "Go back to the Lobby.") { session, _ in await PetCommands.leaveRoom(session) },
        Command(name: "look", aliases: ["l"], usage: "look [pet|player]",
                summary: "Look at the room you are in, a pet, or a player.",
                help: "\"look\" shows your room and the pet who lives there; \"look Whiskers\" (or \"look #12\") how a pet is doing, from anywhere; \"look Alice\" where someone online is and whether they are idle or AFK.") {
            await PetCommands.lookAt($0, $1)
        },
        Command(name: "feed", usage: "feed [pet]",
                summary: "Feed your own pet (hunger -100).",
                help: "Only a pet's owner can feed it. In a pet's room \"feed\" is enough.") { await PetCommands.feed($0, $1) },
        Command(name: "treat", usage: "treat [pet]",
                summary: "Give any pet a treat (hunger -20; costs one treat).",
                help: "Everyone holds up to 5 treats, refilled every 30 minutes. A treat for a pet that has died stays in your pocket.") { await PetCommands.giveTreat($0, $1) },
        Command(name: "treats", usage: "treats", summary: "How many treats you hold and when they refill.") { session, _ in PetCommands.showTreats(session) },
        Command(name: "pet", usage: "pet [pet]",
                summary: "Stroke the pet whose room you are in; it reacts.",
                help: "Anyone can, in the pet's room; it does not change hunger. Everyone here sees the pet's reaction. "
                    + "It counts as a message, like say (\"Slow down\" past the chat limit).", chat: true) { await PetCommands.interact($0, $1, playing: false) },
        Command(name: "play", usage: "play [pet]",
                summary: "Play with the pet whose room you are in; it reacts.",
                help: "Anyone can, in the pet's room; it does not change hunger. Everyone here sees the pet's reaction. "
                    + "It counts as a message, like say (\"Slow down\" past the chat limit).", chat: true) { await PetCommands.interact($0, $1, playing: true) },
        Command(name: "ticks", usage: "ticks [all|changes|off]",
                summary: "Choose which pet status lines and reactions you see.",
                help: "\"ticks changes\" (the default) shows a pet's status when its hearts, mood or an age milestone change, and its reactions; "
                    + "\"ticks all\" every tick (\"ticks on\" too); \"ticks off\" neither. \"ticks\" alone shows your setting. "
                    + "The prompt in a pet's room always shows its hearts.") { await PetCommands.setTicks($0, $1) },
    ]

    /// Commands players use to protect themselves.
    static let safety: [Command] = [
        Command(name: "ignore", usage: "ignore [name]",
                summary: "Hide someone's says, emotes, tells and chat from you.",
                help: "\"ignore\" alone lists whom you ignore. You do not see the pets' reactions to them either. They are not told: what they say is simply not shown to you, and a tell from them gets \"<you> is not available.\", as a tell to someone whose link has dropped does.") { await SafetyCommands.ignore($0, $1) },
        Command(name: "unignore", usage: "unignore <name>", summary: "Stop ignoring someone.") { SafetyCommands.unignore($0, $1) },
        Command(name: "password", usage: "password",
                summary: "Change your password.",
                help: "Asks for your current password, then the new one twice. What you type is hidden. An empty line cancels.") { session, _ in
            SafetyCommands.startPasswordChange(session)
        },
        Command(name: "delete", usage: "delete",
                summary: "Delete your character and its pets, for good.",
                help: "Asks for your password (typed hidden); an empty line cancels. Your pets are deleted with the character, and their rooms close; your name becomes free for others.") { session, _ in
            AccountCommands.startDelete(session)
        },
    ]

    /// The admins' commands. Every action is written to the audit table and the log.
    static let admin: [Command] = [
        Command(name: "users", usage: "users [page]",
                summary: "Everyone online with address, idle time, client and protocol.",
                help: "\(UsersFormatter.pageSize) players a page, by name; \"users 2\" is the next page. The last line gives the total.",
                permission: .admin) { await AdminCommands.users($0, $1) },
        Command(name: "kick", usage: "kick <name> [reason]",
                summary: "Disconnect a player.", help: "Their character leaves at once (it does not stay link-dead).",
                permission: .admin) { await AdminCommands.kick($0, $1) },
        Command(name: "ban", usage: "ban <name|address> [confirm] [duration] [reason]",
                summary: "Ban a character or an address, permanently or for a while.",
                help: "Durations: 90s, 30m, 2h, 7d, 2w; without one the ban is permanent. An IPv6 address bans its /64. Whoever is banned is disconnected, except admins named by the server's configuration. An address ban that covers your own connection needs \"confirm\".",
                permission: .admin) { await BanCommands.ban($0, $1) },
        Command(name: "unban", usage: "unban <name|address>", summary: "Lift a ban.", permission: .admin) { await BanCommands.unban($0, $1) },
        Command(name: "bans", usage: "bans", summary: "List the bans in force.", permission: .admin) { session, _ in BanCommands.listBans(session) },
        Command(name: "allow", usage: "allow [<address> [minutes] | remove <address>]",
                summary: "Let an address make characters beyond the per-address limit for a while.",
                help: "For friends behind one router: \"allow 203.0.113.7\" lifts the limit on new characters for that address (an IPv6 address: its /64) for 60 minutes, \"allow 203.0.113.7 120\" for two hours (at most a day). \"allow\" lists, \"allow remove <address>\" or \"unallow <address>\" ends one. Kept until the server restarts.",
                permission: .admin) { await AdminCommands.allow($0, $1) },
        Command(name: "unallow", usage: "unallow <address>", summary: "End an address's allowance (see allow).", permission: .admin) {
            await AdminCommands.unallow($0, $1)
        },
        Command(name: "wall", usage: "wall <text>", summary: "Announce something to everyone online.", permission: .admin) { await AdminCommands.wall($0, $1) },
        Command(name: "shutdown", usage: "shutdown [seconds|cancel]",
                summary: "Shut the server down cleanly after a countdown (default 60 seconds).",
                help: "Everyone is told as it counts down; then connections close and the world is saved. \"shutdown cancel\" stops the countdown.",
                permission: .admin) { await AdminCommands.shutdown($0, $1) },
        Command(name: "promote", usage: "promote <name>", summary: "Make a character an admin.", permission: .admin) {
            await AdminCommands.setAdmin($0, $1, to: true)
        },
        Command(name: "demote", usage: "demote <name>", summary: "Take a character's admin rights away.", permission: .admin) {
            await AdminCommands.setAdmin($0, $1, to: false)
        },
        Command(name: "resetpassword", usage: "resetpassword <name>",
                summary: "Give a character a one-time password, shown only to you.",
                help: "For a player who forgot theirs. The one-time password logs in for 24 hours, and the player must choose a new password at that login. Their connection, if any, is closed. The audit log records the reset, never the password.",
                permission: .admin) { await AccountCommands.resetPassword($0, $1) },
        Command(name: "audit", usage: "audit [count]", summary: "The latest admin actions (default 20).", permission: .admin) {
            await AdminCommands.showAudit($0, $1)
        },
    ]

    /// Words that may not be account names.
    package static var reservedNames: Set<String> {
        var words = Set<String>()
        for spec in all {
            words.insert(spec.name)
            for alias in spec.aliases { words.insert(alias) }
        }
        return words
    }
}
