import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

/// Clients without UTF-8 (issue 17, point 6): learned from MTTS or the telnet CHARSET answer,
/// or set with `charset`; such a client gets ASCII for everything (hearts as `<3`, pictures,
/// players' names and talk transliterated) and what it types is read as Latin-1. Everyone
/// else, nc included, stays UTF-8.
@Suite struct ClientsCharsetTests {
    typealias Fixture = ClientsFixture

    /// TinTin++ in a terminal without UTF-8: MTTS 137 (ANSI, 256 colours, proxy; no bit 4).
    static let asciiTinTin: TestClient.Options = {
        var profile = TestClient.Options.tintin
        profile.terminalTypes = ["TINTIN++", "XTERM-256COLOR", "MTTS 137"]
        return profile
    }()

    /// `name` logged in on `asciiTinTin`, once its MTTS answer is in (the session sees the
    /// answer before any line sent after it).
    static func asciiPlayer(_ fixture: Fixture, _ name: String) async throws -> TestClient {
        let client = try await fixture.player(name, asciiTinTin)
        try await client.waitUntil("3 TTYPE SENDs") { $0.terminalTypeRequests >= 3 }
        try await client.command("charset", until: "(it is ascii now)")
        return client
    }

    /// `text` without its ANSI colour.
    static func plain(_ text: String) -> String {
        text.replacing(/\x1B\[[0-9;]*m/, with: "")
    }

    /// What the client has shown (telnet commands taken out), as bytes.
    static func shown(_ client: TestClient) -> [UInt8] { client.state.read { $0.text } }

    @Test func aClientWithoutUTF8GetsOnlyASCIIAndIsReadAsLatin1() async throws {
        try await Fixture.run { fixture in
            let ann = try await fixture.player("Ann", .tintin)
            let bob = try await Self.asciiPlayer(fixture, "Bob")
            try await bob.everyTick()
            try await ann.everyTick()
            try await fixture.adoptAndVisit(ann, pet: "Zoë", species: "crab")
            // Bob types the pet's name in Latin-1: ë is one byte, 0xEB.
            try await bob.sendBytes(Array("visit Zo".utf8) + [0xEB, 13, 10])
            let look = try await bob.readUntil("cared for by Ann.")
            #expect(look.contains("\\(o_o)/"), "the crab's eyes: \(look)")
            #expect(Self.plain(look).contains("This is Zoe the crab"), "\(look)")
            try await bob.readPrompt()
            try await ann.readUntil("Bob arrives to visit Zoë")
            await fixture.services.world.advance()
            let tick = try await bob.readUntil(" content\n")
            #expect(Self.plain(tick).hasSuffix("[Zoe] age 1, hunger 255/500, <3<3<3.... content\n"), "\(tick)")
            try await ann.readUntil("hunger 255/500, \u{1B}[31m♥♥♥♡♡")
            try await ann.command("say un café ♥ 猫", until: "You say")
            try await bob.readUntil("Ann\u{1B}[0m says, \"un cafe <3 ?\"")
            try await bob.sendBytes(Array("say ol".utf8) + [0xE9, 13, 10])
            try await bob.readUntil("You say, \"ole\"")
            try await ann.readUntil("Bob\u{1B}[0m says, \"olé\"")
            try await ann.command("chat ½ “quoted” — ok…", until: " Ann: ½")
            try await bob.readUntil(" Ann: ? \"quoted\" -- ok...")
            try await bob.command("pets", until: "in the world")
            try await bob.command("look", until: "cared for by Ann.")
            try await bob.command("who", until: "Bob")
            try await bob.command("help", until: "charset")
            let nonASCII = Self.shown(bob).filter { $0 >= 0x80 }
            #expect(nonASCII.isEmpty, "bytes above 0x7F shown to an ASCII client: \(nonASCII.prefix(16))")
            #expect(Self.shown(ann).contains(0xE2), "the UTF-8 client got its hearts")
        }
    }

    @Test(arguments: [
        // RFC 2066's REJECTED, no MTTS (a GNU-telnet-like client that can negotiate CHARSET).
        (["XTERM"], [(false, "")], TelnetCharset.ascii),
        (["XTERM"], [(true, "US-ASCII")], .ascii),
        (["XTERM"], [(true, "UTF-8")], .utf8),
        // TinTin++ with UTF-8 answers each name it knows.
        (["TINTIN++", "XTERM-256COLOR", "MTTS 141"], [(true, " UTF-8"), (false, " ISO-8859-1")], .utf8),
        // No CHARSET, no MTTS: GNU telnet stays UTF-8.
        (["XTERM"], nil, .utf8),
    ] as [([String], [(accepted: Bool, name: String)]?, TelnetCharset)])
    func theCharsetAnswerDecides(_ types: [String], _ answers: [(accepted: Bool, name: String)]?, _ expected: TelnetCharset) async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.telnet
            profile.terminalTypes = types
            profile.charsetAnswers = answers
            let (client, name) = try await fixture.guest(profile)
            if answers != nil {
                try await client.waitUntil("a CHARSET request") { !$0.charsetRequests.isEmpty }
                #expect(client.state.read { $0.charsetRequests } == [";UTF-8;ISO-8859-1;US-ASCII"])
            }
            try await fixture.waitUntil("\(name)'s charset is \(expected)") {
                await fixture.services.presence.entry(named: name)?.connection.charset == expected
            }
            try await client.command("charset", until: "(it is \(expected.name) now)")
        }
    }

    /// nc never negotiates: UTF-8 whatever it does, and it sees the hearts as they are.
    @Test func rawClientsStayUTF8() async throws {
        try await Fixture.run { fixture in
            let raw = try await fixture.player("Nc", .raw)
            try await raw.command("charset", until: "(it is utf-8 now)")
            try await raw.command("adopt Zoë crab", until: "Visit with: visit")
            let look = try await raw.command("visit Zoë", until: "This is Zoë the crab")
            #expect(look.contains("\\(°_°)/"), "\(look)")
            #expect(raw.rawReceived.contains(0xE2), "UTF-8 hearts")
        }
    }

    /// `charset` by hand wins over what the client said, both ways, and the next prompt and
    /// room lines follow at once.
    @Test func theCommandSetsItByHand() async throws {
        try await Fixture.run { fixture in
            let bob = try await Self.asciiPlayer(fixture, "Bob")
            try await bob.command("charset utf-8", until: "Charset is UTF-8: hearts are ♥♥♥♡♡.")
            try await bob.everyTick()
            try await fixture.adoptAndVisit(bob, pet: "Zoë")
            await fixture.services.world.advance()
            try await bob.readUntil("hunger 255/500, \u{1B}[31m♥♥♥♡♡")
            try await bob.command("charset ascii", until: "Charset is ASCII: hearts are <3<3<3....")
            // The same prompt (same place, same treats) is made again for the new charset.
            #expect(bob.state.read { $0.screen.last ?? "" } == "[Zoe <3<3<3...., 5 treats] > ")
            await fixture.services.world.advance()
            try await bob.readUntil("hunger 260/500, \u{1B}[31m<3<3<3....")
            try await bob.command("charset latin", until: "Usage: charset utf-8|ascii (it is ascii now)")
        }
    }
}
