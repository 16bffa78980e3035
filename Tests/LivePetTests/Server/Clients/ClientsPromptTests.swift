import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

/// Prompts end with IAC EOR, IAC GA or nothing depending on the client; asynchronous lines
/// never leave them hidden; IAC NOP keepalives go to telnet clients only.
@Suite struct ClientsPromptTests {
    typealias Fixture = ClientsFixture

    enum Kind: String, CaseIterable, Sendable {
        /// Accepted EOR but shows it as a mark only (telnetlib3's client): output after a
        /// prompt needs its own line end.
        case eor
        /// Accepted EOR and named itself TinTin++ (or Mudlet): it ends the line at the mark.
        case eorEndsLine
        /// Speaks telnet but refused EOR (GNU telnet): GA.
        case ga
        /// `nc`: nothing.
        case raw

        var profile: TestClient.Options {
            switch self {
            case .eor:
                // TinTin++ without GMCP, so that byte comparisons see only text and marks.
                var profile = TestClient.Options.tintin
                profile.terminalTypes = ["DUMB"]
                profile.acceptsGMCP = false
                profile.acceptsMSSP = false
                return profile
            case .eorEndsLine:
                // Named TinTin++, then MTTS without colour (UTF-8 only), so that byte
                // comparisons see only text.
                var profile = TestClient.Options.tintin
                profile.terminalTypes = ["TINTIN++", "DUMB", "MTTS 4"]
                profile.acceptsGMCP = false
                profile.acceptsMSSP = false
                return profile
            case .ga: var profile = TestClient.Options.gnuTelnet; profile.terminalTypes = ["DUMB"]; return profile
            case .raw: return .raw
            }
        }

        /// What follows the prompt text.
        var mark: [UInt8] {
            switch self {
            case .eor, .eorEndsLine: ClientsFixture.iacEOR
            case .ga: ClientsFixture.iacGA
            case .raw: []
            }
        }
    }

