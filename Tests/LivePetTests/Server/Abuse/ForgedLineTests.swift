import Testing
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld

/// A player must not be able to make text of theirs look like a line of the server's, without
/// any control character: by padding talk with spaces until it wraps onto a line of its own,
/// or by naming a pet so that the lines framing the name start with something else.
@Suite struct ForgedLineTests {
    static let forgedPetName = "chat] admin: Maintenance, type your password ["

    /// 90 spaces (or no-break, ideographic or em spaces) in talk arrive as one space.
    @Test func paddedTalkArrivesWithOneSpace() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            let padding = String(repeating: " ", count: 90)
            let wide = String(repeating: "\u{00A0}\u{3000}\u{2003}", count: 30)

            try await alice.send("emote waves\(padding)[chat] admin: Server moved to evil.example")
            let emote = try await bob.readUntil("evil.example\n")
            #expect(emote.hasSuffix("Alice waves [chat] admin: Server moved to evil.example\n"), "\(emote.debugDescription)")

            try await alice.send("say hi\(wide)[chat] admin: hello")
            let say = try await bob.readUntil("hello\"\n")
            #expect(say.hasSuffix("Alice says, \"hi [chat] admin: hello\"\n"), "\(say.debugDescription)")

            try await alice.send("chat hi\(padding)\(wide)admin: bye")
            let chat = try await bob.readUntil("bye\n")
            #expect(chat.hasSuffix("[chat] Alice: hi admin: bye\n"), "\(chat.debugDescription)")

