import Testing
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld

/// A pet name may be 100 characters and 200 columns wide. Whole, it would push the lines that
/// frame it past 80 columns, and an 80-column terminal would start its next row with whatever
/// the name says there (`xxx… BOSS says, "hi"` gives a row `BOSS says, "hi" the cat (#1), ...`).
/// So those lines show a short name (`NameRules.shortPetName`), and lines the server breaks
/// itself indent every row after a break (`TalkWrap.indent`).
@Suite struct LongPetNameTests {
    /// The review's names: padded with narrow letters, and with fullwidth digits (two columns,
    /// of no script, so they go with Latin letters).
    static let attacks = [
        String(repeating: "x", count: 78) + " BOSS says, \"hi\"",
        String(repeating: "０", count: 39) + "x*** Announcement from BOSS: type your password again ***",
        // Cut near the short name's end, with a space there.
        String(repeating: "y", count: 22) + " BOSS: Server moving, type your password",
    ]

    /// Every run of four characters of `name`: what a row must not start with.
    static func fragments(of name: String, length: Int = 4) -> [String] {
        let characters = Array(name)
        guard characters.count >= length else { return [name] }
        return (0...(characters.count - length)).map { String(characters[$0..<($0 + length)]) }
    }

    /// `text` without the server's breaks and without spaces (a word longer than a row is
    /// cut without one), to find what was wrapped.
    static func unwrapped(_ text: String) -> String {
        text.replacingOccurrences(of: "\n\(TalkWrap.indent)", with: "").replacingOccurrences(of: " ", with: "")
    }

    // MARK: The short name

    @Test func shortNamesAreCutToTwentyFourColumns() {
        #expect(NameRules.petShortNameWidth == 24)
        let ascii = Self.attacks[0]
        #expect(NameRules.shortPetName(ascii) == String(repeating: "x", count: 23) + "…")
        let fullwidth = NameRules.shortPetName(Self.attacks[1])
        // 11 digits of two columns (22) and the "…": a 12th digit would not fit with it.
        #expect(fullwidth == String(repeating: "０", count: 11) + "…", "\(fullwidth)")
        // A space before the cut is dropped: "yyy…" rather than "yyy …".
        #expect(NameRules.shortPetName(Self.attacks[2]) == String(repeating: "y", count: 22) + "…")
        for name in Self.attacks {
            #expect(DisplayWidth.of(NameRules.shortPetName(name)) <= 24)
        }
        // Names that fit are kept whole, also 24 columns of 36 bytes, and never get a "…".
        for name in ["Rex", String(repeating: "猫", count: 12), String(repeating: "z", count: 24), "猫猫猫猫猫猫猫 🐱🐱🐱🐱"] {
            #expect(NameRules.shortPetName(name) == name)
        }
        #expect(NameRules.shortPetName(String(repeating: "z", count: 25)) == String(repeating: "z", count: 23) + "…")
    }

    /// The tick line at its widest (5-digit age, full hunger, the longest mood) fits in 80
    /// columns, so no row of it is the terminal's; the spoken one may be wider, but its name
    /// ends before column 28.
    @Test(arguments: attacks)
    func tickLinesFitWithTheLongestName(_ name: String) throws {
        let status = PetStatus(id: 123_456, name: name, species: .seaTurtle, ownerName: "Abcdefghijklmnop",
                               age: PetState.lifespan, hunger: PetState.maxHunger, hearts: 0, alive: true,
                               visitors: [])
        #expect(status.mood == "desperate for food")
        let tick = Styled.render(status.tickLine, colour: true)
        let plain = Styled.render(status.tickLine, colour: false)
        #expect(DisplayWidth.of(plain) <= 80, "\(plain)")
        #expect(plain.hasPrefix("[\(NameRules.shortPetName(name))] age 10000,"), "\(plain)")
        #expect(tick.contains(NameRules.shortPetName(name)))
        let spoken = status.spokenTickLine
        let nameEnd = try #require(spoken.range(of: ": age "))
        #expect(DisplayWidth.of(String(spoken[..<nameEnd.lowerBound])) <= 28, "\(spoken)")
        // The GMCP status keeps the whole name: it is JSON, not a terminal line.
        #expect(status.gmcpJSON.contains(GMCP.string(name)))
        // `pets` rows, spoken or not, have the short name.
        for screenReader in [false, true] {
            let rows = PetFormatter.list([status], visitors: [:], page: 1, hasMore: false, command: "pets", total: 1,
                                         screenReader: screenReader)
            #expect(rows.contains(screenReader ? "Pet \(status.shortName), number" : "  \(status.shortName)  "), "\(rows)")
            #expect(!rows.contains(name), "\(rows)")
        }
    }

    // MARK: What a visitor's terminal shows

