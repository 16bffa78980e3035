import Foundation
import Testing
@testable import LivePetWorld

/// GMCP (telnet option 201): what LivePet accepts (Core.Hello, Core.Supports.*) and sends
/// (Char.Name, Room.Info, Pet.Status, Comm.Channel.Text), as docs/GMCP.md describes.
@Suite struct ClientsGMCPTests {
    typealias Fixture = ClientsFixture

    /// TinTin++ with GMCP on (and no colour, to keep text comparisons simple).
    static var gmcpProfile: TestClient.Options {
        var profile = TestClient.Options.tintin
        profile.terminalTypes = ["DUMB"]
        return profile
    }

    /// A GMCP client that said hello before logging in, the way Mudlet does.
    static func gmcpPlayer(_ fixture: Fixture, _ name: String) async throws -> TestClient {
        let client = try await fixture.connect(gmcpProfile)
        try await client.waitForRaw(Fixture.willGMCP)
        try await client.sendGMCP("Core.Hello", #"{"client":"Mudlet","version":"4.17.2"}"#)
        try await client.sendGMCP("Core.Supports.Set", #"["Char 1","Room 1","Comm.Channel 1","Pet 1"]"#)
        let password = try await fixture.account(name)
        try await client.send("connect \(name) \(password)")
        try await client.readUntil("Welcome back, \(name)!")
        try await client.readPrompt()
        return client
    }

    static func object(_ message: GMCPMessage) throws -> [String: Any] {
        try #require(message.object, "not a JSON object: \(message)")
    }

    @Test func loginSendsCharNameThenRoomInfo() async throws {
        try await Fixture.run { fixture in
            let client = try await Self.gmcpPlayer(fixture, "Alice")
            let name = try Self.object(try await client.nextGMCP("Char.Name"))
            #expect(name["name"] as? String == "Alice")
            #expect(name["fullname"] as? String == "Alice")
            let room = try Self.object(try await client.nextGMCP("Room.Info"))
            #expect(room["name"] as? String == "Lobby")
            #expect(room["num"] as? Int == 0)
            #expect(room["area"] as? String == "LivePet")
            #expect(room["exits"] is [String: Any])
            // Char.Name comes first.
            #expect(client.gmcpMessages.first?.package == "Char.Name")
        }
    }

    /// A client that turns GMCP on after logging in gets Char.Name and Room.Info then.
    @Test func enablingGMCPLaterSendsTheLoginMessages() async throws {
        try await Fixture.run { fixture in
            let client = try await fixture.player("Alice", .gnuTelnet)
            #expect(client.gmcpMessages.isEmpty)
            try await client.sendBytes([255, 253, 201])  // IAC DO GMCP
            try await client.nextGMCP("Char.Name") { $0.object?["name"] as? String == "Alice" }
            try await client.nextGMCP("Room.Info") { $0.object?["name"] as? String == "Lobby" }
        }
    }

    @Test func roomInfoOnEveryRoomChange() async throws {
        try await Fixture.run { fixture in
            let client = try await Self.gmcpPlayer(fixture, "Alice")
            try await client.nextGMCP("Room.Info")
            try await client.command("adopt Whiskers cat", until: "Visit with")
            try await client.command("adopt Rex dog", until: "Visit with")
            let whiskers = try #require(fixture.services.world.pets.pet(named: "Whiskers")).id
            let rex = try #require(fixture.services.world.pets.pet(named: "Rex")).id

            try await client.command("visit Whiskers", until: "cared for by")
            var room = try Self.object(try await client.nextGMCP("Room.Info"))
            #expect(room["name"] as? String == "Whiskers' room")
            #expect((room["num"] as? NSNumber)?.int64Value == whiskers)

            try await client.command("go #\(rex)", until: "cared for by")
            room = try Self.object(try await client.nextGMCP("Room.Info"))
            #expect(room["name"] as? String == "Rex's room")
            #expect((room["num"] as? NSNumber)?.int64Value == rex)

            try await client.command("leave", until: "A sunny hall")
            room = try Self.object(try await client.nextGMCP("Room.Info"))
            #expect(room["name"] as? String == "Lobby")
            #expect(room["num"] as? Int == 0)
            #expect(client.gmcpMessages.filter { $0.package == "Room.Info" }.count == 4)
        }
    }

    @Test func petStatusOnEveryTickAndCare() async throws {
        try await Fixture.run { fixture in
            let alice = try await Self.gmcpPlayer(fixture, "Alice")
            let bob = try await Self.gmcpPlayer(fixture, "Bob")
            let lobby = try await Self.gmcpPlayer(fixture, "Carol")
            let id = try await fixture.adoptAndVisit(alice, pet: "Whiskers")
            try await bob.command("visit Whiskers", until: "cared for by")
            try await alice.everyTick()
            try await bob.command("ticks off", until: "Pet status lines: off.")

            await fixture.services.world.advance()
            var status = try Self.object(try await alice.nextGMCP("Pet.Status"))
            #expect((status["id"] as? NSNumber)?.int64Value == id)
            #expect(status["name"] as? String == "Whiskers")
            #expect(status["species"] as? String == "cat")
            #expect(status["owner"] as? String == "Alice")
            #expect(status["age"] as? Int == 1)
            #expect(status["hunger"] as? Int == 255)
            #expect(status["maxHunger"] as? Int == 500)
            #expect(status["hearts"] as? Int == 3)
            #expect(status["alive"] as? Bool == true)
            #expect(status["mood"] as? String == "content")
            #expect(status["visitors"] as? Int == 2)
            // Ticks off hides the text line, not the GMCP.
            try await bob.nextGMCP("Pet.Status") { $0.object?["age"] as? Int == 1 }

            try await alice.command("feed", until: "You feed Whiskers.")
            status = try Self.object(try await alice.nextGMCP("Pet.Status"))
            #expect(status["hunger"] as? Int == 155)
            #expect(status["mood"] as? String == "happy")
            try await bob.nextGMCP("Pet.Status") { $0.object?["hunger"] as? Int == 155 }

            try await bob.command("treat", until: "You give Whiskers a treat.")
            status = try Self.object(try await alice.nextGMCP("Pet.Status"))
            #expect(status["hunger"] as? Int == 135)
            try await bob.nextGMCP("Pet.Status") { $0.object?["hunger"] as? Int == 135 }

            await fixture.services.world.advance()
            try await alice.nextGMCP("Pet.Status") { $0.object?["age"] as? Int == 2 && $0.object?["hunger"] as? Int == 140 }

            // Someone in the Lobby hears nothing of Whiskers.
            try await lobby.command("look", until: "A sunny hall")
            #expect(!lobby.gmcpMessages.contains { $0.package == "Pet.Status" })
        }
    }

    /// Reads each client's next Comm.Channel.Text and checks its channel, talker and text.
    static func expectChannelText(to clients: [TestClient], _ channel: String, by talker: String, _ text: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for client in clients {
            let message = try object(try await client.nextGMCP("Comm.Channel.Text"))
            #expect(message["channel"] as? String == channel, sourceLocation: sourceLocation)
            #expect(message["talker"] as? String == talker, sourceLocation: sourceLocation)
            #expect(message["text"] as? String == text, sourceLocation: sourceLocation)
        }
    }

    /// Comm.Channel.Text for say, emote, tell and chat, to the speaker and the hearers, with
    /// text that needs JSON escaping.
    @Test func commChannelTextForEveryKindOfTalk() async throws {
        try await Fixture.run { fixture in
            let alice = try await Self.gmcpPlayer(fixture, "Alice")
            let bob = try await Self.gmcpPlayer(fixture, "Bob")
            let tricky = #"He said "hi" \o/ 🐱 猫 tab"# + "\t" + "end"
            let cleaned = tricky.replacingOccurrences(of: "\t", with: " ")

            try await bob.command("say \(tricky)", until: "You say")
            try await Self.expectChannelText(to: [alice, bob], "say", by: "Bob", "Bob says, \"\(cleaned)\"")

            try await bob.command("emote waves", until: "Bob waves")
            try await Self.expectChannelText(to: [alice, bob], "emote", by: "Bob", "Bob waves")

            try await bob.command("tell Alice psst \"quietly\"", until: "You tell Alice")
            try await Self.expectChannelText(to: [alice], "tell", by: "Bob", "Bob tells you, \"psst \"quietly\"\"")
            let message = try Self.object(try await bob.nextGMCP("Comm.Channel.Text"))
            #expect(message["channel"] as? String == "tell")
            #expect(message["text"] as? String == "You tell Alice, \"psst \"quietly\"\"")

            try await alice.command("chat hello all", until: "hello all")
            try await Self.expectChannelText(to: [alice, bob], "chat", by: "Alice", "[chat] Alice: hello all")
        }
    }

    /// Clients that refused GMCP (or never spoke telnet) never get an SB GMCP.
    @Test(arguments: ["telnet", "raw"])
    func noGMCPForClientsThatDidNotAskForIt(_ kind: String) async throws {
        try await Fixture.run { fixture in
            var telnet = TestClient.Options.gnuTelnet
            telnet.terminalTypes = ["DUMB"]
            let client = try await fixture.player("Alice", kind == "raw" ? .raw : telnet)
            let talker = try await Self.gmcpPlayer(fixture, "Bob")
            try await client.everyTick()
            try await fixture.adoptAndVisit(client, pet: "Whiskers")
            try await talker.command("visit Whiskers", until: "cared for by")
            try await talker.command("say hi", until: "You say")
            try await client.readUntil("Bob says, \"hi\"")
            try await talker.command("tell Alice psst", until: "You tell")
            try await client.readUntil("Bob tells you")
            await fixture.services.world.advance()
            try await client.readUntil("hunger 255/500")
            try await client.command("feed", until: "You feed")
            #expect(!client.subnegotiations.contains { $0.option == TestClient.gmcp })
            #expect(client.rawReceived.index(of: [255, 250, 201]) == nil)
        }
    }

    /// Malformed GMCP is ignored: the session goes on, GMCP included.
    @Test(arguments: [
        Array("".utf8),
        Array("   ".utf8),
        Array("Core.Hello {".utf8),
        Array("Core.Hello not json at all".utf8),
        Array(#"{"client":"no package"}"#.utf8),
        Array(#"Core.Supports.Set ["Char 1""#.utf8),
        Array("Core.Hello".utf8),
        [0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE, 0x80],
        Array("Core.Hello ".utf8) + [0, 0, 0],
        Array("\u{1B}[31mCore.Hello {}".utf8),
        Array(#"Char.Name {"name":"Mallory"}"#.utf8),
        Array(#"Core.Hello {"client":"\u0000\n\u001b[2J"}"#.utf8),
        Array("Core.Hello {\"client\":\"".utf8) + Array(repeating: UInt8(ascii: "x"), count: 9000) + Array("\"}".utf8),
    ])
    func malformedGMCPIsIgnored(_ payload: [UInt8]) async throws {
        try await Fixture.run { fixture in
            let alice = try await Self.gmcpPlayer(fixture, "Alice")
            try await alice.sendSubnegotiation(TestClient.gmcp, payload)
            try await alice.command("look", until: "A sunny hall")
            try await alice.command("say still here", until: "You say")
            try await alice.nextGMCP("Comm.Channel.Text") { $0.object?["text"] as? String == "Alice says, \"still here\"" }
            #expect(!alice.isClosedByServer)
        }
    }

    /// Subnegotiations up to 8 KiB are taken; longer ones are dropped whole, harmlessly.
    @Test(arguments: [8192, 8193, 65536])
    func supportsSetUpToEightKiB(_ size: Int) async throws {
        try await Fixture.run { fixture in
            let alice = try await Self.gmcpPlayer(fixture, "Alice")
            var payload = Array("Core.Supports.Set [".utf8)
            var index = 0
            while payload.count < size - 20 {
                payload += Array("\"Pkg\(index) 1\",".utf8)
                index += 1
            }
            payload += Array("\"Last 1\"]".utf8)
            payload += Array(repeating: UInt8(ascii: " "), count: max(0, size - payload.count))
            #expect(payload.count == size)
            try await alice.sendSubnegotiation(TestClient.gmcp, payload)
            try await alice.command("look", until: "A sunny hall")
            try await alice.command("say after \(size)", until: "You say")
            try await alice.nextGMCP("Comm.Channel.Text") { $0.object?["text"] as? String == "Alice says, \"after \(size)\"" }
            #expect(!alice.isClosedByServer)
        }
    }
}