    /// Every game prompt ends with the client's mark, and nothing else follows it until the
    /// next output.
    @Test(arguments: Kind.allCases)
    func promptsEndWithTheRightMark(_ kind: Kind) async throws {
        try await Fixture.run { fixture in
            let client = try await fixture.player("Alice", kind.profile)
            try await client.command("look", until: "Nobody else is here.")
            try await client.command("treats", until: "You hold 5 of 5 treats.")
            try await client.command("frobnicate", until: "Unknown command")
            let prompt = Array("[Lobby, 5 treats] > ".utf8)
            if kind != .raw { try await client.waitForRaw(prompt + kind.mark) }
            let bytes = client.rawReceived
            #expect(bytes.occurrences(of: prompt) == 4)
            var start = 0
            while let at = bytes.index(of: prompt, from: start) {
                let after = Array(bytes[(at + prompt.count)...].prefix(2))
                if kind == .raw {
                    #expect(!after.contains(255), "raw prompt followed by \(after)")
                } else {
                    #expect(after == kind.mark, "\(kind) prompt followed by \(after)")
                }
                start = at + 1
            }
            if kind.mark != Fixture.iacEOR { #expect(bytes.index(of: Fixture.iacEOR) == nil) }
            if kind != .ga { #expect(bytes.index(of: Fixture.iacGA) == nil) }
        }
    }

    /// The same prompt text is reused between lines, but its mark follows what the client
    /// negotiated last: a client that accepts EOR late gets EOR from then on.
    @Test func aPromptFollowsALateChangeOfMark() async throws {
        try await Fixture.run { fixture in
            let client = try await fixture.player("Alice", Kind.ga.profile)
            let prompt = Array("[Lobby, 5 treats] > ".utf8)
            try await client.command("look", until: "Nobody else is here.")
            try await client.waitForRaw(prompt + Fixture.iacGA)
            try await client.sendBytes([255, TelnetCommand.do, TelnetOption.eor])
            let from = client.rawReceived.count
            try await client.command("look", until: "Nobody else is here.")
            try await client.waitForRaw(prompt + Fixture.iacEOR, from: from)
            #expect(Array(client.rawReceived[from...]).index(of: prompt + Fixture.iacGA) == nil)
        }
    }

    /// The login prompts carry the mark too, once the client has answered the offer.
    @Test(arguments: [Kind.eor, .eorEndsLine, .ga])
    func loginPromptsAreMarked(_ kind: Kind) async throws {
        try await Fixture.run { fixture in
            let client = try await fixture.connect(kind.profile)
            try await client.send("Newcomer")
            try await client.readUntil("(yes/no) ")
            try await client.waitForRaw(Array("(yes/no) ".utf8) + kind.mark)
        }
    }

    enum Interruption: String, CaseIterable, Sendable {
        case say, emote, chat, tell, tick, arrival
    }

    /// A line that arrives while the prompt is on screen starts on a fresh line (a CR LF for
    /// every client but those known to end the line at the prompt's mark themselves) and the
    /// prompt comes back after it.
    @Test(arguments: Kind.allCases, Interruption.allCases)
    func asynchronousLinesBringThePromptBack(_ kind: Kind, _ interruption: Interruption) async throws {
        try await Fixture.run { fixture in
            let alice = try await fixture.player("Alice", kind.profile)
            let bob = try await fixture.player("Bobby", .raw)
            try await alice.readUntil("Bobby arrives.\n")
            try await alice.readPrompt()
            try await alice.everyTick()
            try await fixture.adoptAndVisit(alice, pet: "Whiskers")
            if interruption != .tick {
                try await bob.command("visit Whiskers", until: "cared for by")
                try await alice.readUntil("Bobby arrives to visit Whiskers.\n")
                try await alice.readPrompt()
            }
            let prompt = Array("[Whiskers ♥♥♥♡♡, 5 treats] > ".utf8) + kind.mark
            try await alice.waitForRaw(prompt, from: max(0, alice.rawReceived.count - prompt.count - 8))
            let mark = alice.rawReceived.count
            #expect(Array(alice.rawReceived[(mark - prompt.count)...]) == prompt, "the prompt is the last thing on screen")

            let expected: String
            switch interruption {
            case .say:
                try await bob.command("say hi there", until: "You say")
                expected = "Bobby says, \"hi there\"\n"
            case .emote:
                try await bob.command("emote waves", until: "Bobby waves")
                expected = "Bobby waves\n"
            case .chat:
                try await bob.command("chat hello all", until: "hello all")
                expected = "[chat] Bobby: hello all\n"
            case .tell:
                try await bob.command("tell Alice psst", until: "You tell Alice")
                expected = "Bobby tells you, \"psst\"\n"
            case .tick:
                await fixture.services.world.advance()
                expected = "[Whiskers] age 1, hunger 255/500, ♥♥♥♡♡ content\n"
            case .arrival:
                try await bob.command("leave", until: "Lobby")
                expected = "Bobby leaves for the Lobby.\n"
            }
            try await alice.readUntil(expected)
            try await alice.readPrompt()
            try await alice.waitForRaw(prompt, from: mark)
            let after = Array(alice.rawReceived[mark...])
            let lead: [UInt8] = kind == .eorEndsLine ? [] : [13, 10]
            let line = Array(expected.replacingOccurrences(of: "\n", with: "\r\n").utf8)
            // Exactly: [CR LF] line prompt [mark]. GMCP would be allowed in between, but these clients refused it.
            #expect(after == lead + line + prompt, "\(kind)/\(interruption): \(after.debugText)")
        }
    }

    /// A burst of asynchronous lines: each starts on its own line, no prompt is doubled, and
    /// the burst ends with exactly one prompt.
    @Test(arguments: Kind.allCases)
    func aBurstEndsWithOnePrompt(_ kind: Kind) async throws {
        try await Fixture.run { fixture in
            let alice = try await fixture.player("Alice", kind.profile)
            let bob = try await fixture.player("Bobby", .raw)
            try await alice.readUntil("Bobby arrives.\n")
            try await alice.readPrompt()
            for index in 1...20 { try await bob.send("say line \(index)") }
            try await bob.readUntil("You say, \"line 20\"")
            let text = try await alice.readUntil("Bobby says, \"line 20\"\n") + (try await alice.readPrompt())
            #expect(text.hasSuffix("\"line 20\"\n[Lobby, 5 treats] > "), "\(text.debugDescription)")
            #expect(!text.contains("] > ["), "doubled prompt: \(text.debugDescription)")
            for index in 1...20 {
                let line = "Bobby says, \"line \(index)\"\n"
                let range = try #require(text.range(of: line))
                let before = text[..<range.lowerBound]
                // TinTin++ ends the prompt line itself; everyone else needs the line end.
                // (The text starts right after a prompt that was already read.)
                let afterPrompt = before.isEmpty || before.hasSuffix("] > ")
                #expect(before.hasSuffix("\n") || (kind == .eorEndsLine && afterPrompt), "\(kind): \(text.debugDescription)")
            }
        }
    }

    /// IAC NOP keeps quiet telnet connections alive; a raw client never gets one. On the manual
    /// clock: the first NOP comes exactly one keepalive interval after the last output.
    @Test func keepaliveNOPOnlyForTelnetClients() async throws {
        let clock = ManualClock()
        try await Fixture.run(configure: Fixture.onManualClock(clock)) { fixture in
            let (raw, _) = try await fixture.rawGuest(clock)
            let (telnet, _) = try await fixture.guest(Kind.ga.profile)
            let interval = fixture.services.config.limits.keepaliveInterval
            clock.advance(by: interval - .milliseconds(1))
            try await fixture.host.waitForHousekeeping()
            #expect(!telnet.commands.contains(TestClient.nop), "a NOP before the interval")
            clock.advance(by: .milliseconds(1))
            try await telnet.waitUntil("an IAC NOP") { $0.commands.contains(TestClient.nop) }
            clock.advance(by: interval)
            try await telnet.waitUntil("two IAC NOPs") { $0.commands.filter { $0 == TestClient.nop }.count >= 2 }
            // Both connections were looked at in the same housekeeping passes.
            try await fixture.host.waitForHousekeeping()
            #expect(!raw.rawReceived.dropFirst(9).contains(255), "\(raw.rawReceived.dropFirst(9).debugText)")
            #expect(raw.commands.isEmpty)
            // A NOP is not output: the prompt stays as it was (no line end, no second prompt).
            #expect(telnet.takeUnreadText().isEmpty)
            // The NOPs did not disturb the telnet client's session.
            try await telnet.command("look", until: "Here:")
        }
    }
}