    /// The review's reproduction, end to end: Mallory's pet has an adversarial name; Bob and
    /// Carolinewinthrop visit it and get its tick lines, prompts, `look`, `pets`, `who`,
    /// arrivals, the owner's feeding, a treat, the refusal to feed, and its death. Cut into the
    /// rows of an 80-column terminal, no row starts with any four characters of the name (or of
    /// its short form) unless it starts with the server's indent, and no line carrying the name
    /// is wider than 80 columns.
    @Test(arguments: attacks)
    func visitorsRowsNeverStartWithThePetsName(_ name: String) async throws {
        #expect(NameRules.validatePetName(name) == nil, "adopt would refuse \(name)")
        let store = MemoryStore()
        let hash = try await PasswordHasher(cost: 1).hash("Mallory-password")
        let mallory = try await store.createAccount(name: "Mallory", passwordHash: hash, isAdmin: false, createdAt: 0)
        // Alive (age 10000) at tick 1, dead at tick 2.
        let born = 1 - PetState.lifespan
        _ = try await store.insertPet(PetRecord(id: 0, name: NameRules.normalizedPetName(name), species: "sea_turtle",
                                                ownerID: mallory.id, bornTick: born, hunger: 0, hungerTick: born))
        let short = NameRules.shortPetName(name)
        try await TestServer.run(store: store) { server in
            let bob = try await server.player("Bob")
            // As long as account names go: her treat's line puts the name's second mention at
            // columns 60-84, where, unbroken, a terminal would start a row inside it.
            let carol = try await server.player("Carolinewinthrop")
            let owner = try await server.player("Mallory")

            // Bob visits: his `look` shows the whole name, broken by the server.
            let look = try await bob.command("visit #1", until: "Nobody else is visiting.")
            #expect(Self.unwrapped(look).contains(Self.unwrapped("This is \(name) the sea turtle (#1), cared for by Mallory.")), "\(look)")
            #expect(look.hasSuffix("[\(short) ♡♡♡♡♡, 5 treats] > "), "\(look)")
            try await carol.readUntil("Bob leaves to visit ")
            let busiest = try await carol.command("look", until: "1 visitor\n")
            #expect(busiest.contains("\n  #1 \(short) the sea turtle, 1 visitor\n"), "\(busiest)")
            try await carol.command("pets", until: "in the world.\n")
            let who = try await carol.command("who", until: "players online.\n")
            #expect(who.contains("\(short)'s room"), "\(who)")

            // Carol joins Bob; the pet ticks.
            try await carol.command("visit #1", until: "Visiting: Bob.\n")
            try await bob.readUntil("Carolinewinthrop arrives to visit ")
            await server.advance()
            for client in [bob, carol] {
                let tick = try await client.readUntil(" desperate for food\n")
                #expect(tick.hasSuffix("[\(short)] age \(PetState.lifespan), hunger 500/500, ♡♡♡♡♡ desperate for food\n"), "\(tick)")
            }

            // A treat, a refused feeding, the owner's feeding.
            try await carol.command("treat", until: "left.\n")
            try await bob.readUntil("Carolinewinthrop gives a treat to ")
            try await bob.readUntil(").\n")
            try await carol.command("feed", until: "You can give a treat")
            try await owner.command("visit #1", until: "Visiting: Bob, Carolinewinthrop.\n")
            try await owner.command("feed", until: "Hunger ")
            for client in [bob, carol] {
                try await client.readUntil("Mallory feeds ")
                try await client.readUntil(").\n")
            }

            // It dies; a treat is refused; its memorial shows the whole name again.
            await server.advance()
            for client in [bob, carol] {
                try await client.readUntil("Rest well,")
                try await client.readUntil(".\n")
            }
            try await carol.command("treat", until: "pocket.\n")
            let memorial = try await owner.command("look", until: "Visiting: Bob, Carolinewinthrop.\n")
            #expect(Self.unwrapped(memorial).contains(Self.unwrapped("Here rests \(name), who lived")), "\(memorial)")
            // Everything each of them received, the lines read above included.
            let bobSeen = String(decoding: bob.rawReceived, as: UTF8.self)
            let carolSeen = String(decoding: carol.rawReceived, as: UTF8.self)
            let ownerSeen = String(decoding: owner.rawReceived, as: UTF8.self)

            let fragments = Self.fragments(of: name) + Self.fragments(of: short)
            let carriers = Self.fragments(of: name, length: 8) + [short]
            for (person, text) in [("Bob", bobSeen), ("Carolinewinthrop", carolSeen), ("Mallory", ownerSeen)] {
                // A prompt ends where the player's typing and Enter would go on a terminal.
                let screen = text.replacingOccurrences(of: "\r\n", with: "\n")
                    .replacingOccurrences(of: TestClient.promptEnd, with: TestClient.promptEnd + "\n")
                for line in screen.split(separator: "\n") where carriers.contains(where: { line.contains($0) }) {
                    #expect(DisplayWidth.of(String(line)) <= 80, "\(person): \(line)")
                }
                for row in ForgedLineTests.terminalRows(screen) where !row.hasPrefix(TalkWrap.indent) {
                    let start = row.drop { $0 == " " }
                    #expect(!fragments.contains { start.hasPrefix($0) }, "\(person): a row starts with the name: \(row)")
                }
            }
            // The lines were there to be checked.
            #expect(bobSeen.contains("Carolinewinthrop arrives to visit \(short).\r\n"))
            #expect(carolSeen.contains("Bob leaves to visit \(short).\r\n"))
            #expect(bobSeen.contains("Mallory feeds \(short). \(short) is"))
            #expect(bobSeen.contains("Carolinewinthrop gives a treat to \(short)."))
            #expect(carolSeen.contains("Only Mallory can feed \(short)."))
            #expect(carolSeen.contains("The sea turtle \(short) has died peacefully"))
        }
    }
}
