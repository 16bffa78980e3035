import Testing
@testable import LivePetSession

@Suite struct CommandTableTests {
    static let table = CommandTable([
        CommandSpec(name: "say", usage: "say <text>", summary: "Speak."),
        CommandSpec(name: "emote", aliases: ["me"], usage: "emote <action>", summary: "Act."),
        CommandSpec(name: "help", aliases: ["?"], usage: "help [command]", summary: "Help."),
        CommandSpec(name: "look", aliases: ["l"], usage: "look [pet]", summary: "Look."),
        CommandSpec(name: "list", usage: "list", summary: "List pets."),
        CommandSpec(name: "feed", usage: "feed <pet>", summary: "Feed."),
        CommandSpec(name: "inventory", aliases: ["inv"], usage: "inventory", summary: "Items."),
        CommandSpec(name: "who", usage: "who", summary: "Who is on."),
        CommandSpec(name: "quit", usage: "quit", summary: "Leave."),
        CommandSpec(name: "shutdown", usage: "shutdown", summary: "Stop the server.", adminOnly: true),
        CommandSpec(name: "show", usage: "show <pet>", summary: "Show off a pet."),
    ])

    @Test(arguments: [
        ("say", "say"), ("SAY", "say"), ("Say", "say"),
        ("me", "emote"), ("?", "help"), ("l", "look"), ("L", "look"),
        ("inv", "inventory"), ("list", "list"),
    ])
    func exactNamesAndAliasesWin(word: String, expected: String) {
        #expect(Self.table.resolve(word) == .command(expected))
    }

    @Test(arguments: [("sa", "say"), ("em", "emote"), ("he", "help"), ("inven", "inventory"), ("Loo", "look"), ("f", "feed")])
    func uniquePrefixResolves(word: String, expected: String) {
        #expect(Self.table.resolve(word) == .command(expected))
    }

    @Test func ambiguousPrefixListsCandidatesSorted() {
        #expect(Self.table.resolve("li") == .command("list"))
        #expect(Self.table.resolve("i") == .command("inventory")) // name and alias: one command
        #expect(Self.table.resolve("s") == .ambiguous(["say", "show", "shutdown"]))
        #expect(Self.table.resolve("sh") == .ambiguous(["show", "shutdown"]))
    }

    @Test(arguments: [("sya", "say"), ("hepl", "help"), ("lokk", "look"), ("feeed", "feed"), ("looking", "look"), ("qiut", "quit")])
    func unknownSuggestsClosest(word: String, expected: String) {
        #expect(Self.table.resolve(word) == .unknown(suggestion: expected))
    }

    @Test(arguments: ["xyzzy", "dance", "x", ""])
    func unknownWithoutSuggestion(word: String) {
        #expect(Self.table.resolve(word) == .unknown(suggestion: nil))
    }

    @Test func adminCommandsAreInvisibleToPlayers() {
        #expect(Self.table.resolve("shutdown", isAdmin: true) == .command("shutdown"))
        #expect(Self.table.resolve("shutdown", isAdmin: false) == .unknown(suggestion: nil))
        #expect(Self.table.resolve("sh", isAdmin: false) == .command("show"))
        #expect(Self.table.resolve("shutdwon", isAdmin: false) == .unknown(suggestion: nil))
        #expect(Self.table.resolve("shutdwon", isAdmin: true) == .unknown(suggestion: "shutdown"))
    }

    @Test func specLookupIsCaseInsensitive() {
        #expect(Self.table.spec(named: "EMOTE")?.usage == "emote <action>")
        #expect(Self.table.spec(named: "me")?.name == "emote")
        #expect(Self.table.spec(named: "nope") == nil)
    }
}
