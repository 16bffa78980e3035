import Testing
@testable import LivePetSession

@Suite struct CommandParserTests {
    @Test(arguments: [
        ("look", "look", ""),
        ("look Mochi", "look", "Mochi"),
        ("  feed    Mochi the cat  ", "feed", "Mochi the cat"),
        ("say hello   there", "say", "hello   there"),
        ("SAY Hi", "SAY", "Hi"),
        ("'hello", "say", "hello"),
        ("' hello", "say", "hello"),
        ("\"hello there", "say", "hello there"),
        (":waves.", "emote", "waves."),
        (": waves", "emote", "waves"),
        ("'", "say", ""),
        ("say\thi", "say", "hi"),
        ("!!", "!!", ""),
        // Non-ASCII takes the slow path where it appears: Unicode spaces split and trim too.
        ("say\u{00A0}hi", "say", "hi"),
        ("\u{3000}look\u{3000}", "look", ""),
        ("café au lait", "café", "au lait"),
        ("say é ", "say", "é"),
        ("say\r", "say", ""),
        ("\u{0B}look\u{0C}", "look", ""),
        (" \t say \t hi there \r\n", "say", "hi there"),
    ])
    func splitsLines(line: String, command: String, args: String) {
        var parser = CommandParser()
        #expect(parser.parse(line) == ParsedLine(command: command, args: args))
    }

    @Test(arguments: ["", "   ", "\t"])
    func blankLinesGiveNil(line: String) {
        var parser = CommandParser()
        #expect(parser.parse(line) == nil)
    }

    @Test func bangRepeatsLastLine() {
        var parser = CommandParser()
        #expect(parser.parse("!") == ParsedLine(command: "!", args: ""))
        _ = parser.parse("feed Mochi")
        #expect(parser.parse("!") == ParsedLine(command: "feed", args: "Mochi"))
        #expect(parser.parse("  !  ") == ParsedLine(command: "feed", args: "Mochi"))
        _ = parser.parse("")  // blank lines are not remembered
        #expect(parser.parse("!") == ParsedLine(command: "feed", args: "Mochi"))
        _ = parser.parse(":purrs")
        #expect(parser.parse("!") == ParsedLine(command: "emote", args: "purrs"))
    }
}
