import Foundation
import Testing
@testable import LivePetNet

/// A browser's session over WebSocket on the telnet port (issue 18), end to end: the same
/// session as telnet, its output as JSON messages, GMCP included.
@Suite struct WebSocketSessionTests {
    @Test func aBrowserGuestAndATelnetPlayerTalkAndTheBrowserGetsGMCP() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let web = try await WebSocketTestClient.open(server)
            try await web.next("the name prompt") { $0 == #"{"t":"prompt","d":"What is your name? (or \"guest\") "}"# }
            try await web.send("guest")
            let name = try WebSocketTestClient.object(try await web.next("Char.Name") { $0.contains(#""p":"Char.Name""#) })
            let guest = try #require((name["d"] as? [String: Any])?["name"] as? String)
            try await web.next("the lobby prompt") { $0 == #"{"t":"prompt","d":"[Lobby] > "}"# }

            try await web.send("say hello from the browser")
            try await alice.readUntil("\(guest) says, \"hello from the browser\"")
            try await alice.send("say hello, \(guest)")
            let heard = try WebSocketTestClient.object(try await web.next("Alice's say") { $0.contains("hello, \(guest)") && $0.hasPrefix(#"{"t":"text""#) })
            // In colour: the page renders ANSI colour, so a browser's session has it on.
            #expect(heard["d"] as? String == "\u{1B}[36mAlice\u{1B}[0m says, \"hello, \(guest)\"\n")
            // `who` shows which players are in a browser.
            let rows = try await alice.who().split(separator: "\n")
            #expect(rows.contains { $0.hasPrefix(guest) && $0.hasSuffix("guest, web") }, "\(rows)")
            #expect(rows.contains { $0.hasPrefix("Alice") && !$0.contains("web") }, "\(rows)")

            // Alice adopts; the guest visits: Room.Info, then Pet.Status on a tick (a broadcast).
            try await alice.command("adopt Whiskers cat", until: "Visit with: visit")
            try await web.send("visit Whiskers")
            let room = try WebSocketTestClient.object(try await web.next("Room.Info") { $0.contains(#""p":"Room.Info""#) && $0.contains("Whiskers") })
            #expect((room["d"] as? [String: Any])?["num"] as? Int != 0)
            await server.advance()
            let status = try WebSocketTestClient.object(try await web.next("Pet.Status") { $0.contains(#""p":"Pet.Status""#) })
            let data = try #require(status["d"] as? [String: Any])
            #expect(data["name"] as? String == "Whiskers")
            #expect(data["owner"] as? String == "Alice")
            #expect(!web.client.rawReceived.contains(0xFF), "no telnet bytes")
        }
    }

    @Test func pingsAreAnsweredAndACloseIsEchoedThenTheConnectionCloses() async throws {
        try await TestServer.run { server in
            let web = try await WebSocketTestClient.open(server)
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            try await web.client.sendBytes(ClientFrame.ping(Array("beat".utf8)))
            try await web.client.waitForRaw([0x8A, 4] + Array("beat".utf8))
            try await web.client.sendBytes(ClientFrame.close(1000))
            try await web.client.expectClosed()
            let frames = WebSocketTestClient.frames(web.client.rawReceived[...].drop { $0 != 0x81 })
            #expect(frames.last?.opcode == 8)
            #expect(frames.last?.payload == [0x03, 0xE8])
        }
    }

    @Test func aBinaryMessageClosesWith1003AndPasswordsHideTheEcho() async throws {
        try await TestServer.run { server in
            _ = try await server.createAccount("Bob", password: "sunflower")
            let web = try await WebSocketTestClient.open(server)
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            try await web.send("Bob")
            try await web.next("echo off") { $0 == #"{"t":"echo","d":false}"# }
            try await web.send("sunflower")
            try await web.next("echo on") { $0 == #"{"t":"echo","d":true}"# }
            try await web.client.sendBytes(ClientFrame.binary([1, 2, 3]))
            try await web.client.expectClosed()
            let frames = WebSocketTestClient.frames(web.client.rawReceived[...].drop { $0 != 0x81 })
            #expect(frames.last?.opcode == 8)
            #expect(frames.last?.payload == [0x03, 0xEB])
        }
    }
}
