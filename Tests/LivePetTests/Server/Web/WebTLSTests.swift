import COpenSSL
import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession

/// `https://` and `wss://` on the telnet port: TLS first, then the sniffer recognises HTTP
/// inside it (`.sniffInsideTLS`), so a browser gets the page and the WebSocket over TLS.
@Suite struct WebTLSTests {
    @Test func thePageAndAWebSocketSessionOverTLS() async throws {
        try await withTemporaryDirectory { folder in
            let context = try TLSContext.selfSigned(certificatePath: folder + "/web.crt", keyPath: folder + "/web.key")
            try await TestServer.run(configure: { $0.limits.tls = context }) { server in
                // https://: the page, gzip-compressed as asked.
                let page = try TLSSocketClient(port: server.port, trusting: context.certificatePath)
                try page.handshake()
                page.sendBytes(Array("GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n".utf8))
                let head = String(decoding: try page.readBytes(through: Array("\r\n\r\n".utf8)), as: UTF8.self)
                #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"), "got \(head.debugDescription)")
                #expect(head.contains("Content-Encoding: gzip\r\n"))
                let length = try #require(head.split(separator: "\r\n").first { $0.hasPrefix("Content-Length: ") }
                    .flatMap { Int($0.dropFirst("Content-Length: ".count)) })
                _ = try page.readToEnd()
                #expect(page.tls.sawCloseNotify, "closed with close_notify after Connection: close")
                #expect(length > 0)

                // wss://: the handshake, then the same session as telnet.
                let web = try TLSSocketClient(port: server.port, trusting: context.certificatePath)
                try web.handshake()
                web.sendBytes(Array(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nOrigin: https://127.0.0.1:\(server.port)\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").utf8))
                let upgrade = String(decoding: try web.readBytes(through: Array("\r\n\r\n".utf8)), as: UTF8.self)
                #expect(upgrade.hasPrefix("HTTP/1.1 101 "), "got \(upgrade.debugDescription)")
                try web.readUntil(#"{"t":"prompt","d":"What is your name? (or \"guest\") "}"#)
                web.sendBytes(ClientFrame.text("guest"))
                try web.readUntil(#""p":"Char.Name""#)
                let name = String(try web.readUntil(#"",""#).split(separator: "\"").last { $0.hasPrefix("Guest-") } ?? "")
                #expect(name.hasPrefix("Guest-"))

                // Both flags: TLS and web, in `who` and in the metrics. (From another address: a
                // silent connection from one that just loaded the page waits for a request.)
                var elsewhere = TestClient.Options.raw
                elsewhere.source = "127.0.0.2"
                let alice = try await server.player("Alice", mode: elsewhere)
                let rows = try await alice.who().split(separator: "\n")
                #expect(rows.contains { $0.hasPrefix(name) && $0.hasSuffix("guest, tls, web") }, "\(rows)")
                let entry = try #require(await server.services.presence.entries().first { $0.name == name })
                #expect(entry.connection.isTLS && entry.connection.isWebSocket)
                #expect(server.server.metrics.net.connectionsByProtocol().contains { $0.label == "web+tls" && $0.count == 1 })

                try await alice.send("say hello over wss")
                try web.readUntil("Alice says, \\\"hello over wss\\\"")
                web.sendBytes(ClientFrame.close(1000))
                _ = try web.readToEnd()
                #expect(web.tls.failure == nil)
            }
        }
    }

    @Test func aTelnetClientInsideTLSStillGetsTelnet() async throws {
        try await withTemporaryDirectory { folder in
            let context = try TLSContext.selfSigned(certificatePath: folder + "/t.crt", keyPath: folder + "/t.key")
            try await TestServer.run(configure: { $0.limits.tls = context }) { server in
                let secure = try TLSSocketClient(port: server.port, trusting: context.certificatePath)
                try secure.handshake()
                try secure.readUntil(TestClient.namePrompt)
                #expect(server.server.metrics.net.connectionsByProtocol().contains { $0.label == "telnet+tls" && $0.count == 1 })
            }
        }
    }
}
