import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld

/// Every line on its own line, in every client: what each kind of client shows on its screen
/// (`TestClient.Options.marks`), not only which bytes arrive. Clients that treat EOR or GA as
/// a mark only (telnetlib3's client, GNU telnet, nc) must not get a line glued to the prompt;
/// clients that end the line at the mark (TinTin++, Mudlet) must not get empty lines; and
/// clients that show a prompt only at its mark must see the first name prompt.
@Suite struct ClientsScreenTests {
    typealias Fixture = ClientsFixture

    enum Client: String, CaseIterable, Sendable {
        case telnetlib3, gnuTelnet, tintin, mudlet, nc

        var profile: TestClient.Options {
            switch self {
            case .telnetlib3: .telnetlib3
            case .gnuTelnet: .gnuTelnet
            case .tintin: .tintin
            case .mudlet: .mudlet
            case .nc: .raw
            }
        }
    }

    /// Asynchronous lines (a say, an emote, an arrival, the pet's tick) and a command's answer
    /// while the prompt is on screen: the prompt stays alone on its line and no line is empty.
    @Test(arguments: Client.allCases)
    func asynchronousLinesNeverShareThePromptsLineNorLeaveEmptyLines(_ client: Client) async throws {
        try await Fixture.run { fixture in
            let alice = try await fixture.player("Alice", client.profile)
            let bob = try await fixture.player("Bobby", .raw)
            try await alice.readUntil("Bobby arrives.\n")
            try await alice.readPrompt()
            try await alice.everyTick()
            try await fixture.adoptAndVisit(alice, pet: "Whiskers")
            let start = alice.screenLines.count
            try await bob.command("visit Whiskers", until: "cared for by")
            try await alice.readUntil(" arrives to visit Whiskers.\n")
            try await alice.readPrompt()
            try await bob.command("say hi there", until: "You say")
            try await alice.readUntil(" says, \"hi there\"\n")
            try await alice.readPrompt()
            try await bob.command("emote waves", until: "Bobby waves")
            try await alice.readUntil(" waves\n")
            try await alice.readPrompt()
            await fixture.services.world.advance()
            try await alice.readUntil(" age 1, ")
            try await alice.readPrompt()
            try await alice.command("treats", until: "You hold 5 of 5 treats.")
            try await bob.command("leave", until: "Lobby")
            try await alice.readUntil(" leaves for the Lobby.\n")
            try await alice.readPrompt()

            let prompt = "[Whiskers ♥♥♥♡♡, 5 treats] > "
            // (Colour codes are in the text view; the screen shows none.)
            // The client shows the last prompt (Mudlet and TinTin++ as a line of its own).
            try await alice.waitUntil("the last prompt on screen") { $0.screenLines.last == prompt }
            let screen = Array(alice.screenLines[start...])
            let shown = screen.joined(separator: "\n")
            for line in screen where line.contains(TestClient.promptEnd) {
                // A prompt, or a prompt and what the player typed after it.
                let typed = line.hasPrefix(prompt) && ["", "treats"].contains(line.dropFirst(prompt.count))
                #expect(typed, "\(client): a line glued to the prompt: \(line.debugDescription)\n\(shown)")
            }
            #expect(!screen.contains(""), "\(client): an empty line\n\(shown)")
            for line in ["Bobby arrives to visit Whiskers.", "Bobby says, \"hi there\"", "Bobby waves",
                         "Bobby leaves for the Lobby.", "You hold 5 of 5 treats."] {
                #expect(screen.contains { $0.hasPrefix(line) }, "\(client): \(line.debugDescription) not on a line of its own\n\(shown)")
            }
            #expect(screen.contains { $0.hasPrefix("[Whiskers] age 1, ") }, "\(client): the tick line\n\(shown)")
        }
    }

    /// The name prompt goes out before the client has answered the opening offer, so before
    /// the server may send it a telnet byte: once the client answers, the prompt (still on
    /// screen) gets its mark, and clients that wait for the mark show it. nc never gets one.
    @Test(arguments: Client.allCases)
    func theFirstNamePromptIsShownByEveryClient(_ client: Client) async throws {
        let clock = ManualClock()
        try await Fixture.run(configure: Fixture.onManualClock(clock)) { fixture in
            let connection = try await TestClient.connect(port: fixture.port, client.profile)
            defer { connection.close() }
            let namePrompt = TestClient.namePrompt
            try await connection.waitUntil("the name prompt on screen") { $0.screenLines.last == namePrompt }
            // What the screen shows before anything is typed: the MOTD, then the prompt, once.
            #expect(connection.screenLines.filter { $0 == namePrompt }.count == 1, "\(connection.screenLines)")
            let prompt = Array(namePrompt.utf8)
            switch client {
            case .nc:
                // Decided raw after the negotiation timeout: still no telnet byte after the offer.
                let name = try await connection.enterAsGuest()
                try await fixture.passNegotiationTimeout(clock)
                try await fixture.waitForMode(of: name, .raw)
                try await connection.command("look", until: "Nobody else is here.")
                let bytes = connection.rawReceived
                #expect(!bytes.dropFirst(Fixture.openingOffer.count).contains(255), "\(bytes.dropFirst(9).debugText)")
            case .gnuTelnet:
                try await connection.waitForRaw(prompt + Fixture.iacGA)
            case .telnetlib3, .tintin, .mudlet:
                try await connection.waitForRaw(prompt + Fixture.iacEOR)
            }
        }
    }
}