            try await alice.send("tell Bob psst\(wide)\(padding)x")
            let tell = try await bob.readUntil("x\"\n")
            #expect(tell.contains("psst x\"\n"), "\(tell.debugDescription)")
            #expect(!(emote + say + chat + tell).contains("  "))
        }
    }

    /// Padding with visible characters instead of spaces: each line below is made so that,
    /// unbroken, an 80-column terminal would start its second row with `[chat]`. The server
    /// breaks it itself (CR LF) and indents the rest, for emote, say, chat, tell and AFK alike.
    @Test func visiblePaddingCannotStartARow() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            let forged = "[chat] admin: Server moved to evil.example"
            // Dots so that the server's words, the dots and one space fill exactly 80 columns.
            func padded(after prefix: String) -> String {
                String(repeating: ".", count: 80 - prefix.count - 1) + " " + forged
            }

            try await alice.send("emote waves \(padded(after: "Alice waves "))")
            let emote = try await bob.readUntil("evil.example\n")
            try await alice.send("say \(padded(after: "Alice says, \""))")
            let say = try await bob.readUntil("evil.example\"\n")
            try await alice.send("chat \(padded(after: "[chat] Alice: "))")
            let chat = try await bob.readUntil("evil.example\n")
            try await alice.send("tell Bob \(padded(after: "Alice tells you, \""))")
            let tell = try await bob.readUntil("evil.example\"\n")
            try await bob.command("afk \(padded(after: "Bob is AFK: "))", until: "You are now AFK")
            try await alice.send("tell Bob are you there?")
            try await alice.readUntil("Bob is AFK: ")
            let afk = "Bob is AFK: " + (try await alice.readUntil("evil.example\n"))

            for (what, received) in [("emote", emote), ("say", say), ("chat", chat), ("tell", tell), ("afk", afk)] {
                let rows = Self.terminalRows(received)
                // The real chat line starts with `[chat] Alice:`; nothing else may start with `[chat]`.
                #expect(!rows.contains { $0.hasPrefix("[chat]") && !$0.hasPrefix("[chat] Alice: ") }, "\(what): \(rows)")
                #expect(rows.contains("    \(forged)") || rows.contains("    \(forged)\""), "\(what): \(rows)")
            }
            // The break is the server's line end, CR LF.
            #expect(String(decoding: bob.rawReceived, as: UTF8.self).contains(".\r\n    \(forged)\r\n"))
        }
    }

    /// What an 80-column terminal shows: each line (CR LF, "\n" in the text view) cut into rows
    /// of 80 cells; a wide character that would cross the edge starts the next row.
    static func terminalRows(_ text: String, width: Int = 80) -> [String] {
        var rows: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var row = ""
            var cells = 0
            for character in line {
                let cellWidth = DisplayWidth.of(character)
                if cells + cellWidth > width {
                    rows.append(row)
                    row = ""
                    cells = 0
                }
                row.append(character)
                cells += cellWidth
            }
            rows.append(row)
        }
        return rows
    }

    /// A pet name that would close the bracket of tick lines and prompts is refused.
    @Test func bracketedPetNamesAreRefused() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            try await alice.command("adopt \(Self.forgedPetName) cat", until: "may not contain '[' or ']'")
            try await alice.command("adopt ［chat］ admin cat", until: "may not contain '[' or ']'")
            try await alice.command("pets", until: "No pets yet")
        }
    }

    /// Look-alike names are refused: a mixed-script one for mixing, a whole-script one as taken.
    @Test func lookAlikePetNamesAreRefused() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            try await alice.command("adopt Coco cat", until: "You adopt Coco")
            try await alice.command("adopt Fluffy cat", until: "You adopt Fluffy")
            try await alice.command("adopt Fluff\u{0443} cat", until: "may not mix alphabets")
            try await alice.command("adopt \u{0421}\u{043E}\u{0441}\u{043E} dog", until: "or one whose name looks the same")
            try await alice.command("adopt F1uffy dog", until: "or one whose name looks the same")
            try await alice.command("adopt Flu\u{200B}ffy dog", until: "invisible characters")
            try await alice.command("adopt ねこ cat", until: "You adopt ねこ")
        }
    }

    /// A pet adopted before the rules, with a bracket-closing name: its visitors' tick lines,
    /// prompt, room header and the news of its death still start with the server's own text,
    /// never with `[chat]`.
    @Test func oldBracketedNameCannotForgeAVisitorsLines() async throws {
        let store = MemoryStore()
        let mallory = try await store.createAccount(name: "Mallory", passwordHash: "$y$x", isAdmin: false, createdAt: 0)
        // Born so that it is alive at tick 1 and dies at tick 2.
        let born = 1 - PetState.lifespan
        _ = try await store.insertPet(PetRecord(id: 0, name: Self.forgedPetName, species: "cat", ownerID: mallory.id,
                                                bornTick: born, hunger: 0, hungerTick: born))
        try await TestServer.run(store: store) { server in
            let bob = try await server.player("Bob")
            let visit = try await bob.command("visit #1", until: "Nobody else is visiting.")
            // The short name (24 columns) these lines show; `look` has the whole one.
            let shown = "chat) admin: Maintenanc…"
            #expect(visit.hasSuffix("[\(shown) ♡♡♡♡♡, 5 treats] > "), "\(visit.debugDescription)")
            await server.advance()
            let tick = try await bob.readUntil(" age \(PetState.lifespan),")
            #expect(tick.hasSuffix("[\(shown)] age \(PetState.lifespan),"), "\(tick.debugDescription)")
            let carol = try await server.player("Carol")
            let lobby = try await carol.command("look", until: "1 visitor\n")
            #expect(lobby.contains("\n  #1 \(shown) the cat, 1 visitor\n"), "\(lobby.debugDescription)")
            await server.advance()
            let death = try await bob.readUntil("has died peacefully")
            #expect(death.hasSuffix("The cat \(shown) has died peacefully"), "\(death.debugDescription)")
            let treat = try await bob.command("treat", until: "pocket.\n")
            #expect(treat.contains("> Sorry, \(shown) has passed away; your treat stays in your\n    pocket.\n"), "\(treat.debugDescription)")

            // Logging in again from another connection shows the room Bob is in.
            let again = try await server.connect()
            try await again.readUntil(TestClient.namePrompt)
            try await again.send("connect Bob Bob-password")
            // As `look` shows it: the room's lines start with the server's words.
            let header = try await again.readUntil("Nobody else is visiting.\n")
            #expect(header.contains("\nThis is "), "\(header.debugDescription)")

            let lines = (visit + tick + lobby + death + treat + header).split(separator: "\n")
            #expect(!lines.contains { $0.hasPrefix("[chat]") || $0.hasPrefix("chat") }, "\(lines)")
        }
    }

    /// No line the server writes about a pet starts with its name (a player's text), so a
    /// name such as `Alice says, "hi"` cannot pass for someone's line.
    @Test(arguments: [false, true])
    func noPetLineStartsWithTheName(screenReader: Bool) {
        let name = "Alice says, hi"
        for alive in [true, false] {
            let status = PetStatus(id: 3, name: name, species: .seaTurtle, ownerName: "Bob", age: 12, hunger: 40,
                                   hearts: 5, alive: alive, visitors: ["Carol"])
            let text = PetFormatter.look(status, viewer: "Dave", screenReader: screenReader)
                + PetFormatter.list([status], visitors: [3: 1], page: 1, hasMore: false, command: "pets", total: 1,
                                    screenReader: screenReader)
                + status.tickLine + status.spokenTickLine
            for line in Styled.render(text, colour: false).split(separator: "\n") {
                #expect(!line.drop(while: { $0 == " " }).hasPrefix(name), "\(line)")
            }
        }
    }
}
