import Testing
@testable import LivePetSupport

/// What a client's terminal gets: colour from TTYPE/MTTS or `color on|off`, screen-reader
/// wording from MTTS bit 64 or `screenreader on`, and wrapping to the NAWS width.
@Suite struct ClientsTerminalTests {
    typealias Fixture = ClientsFixture

    /// How many `TTYPE SEND`s the server makes for these answers: again until a repeat, three at most.
    static func requests(for types: [String]) -> Int {
        var seen: [String] = []
        var sends = 1
        while true {
            let answer = types[min(sends - 1, types.count - 1)]
            if seen.last == answer { return sends }
            seen.append(answer)
            if seen.count == 3 { return sends }
            sends += 1
        }
    }

    /// Connects with `types` as TTYPE answers and returns once the cycle is over and seen by the session.
    static func guest(_ fixture: Fixture, types: [String], window: Int = 80) async throws -> (TestClient, String) {
        var profile = TestClient.Options.tintin
        profile.terminalTypes = types
        profile.window = .init(width: window, height: 24)
        let (client, name) = try await fixture.guest(profile)
        let expected = requests(for: types)
        try await client.waitUntil("\(expected) TTYPE SENDs") { $0.terminalTypeRequests >= expected }
        try await client.command("look", until: "A sunny hall")
        return (client, name)
    }

    // MARK: Colour

    @Test(arguments: [
        (["TINTIN++", "XTERM-256COLOR", "MTTS 137"], true),
        (["SOMECLIENT", "VT220", "MTTS 1"], true),
        (["SOMECLIENT", "VT220", "MTTS 4"], false),
        (["MUDLET"], true),
        (["XTERM-256COLOR"], true),
        (["DUMB"], false),
    ])
    func colourFollowsTerminalTypeAndMTTS(_ types: [String], _ colour: Bool) async throws {
        try await Fixture.run { fixture in
            let (listener, _) = try await Self.guest(fixture, types: types)
            let (speaker, speakerName) = try await fixture.guest(.raw)
            try await speaker.command("say hello there", until: "You say, ")
            let line = try await listener.readUntil("says, \"hello there\"\n")
            #expect(line.contains("\u{1B}[36m\(speakerName)\u{1B}[0m says") == colour, "\(types): \(line.debugDescription)")
            #expect(line.contains("\u{1B}") == colour, "\(types): \(line.debugDescription)")
            // The speaker is raw and asked for nothing: no escape anywhere.
            #expect(!speaker.rawReceived.contains(Fixture.esc))
        }
    }

    /// A raw client gets no ESC byte from anything a session shows (pets, ticks, look, chat
    /// from colourful players) until it asks with `color on`; `color off` stops it again.
    @Test func rawClientsGetColourOnlyWhenTheyAskForIt() async throws {
        try await Fixture.run { fixture in
            let raw = try await fixture.player("Alice", .raw)
            let (colourful, colourfulName) = try await Self.guest(fixture, types: ["TINTIN++", "XTERM-256COLOR", "MTTS 137"])
            try await raw.everyTick()
            try await fixture.adoptAndVisit(raw, pet: "Whiskers")
            try await raw.command("pets", until: "in the world")
            try await colourful.command("visit Whiskers", until: "cared for by")
            try await raw.readUntil("arrives to visit Whiskers")
            await fixture.services.world.advance()
            try await raw.readUntil("hunger 255/500")
            try await colourful.command("say hi Alice", until: "You say")
            try await raw.readUntil("says, \"hi Alice\"")
            try await colourful.command("chat hello all", until: "hello all")
            try await raw.readUntil("[chat] \(colourfulName): hello all")
            try await raw.command("treat", until: "You give Whiskers a treat")
            #expect(!raw.rawReceived.contains(Fixture.esc), "ESC sent to a raw client that never asked")
            // The colourful client did get colour for the same things.
            #expect(colourful.rawReceived.contains(Fixture.esc))

            try await raw.command("color on", until: "is on.")
            var mark = raw.rawReceived.count
            try await colourful.command("say colour now", until: "You say")
            try await raw.readUntil("says, \"colour now\"")
            #expect(Array(raw.rawReceived[mark...]).index(of: Array("\u{1B}[36m\(colourfulName)\u{1B}[0m says".utf8)) != nil)

            try await raw.command("color off", until: "Colour is off.")
            mark = raw.rawReceived.count
            try await colourful.command("say plain again", until: "You say")
            try await raw.readUntil("says, \"plain again\"")
            await fixture.services.world.advance()
            try await raw.readUntil("hunger")
            try await raw.command("look", until: "cared for by")
            #expect(!raw.rawReceived[mark...].contains(Fixture.esc))
        }
    }

