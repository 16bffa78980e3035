import Testing
@testable import LivePetSupport

/// The opening offer, the extras offered only to clients that speak telnet, and the TTYPE/MTTS
/// cycle, byte by byte.
@Suite struct ClientsNegotiationTests {
    typealias Fixture = ClientsFixture

    @Test(arguments: [("raw", TestClient.Options.raw), ("telnet", .gnuTelnet), ("tintin", .tintin)])
    func everyConnectionStartsWithTheNineByteOffer(_ label: String, _ profile: TestClient.Options) async throws {
        try await Fixture.run { fixture in
            let client = try await fixture.connect(profile)
            #expect(Array(client.rawReceived.prefix(9)) == Fixture.openingOffer, "\(label)")
            // Then the MOTD, as text (a telnet client's first answers may already be in between).
            if !profile.speaksTelnet {
                #expect(client.rawReceived.dropFirst(9).starts(with: Array("Welcome to the LivePet".utf8)), "\(label)")
            }
        }
    }

    @Test func mudClientsAreOfferedMSSPAndGMCPAfterTheyAnswer() async throws {
        try await Fixture.run { fixture in
            let client = try await fixture.connect(.tintin)
            let mssp = try await client.waitForRaw(Fixture.willMSSP)
            let gmcp = try await client.waitForRaw(Fixture.willGMCP)
            #expect(mssp >= 9 && gmcp >= 9)
            #expect(client.rawReceived.occurrences(of: Fixture.willMSSP) == 1)
            #expect(client.rawReceived.occurrences(of: Fixture.willGMCP) == 1)
        }
    }

    /// `nc` gets the opening offer and not one telnet byte more: no WILL MSSP, no WILL GMCP,
    /// no prompt marks, no TTYPE requests, through a whole session.
    @Test func rawClientsAreNeverOfferedTheExtras() async throws {
        let clock = ManualClock()
        try await Fixture.run(configure: Fixture.onManualClock(clock)) { fixture in
            let (raw, _) = try await fixture.rawGuest(clock)
            try await raw.command("look", until: "Nobody else is here.")
            try await raw.command("who", until: "1 player online.")
            try await raw.command("say hello", until: "You say, \"hello\"")
            let bytes = raw.rawReceived
            #expect(Array(bytes.prefix(9)) == Fixture.openingOffer)
            #expect(!bytes.dropFirst(9).contains(255), "IAC after the offer: \(bytes.dropFirst(9).debugText)")
            #expect(raw.subnegotiations.isEmpty)
        }
    }

    /// TTYPE is asked again until the answer repeats, three rounds at most.
    @Test(arguments: [
        (["TINTIN++", "XTERM-256COLOR", "MTTS 137"], 3),
        (["XTERM"], 2),
        (["MUDLET", "MUDLET"], 2),
        (["CMUD", "ANSI", "ANSI"], 3),
        (["A", "B", "C", "D", "E"], 3),
    ])
    func terminalTypeCycle(_ types: [String], _ expectedRequests: Int) async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.tintin
            profile.terminalTypes = types
            let client = try await fixture.connect(profile)
            try await client.waitUntil("\(expectedRequests) TTYPE SENDs") { $0.terminalTypeRequests >= expectedRequests }
            // A round trip after the last answer: any further SEND would have come before the reply.
            try await client.send("two words")
            try await client.readUntil("A name is one word")
            #expect(client.terminalTypeRequests == expectedRequests, "\(types)")
        }
    }

    /// A client that refuses TTYPE is never asked for one.
    @Test func refusedTerminalTypeIsNotAsked() async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.gnuTelnet
            profile.terminalTypes = []
            let client = try await fixture.connect(profile)
            try await client.send("two words")
            try await client.readUntil("A name is one word")
            #expect(client.terminalTypeRequests == 0)
        }
    }

    /// A client whose first telnet bytes come after the negotiation timeout (a slow link, a
    /// proxy) has spoken telnet: it is offered MSSP and GMCP, and what it then accepts must
    /// work (GMCP messages, the MSSP table, prompt marks), not be dropped because the
    /// connection was filed as raw.
    @Test func lateNegotiatorIsServedAsTelnet() async throws {
        let clock = ManualClock()
        try await Fixture.run(configure: Fixture.onManualClock(clock)) { fixture in
            let (client, _) = try await fixture.rawGuest(clock)
            // Now it answers the offer, as a telnet client behind a slow link would.
            try await client.sendBytes([255, 252, 24, 255, 252, 31, 255, 253, 25])
            try await client.waitForRaw(Fixture.willGMCP)
            try await client.sendBytes([255, 253, 201, 255, 253, 70])
            try await client.command("say late", until: "You say, \"late\"")
            #expect(client.gmcpMessages.contains { $0.package == "Comm.Channel.Text" })
            #expect(client.subnegotiations.contains { $0.option == 70 })
            #expect(client.rawReceived.index(of: Array("] > ".utf8) + Fixture.iacEOR) != nil)
        }
    }

    /// The same late client logging in: its password prompt must hide the typing (WILL ECHO),
    /// or a telnet client on a slow link shows the password on screen.
    @Test func lateNegotiatorGetsItsPasswordHidden() async throws {
        let clock = ManualClock()
        try await Fixture.run(configure: Fixture.onManualClock(clock)) { fixture in
            try await fixture.account("Alice")
            let late = try await fixture.connect(.raw)
            // A probe connected at the same moment, whose mode presence shows: once it is raw,
            // so is `late`.
            let (_, probe) = try await fixture.guest(.raw)
            try await fixture.passNegotiationTimeout(clock)
            try await fixture.waitForMode(of: probe, .raw)
            // Now `late` answers the offer as GNU telnet would, then logs in by hand.
            try await late.sendBytes([255, 252, 24, 255, 252, 31, 255, 254, 25])
            try await late.send("Alice")
            try await late.readUntil("Password: ")
            try await late.send("alice-password")
            try await late.readUntil("Welcome back, Alice!")
            #expect(late.rawReceived.index(of: [255, 251, 1]) != nil, "no IAC WILL ECHO around the password prompt")
        }
    }
}
