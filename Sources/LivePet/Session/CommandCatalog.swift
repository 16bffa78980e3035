import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Every player command, as `help` and the resolver see it.
public enum CommandCatalog {
    public static let all: [CommandSpec] = core + pets + safety + admin

    static let core: [CommandSpec] = [
        CommandSpec(name: "help", aliases: ["?"], usage: "help [command]",
                    summary: "List commands, or explain one.",
                    help: "With no argument, lists every command. \"help say\" explains say."),
        CommandSpec(name: "commands", usage: "commands", summary: "List every command name."),
        CommandSpec(name: "who", usage: "who",
                    summary: "Who is online, where, for how long and how idle.",
                    help: "Shows each player's name, where they are, how long they have been on, idle time and flags (AFK, idle, link-dead, guest)."),
        CommandSpec(name: "say", usage: "say <text>   or   'text",
                    summary: "Say something to everyone in the room.",
                    help: "Everyone in your room hears it. A quote mark works too: 'hello"),
        CommandSpec(name: "emote", aliases: ["me"], usage: "emote <action>   or   :action",
                    summary: "Act something out in the room.",
                    help: "\"emote waves\" shows \"Alice waves\" to the room. A colon works too: :waves"),
        CommandSpec(name: "tell", aliases: ["whisper", "page"], usage: "tell <name> <text>",
                    summary: "Send a private message to someone online.",
                    help: "Only they see it, wherever they are. They can answer with reply."),
        CommandSpec(name: "reply", usage: "reply <text>",
                    summary: "Answer the last person who sent you a tell."),
        CommandSpec(name: "chat", usage: "chat <text>",
                    summary: "Talk on the global chat channel.",
                    help: "Everyone online with the channel on sees it. \"channel off\" hides the channel for you."),
        CommandSpec(name: "channel", usage: "channel on|off",
                    summary: "Turn the global chat channel on or off for you."),
        CommandSpec(name: "afk", usage: "afk [message]",
                    summary: "Mark yourself away from keyboard.",
                    help: "Others see AFK in who, and your message when they tell you something. Your next command clears it."),
        CommandSpec(name: "color", aliases: ["colour"], usage: "color on|off",
                    summary: "Turn ANSI colour on or off.",
                    help: "Colour starts on when your client says it supports it."),
        CommandSpec(name: "screenreader", usage: "screenreader on|off",
                    summary: "Screen-reader mode: no pictures, hearts in words.",
                    help: "Starts on when your client announces a screen reader (MTTS)."),
        CommandSpec(name: "quit", usage: "quit", summary: "Leave LivePet.",
                    help: "Your pets keep living while you are away."),
    ]

    static let pets: [CommandSpec] = [
        CommandSpec(name: "adopt", usage: "adopt <name> [species]",
                    summary: "Adopt a new pet of your own.",
                    help: "Names are 3 to 100 characters and unique. Species: cat, crab, dog, fish, fox, phoenix, rabbit, sea_turtle, totoro (random if you leave it out). You can care for up to 20 live pets."),
        CommandSpec(name: "pets", usage: "pets [mine|live|dead|<name prefix>] [page]",
                    summary: "List pets, busiest first.",
                    help: "Pets with visitors come first, then all the others. \"pets mine\" lists yours, \"pets fl\" those whose names start with fl, \"pets 2\" the next page."),
        CommandSpec(name: "visit", aliases: ["go"], usage: "visit <pet name>   or   visit #<id>",
                    summary: "Go to a pet's room.",
                    help: "Everyone in a pet's room sees how it is doing every tick (turn that off with \"ticks off\")."),
        CommandSpec(name: "leave", usage: "leave", summary: "Go back to the Lobby."),
        CommandSpec(name: "look", aliases: ["l"], usage: "look",
                    summary: "Look at the room you are in and the pet who lives there."),
        CommandSpec(name: "feed", usage: "feed [pet]",
                    summary: "Feed your own pet (hunger -100).",
                    help: "Only a pet's owner can feed it. In a pet's room \"feed\" is enough."),
        CommandSpec(name: "treat", usage: "treat [pet]",
                    summary: "Give any pet a treat (hunger -20; costs one treat).",
                    help: "Everyone holds up to 5 treats, refilled every 30 minutes. A treat for a pet that has died stays in your pocket."),
        CommandSpec(name: "treats", usage: "treats", summary: "How many treats you hold and when they refill."),
        CommandSpec(name: "ticks", usage: "ticks on|off", summary: "Show or hide pets' status lines."),
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