    @Test func colourCommandOverridesTheTerminalType() async throws {
        try await Fixture.run { fixture in
            let (listener, _) = try await Self.guest(fixture, types: ["TINTIN++", "XTERM-256COLOR", "MTTS 137"])
            try await listener.command("color off", until: "Colour is off.")
            let (speaker, _) = try await fixture.guest(.raw)
            try await speaker.command("say no colour", until: "You say")
            let line = try await listener.readUntil("says, \"no colour\"\n")
            #expect(!line.contains("\u{1B}"))
            try await listener.command("color", until: "(it is off now)")
        }
    }

    // MARK: Screen readers

    static let catArt = #" /\_/\"#

    /// MTTS bit 64 (or `screenreader on`): `look` in a pet's room has no picture, hearts are
    /// words, tick lines and `pets` are plain sentences.
    @Test(arguments: ["mtts", "command"])
    func screenReaderWording(_ how: String) async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.tintin
            if how == "mtts" { profile.terminalTypes = ["NVDA-CLIENT", "ANSI", "MTTS 69"] }
            let reader = try await fixture.player("Alice", profile)
            if how == "command" {
                try await reader.command("screenreader on", until: "Screen-reader mode is on")
            } else {
                try await reader.waitUntil("3 TTYPE SENDs") { $0.terminalTypeRequests >= 3 }
                try await reader.command("screenreader", until: "(it is on now)")
            }
            let sighted = try await fixture.player("Bob", .raw)
            try await reader.everyTick()
            try await sighted.everyTick()
            try await reader.command("adopt Whiskers cat", until: "Visit with")
            try await sighted.command("visit Whiskers", until: "cared for by")

            let look = try await reader.command("visit Whiskers", until: "Visiting: Bob.\n")
            #expect(!look.contains(Self.catArt), "\(look)")
            #expect(look.contains("3 of 5 hearts, content"), "\(look)")
            #expect(!look.contains("♥") && !look.contains("♡"))
            let bobsLook = try await sighted.command("look", until: "Visiting: Alice.")
            #expect(bobsLook.contains(Self.catArt))
            #expect(bobsLook.contains("♥♥♥♡♡"))

            await fixture.services.world.advance()
            let tick = try await reader.readUntil(".\n")
            #expect(tick.hasSuffix("Whiskers: age 1, hunger 255 of 500, 3 of 5 hearts, content.\n"), "\(tick.debugDescription)")
            let bobsTick = try await sighted.readUntil("content\n")
            #expect(bobsTick.contains("[Whiskers] age 1, hunger 255/500, ♥♥♥♡♡ content"), "\(bobsTick.debugDescription)")

            let pets = try await reader.command("pets", until: "in the world")
            #expect(pets.contains("Whiskers, number 1, cat of Alice, 3 of 5 hearts, age 1, 2 visiting."), "\(pets)")
            #expect(!pets.contains("♥") && !pets.contains("♡"))

