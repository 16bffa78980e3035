import Foundation
import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetStore

/// `X-Forwarded-For` end to end: honoured only from `--trusted-proxies` (here 127.0.0.1; an
/// untrusted peer connects from 127.0.0.2), and the forwarded address is what bans,
/// per-address limits and `users` see.
@Suite struct ForwardedForTests {
    static func run(_ configure: @escaping (inout ServerConfig) -> Void = { _ in },
                    _ body: (TestServer) async throws -> Void) async throws {
        try await TestServer.run(configure: {
            $0.limits.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1, ::1")
            configure(&$0)
        }, body)
    }

    /// A `/ws` handshake from `source` with an `X-Forwarded-For`; the client and the response head.
    static func handshake(_ server: TestServer, from source: String = "127.0.0.1",
                          forwardedFor: String?) async throws -> (client: TestClient, head: String) {
        var options = TestClient.Options.raw
        options.source = source
        let client = try await server.connect(options)
        let forwarded = forwardedFor.map { "X-Forwarded-For: \($0)\r\n" } ?? ""
        try await client.sendBytes(Array(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nOrigin: http://127.0.0.1:\(server.port)\r\n"
            + forwarded + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n").utf8))
        let end = try await client.waitForRaw(Array("\r\n\r\n".utf8)) + 4
        return (client, String(decoding: client.rawReceived[..<end], as: UTF8.self))
    }

    /// Logs the upgraded client in as a guest and returns the address its session has.
    static func guestAddress(_ server: TestServer, _ client: TestClient) async throws -> String {
        try await client.sendBytes(ClientFrame.text("guest"))
        let at = try await client.waitForRaw(Array("Char.Name".utf8))
        let start = try await client.waitForRaw(Array(#""name":""#.utf8), from: at) + 8
        let end = try await client.waitForRaw(Array(#"""#.utf8), from: start)
        let name = String(decoding: client.rawReceived[start..<end], as: UTF8.self)
        let entry = await server.services.presence.entries().first { $0.name == name }
        return try #require(entry, "\(name) is online").connection.peerAddress
    }

    @Test func aTrustedProxysClientIsTheRightMostUntrustedForwardedAddress() async throws {
        try await Self.run { server in
            // The left-most entry is what the client itself wrote: not believed.
            let (web, head) = try await Self.handshake(server, forwardedFor: "198.51.100.7, 203.0.113.9, 127.0.0.1")
            #expect(head.hasPrefix("HTTP/1.1 101 "), "got \(head.debugDescription)")
            #expect(try await Self.guestAddress(server, web) == "203.0.113.9")
            // `users` reads the same address (AdminCommands: entry.connection.peerAddress).
            let entry = try #require(await server.services.presence.entries().first)
            #expect(entry.connection.peerAddress == "203.0.113.9")
            #expect(entry.connection.socketAddress == "127.0.0.1")
        }
    }

    /// The proxy's own address skips per-address limits, so an upgrade through it that does
    /// not name its client (a TCP forwarder, a Docker gateway) is refused, not let in unlimited.
    @Test func aTrustedProxysUpgradeWithoutAUsableForwardedForIs400() async throws {
        try await Self.run { server in
            for forwarded in [nil, "", "unknown", "not-an-address, also-not"] as [String?] {
                let (client, head) = try await Self.handshake(server, forwardedFor: forwarded)
                #expect(head.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(forwarded.debugDescription): got \(head.debugDescription)")
                let body = try await client.expectClosed()
                #expect(body.contains("a request through a trusted proxy needs X-Forwarded-For"), "got \(body.debugDescription)")
                #expect(!client.rawReceived.contains(0x81), "no WebSocket frame")
            }
            #expect(await server.services.presence.count == 0)
            // A usable header still upgrades; an untrusted peer without one is itself the client.
            let (web, head) = try await Self.handshake(server, forwardedFor: "203.0.113.9")
            #expect(head.hasPrefix("HTTP/1.1 101 "))
            #expect(try await Self.guestAddress(server, web) == "203.0.113.9")
            let (direct, directHead) = try await Self.handshake(server, from: "127.0.0.2", forwardedFor: nil)
            #expect(directHead.hasPrefix("HTTP/1.1 101 "))
            #expect(try await Self.guestAddress(server, direct) == "127.0.0.2")
        }
    }

    @Test func anUntrustedPeersForwardedForIsIgnored() async throws {
        try await Self.run { server in
            let (web, head) = try await Self.handshake(server, from: "127.0.0.2", forwardedFor: "203.0.113.9")
            #expect(head.hasPrefix("HTTP/1.1 101 "))
            #expect(try await Self.guestAddress(server, web) == "127.0.0.2")
        }
        // Without --trusted-proxies, not even loopback is believed.
        try await TestServer.run { server in
            let (web, _) = try await Self.handshake(server, forwardedFor: "203.0.113.9")
            #expect(try await Self.guestAddress(server, web) == "127.0.0.1")
        }
    }

    @Test func bansApplyToTheForwardedAddressAndAForgedHeaderEscapesNone() async throws {
        try await Self.run { server in
            try await server.waitUntil("bans loaded") { server.services.bans.isLoaded }
            server.services.bans.add(BanRecord(kind: .address, target: "203.0.113.9", createdAt: 0, expiresAt: nil, admin: "root"))
            server.services.bans.add(BanRecord(kind: .address, target: "127.0.0.2", createdAt: 0, expiresAt: nil, admin: "root"))
            let (banned, head) = try await Self.handshake(server, forwardedFor: "203.0.113.9")
            #expect(head.hasPrefix("HTTP/1.1 403 Forbidden\r\n"), "got \(head.debugDescription)")
            let body = try await banned.expectClosed()
            #expect((head + body).contains("Connections from your address are banned from LivePet"))
            // Through the same proxy, another client is let in.
            let (other, otherHead) = try await Self.handshake(server, forwardedFor: "203.0.113.10")
            #expect(otherHead.hasPrefix("HTTP/1.1 101 "))
            #expect(try await Self.guestAddress(server, other) == "203.0.113.10")
            // A banned peer that is not a proxy cannot name another address to get in.
            var options = TestClient.Options.raw
            options.source = "127.0.0.2"
            let forged = try await server.connect(options)
            try await forged.sendBytes(Array("GET /ws HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 198.51.100.1\r\n\r\n".utf8))
            let refusal = try await forged.expectClosed()
            #expect(refusal.contains("banned"), "got \(refusal.debugDescription)")
        }
    }

    @Test func perAddressLimitsCountTheForwardedAddressNotTheProxy() async throws {
        try await Self.run({
            $0.abuse.maxConnectionsPerAddress = 1
            $0.abuse.connectsPerAddress = 0
        }) { server in
            let (first, firstHead) = try await Self.handshake(server, forwardedFor: "203.0.113.9")
            #expect(firstHead.hasPrefix("HTTP/1.1 101 "))
            let (second, secondHead) = try await Self.handshake(server, forwardedFor: "203.0.113.9")
            #expect(secondHead.hasPrefix("HTTP/1.1 403 Forbidden\r\n"), "got \(secondHead.debugDescription)")
            #expect((secondHead + (try await second.expectClosed())).contains("Too many connections from your address"))
            // The proxy's own address carries both other clients although the limit is 1.
            let (third, thirdHead) = try await Self.handshake(server, forwardedFor: "203.0.113.10")
            #expect(thirdHead.hasPrefix("HTTP/1.1 101 "))
            #expect(server.services.gate.openConnections(from: "203.0.113.9") == 1)
            #expect(server.services.gate.openConnections(from: "127.0.0.1") == 0)
            // When the first one leaves, its address is free again.
            first.close()
            third.close()
            try await server.waitUntil("the forwarded counts are released") {
                server.services.gate.openConnections(from: "203.0.113.9") == 0
                    && server.services.gate.openConnections(from: "203.0.113.10") == 0
            }
            let (again, againHead) = try await Self.handshake(server, forwardedFor: "203.0.113.9")
            #expect(againHead.hasPrefix("HTTP/1.1 101 "))
            again.close()
        }
    }
}