            try await sighted.command("treat", until: "You give Whiskers a treat")
            let careLine = try await reader.readUntil("hearts.\n")
            // 85 columns: broken by the server like talk (`TalkWrap`).
            #expect(careLine.contains("Bob gives a treat to Whiskers. Whiskers is content, hunger 235 of 500, 3 of 5\n    hearts."), "\(careLine)")
        }
    }

    /// "No decorative characters" covers the answers to a player's own care too.
    @Test func screenReaderCareAnswersHaveNoSymbols() async throws {
        try await Fixture.run { fixture in
            let reader = try await fixture.player("Alice", .raw)
            try await reader.command("screenreader on", until: "Screen-reader mode is on")
            try await fixture.adoptAndVisit(reader, pet: "Whiskers")
            let feed = try await reader.command("feed", until: "You feed Whiskers.")
            let treat = try await reader.command("treat", until: "You give Whiskers a treat.")
            let answers = feed + treat
            #expect(!answers.contains("→"), "\(answers.debugDescription)")
        }
    }

    // MARK: NAWS

    /// The longest line `help adopt` prints, unwrapped, is ~190 cells: enough to see any
    /// width up to there.
    @Test(arguments: [(1, 20), (5, 20), (19, 20), (20, 20), (45, 45), (100, 100)])
    func windowWidthIsClampedBelow(_ announced: Int, _ effective: Int) async throws {
        try await Fixture.run { fixture in
            let (client, _) = try await Self.guest(fixture, types: ["DUMB"], window: announced)
            let text = try await client.commandThroughPrompt("help adopt")
            let widths = ClientText.lines(ClientText.withoutPrompt(text)).map(DisplayWidth.of)
            #expect(widths.max()! <= effective, "\(announced): \(text)")
            #expect(widths.max()! > effective - 12, "\(announced) wrapped narrower than \(effective): \(text)")
        }
    }

    /// `pets` in a 40-column window: the table's rows are broken by the server, every row
    /// after a break indented, none wider than the window.
    @Test func petsTableFitsANarrowWindow() async throws {
        try await Fixture.run { fixture in
            let owner = try await fixture.host.player("Alice")
            try await owner.command("adopt Sea Biscuit sea turtle", until: "You adopt Sea Biscuit")
            let (client, _) = try await Self.guest(fixture, types: ["DUMB"], window: 40)
            let text = try await client.commandThroughPrompt("pets")
            let lines = ClientText.lines(ClientText.withoutPrompt(text))
            #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 }, "\(text)")
            #expect(lines.contains { $0.hasPrefix("      #1  Sea Biscuit") }, "\(text)")
            #expect(lines.filter { !$0.hasPrefix("  ") && !$0.hasPrefix("Page") && !$0.isEmpty }.isEmpty, "\(text)")
        }
    }

    /// RFC 1073: a width of 0 means "unknown", so the default (80) stays.
    @Test func zeroWidthMeansUnknown() async throws {
        try await Fixture.run { fixture in
            let (client, _) = try await Self.guest(fixture, types: ["DUMB"], window: 0)
            let text = try await client.commandThroughPrompt("help adopt")
            let widths = ClientText.lines(ClientText.withoutPrompt(text)).map(DisplayWidth.of)
            #expect(widths.max()! > 60, "\(text)")
        }
    }

    /// A line of ~252 cells (a pet name of 100 ideographs) is wrapped for a 300-column
    /// client: the width is clamped to 250.
    @Test(arguments: [250, 300, 65535])
    func windowWidthIsClampedAbove(_ announced: Int) async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.tintin
            profile.terminalTypes = ["DUMB"]
            profile.window = .init(width: announced, height: 50)
            let client = try await fixture.player("Abcdefghijklmnop", profile)
            let name = String(repeating: "猫", count: 100)
            try await client.command("adopt \(name) sea_turtle", until: "Visit with")
            let text = try await client.command("visit #1", until: "Nobody else is visiting.\n")
            let widths = ClientText.lines(ClientText.withoutPrompt(text)).map(DisplayWidth.of)
            #expect(widths.max()! <= 250, "\(announced): \(widths)")
            #expect(widths.max()! >= 200, "\(announced): \(widths)")
            #expect(text.contains(name))
        }
    }

    // MARK: Wrapping

    /// A line exactly as wide as the window is not wrapped, even when the server styles part
    /// of it (the style markers take no cell on screen).
    @Test func aLineThatFitsIsNotWrapped() async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.tintin
            profile.terminalTypes = ["DUMB"]
            profile.window = .init(width: 60, height: 24)
            let owner = try await fixture.player("Alice", profile)
            let name = "Abcdefghijklmnopqr"
            try await owner.command("adopt \(name) cat", until: "Visit with")
            let text = try await owner.commandThroughPrompt("visit #1")
            let line = "This is \(name) the cat (#1), cared for by Alice."
            #expect(DisplayWidth.of(line) == 60)
            #expect(ClientText.lines(text).contains(line), "\(text)")
        }
    }

    /// Words of ideographs and emoji that fit 20 cells but not by character count.
    static let petName = "猫猫猫猫猫猫猫 🐱🐱🐱🐱 小花"

    static func overlong(_ text: String, width: Int) -> [String] {
        ClientText.lines(ClientText.withoutPrompt(text)).filter { DisplayWidth.of($0) > width }
    }

    @Test(arguments: ["help", "commands", "look", "who", "pets", "help visit"])
    func longOutputIsWrappedByDisplayWidth(_ command: String) async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.tintin
            profile.terminalTypes = ["DUMB"]
            profile.window = .init(width: 20, height: 24)
            let owner = try await fixture.player("Alice", profile)
            try await owner.command("adopt \(Self.petName) fox", until: "Visit with")
            try await owner.commandThroughPrompt("visit #1")
            let (visitor, _) = try await fixture.guest(.raw)
            try await visitor.command("visit #1", until: "cared for by")
            try await owner.readUntil("arrives to visit")
            try await owner.readPrompt()

            let text = try await owner.commandThroughPrompt(command)
            let tooWide = Self.overlong(text, width: 20)
            #expect(tooWide.isEmpty, "\(command): \(tooWide)")
            if command == "look" {
                // The pet's name is split only at its spaces, never inside a cluster.
                for word in Self.petName.split(separator: " ") { #expect(text.contains(word)) }
            }
        }
    }

    // MARK: Tables

    /// `who` keeps its columns aligned by display width, and shortens a long room title to
    /// its column (with "…" only when something was cut).
    @Test func whoColumnsAlignWithWideRoomNames() async throws {
        try await Fixture.run { fixture in
            let alice = try await fixture.player("Alice", .raw)
            let bob = try await fixture.player("Bob", .raw)
            try await alice.command("adopt \(Self.petName) fox", until: "Visit with")
            try await alice.command("visit #1", until: "cared for by")
            try await bob.readUntil("Alice leaves to visit")
            try await bob.readPrompt()
            let text = try await bob.commandThroughPrompt("who")
            let lines = ClientText.lines(ClientText.withoutPrompt(text)).filter { !$0.isEmpty }
            let header = try #require(lines.first { $0.hasPrefix("Name") })
            let rows = lines.filter { $0.hasPrefix("Alice") || $0.hasPrefix("Bob") }
            try #require(rows.count == 2, "\(lines)")
            // No flags on either row, so each is as wide as the header without "  Flags".
            let expected = DisplayWidth.of(header) - "  Flags".count
            for row in rows { #expect(DisplayWidth.of(row) == expected, "\(row)") }
            let room = "\(Self.petName)'s room"
            #expect(!rows[0].contains(room + "…"), "nothing was cut, yet an ellipsis: \(rows[0])")
        }
    }

    /// `pets` shortens long names to 24 cells and keeps the species column aligned.
    @Test func petsColumnsAlignWithWideNames() async throws {
        try await Fixture.run { fixture in
            let alice = try await fixture.player("Alice", .raw)
            try await alice.command("adopt Rex dog", until: "Visit with")
            try await alice.command("adopt \(Self.petName) fox", until: "Visit with")
            let text = try await alice.commandThroughPrompt("pets")
            let rows = ClientText.lines(text).filter { $0.contains(" dog ") || $0.contains(" fox ") }
            try #require(rows.count == 2, "\(text)")
            let columns = rows.map { row -> Int in
                let species = row.range(of: " dog ") ?? row.range(of: " fox ")!
                return DisplayWidth.of(String(row[..<species.lowerBound]))
            }
            #expect(columns[0] == columns[1], "\(rows)")
            #expect(!text.contains(Self.petName + "…"), "nothing was cut, yet an ellipsis: \(rows)")
        }
    }
}
