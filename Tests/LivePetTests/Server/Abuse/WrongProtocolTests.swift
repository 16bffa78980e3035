import Testing
@testable import LivePetNet

/// curl or a TLS client on the telnet port gets an answer in its own protocol (HTTP is served: `WebEndpointTests`).
@Suite struct WrongProtocolTests {
    @Test func anHTTPRequestGetsAnHTTPAnswer() async throws {
        try await Abuse.run { server in
            // The server serves the web client on the port (issue 18; WebEndpointTests): an
            // unknown path is a 404, in HTTP, without a telnet byte.
            let web = try await TestClient.connect(port: server.port, .hostile(sending: Array("GET /status HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/8.0\r\nConnection: close\r\n\r\n".utf8)))
            let (bytes, closed) = await web.read(timeout: .seconds(5))
            #expect(closed)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 404 Not Found\r\n"), "got \(text.debugDescription)")
            #expect(text.hasSuffix("\r\n\r\n404 Not Found: no such page\n"))
            #expect(!bytes.contains(0xFF), "no telnet bytes before the answer")
            #expect(!text.contains("Welcome to the LivePet test server"))
        }
    }

    @Test func aTLSClientHelloGetsOneLine() async throws {
        try await Abuse.run { server in
            // A TLS 1.2 record header and the start of a ClientHello.
            let hello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0xC8, 0x01, 0x00, 0x00, 0xC4, 0x03, 0x03] + [UInt8](repeating: 0x42, count: 32)
            let tls = try await TestClient.connect(port: server.port, .hostile(sending: hello))
            let (bytes, closed) = await tls.read(timeout: .seconds(5))
            #expect(closed)
            #expect(String(decoding: bytes, as: UTF8.self) == ProtocolSniffer.tlsResponse)
        }
    }

    @Test func aLateHTTPRequestLineIsStillAnswered() async throws {
        try await Abuse.run { server in
            let web = try await TestClient.connect(port: server.port, .hostile())
            _ = await web.read(until: TestClient.namePrompt)
            await web.write("GET /status HTTP/1.1\r\n")
            let (text, closed) = await web.readText(timeout: .seconds(5))
            #expect(closed)
            #expect(text.contains("HTTP/1.0 400 Bad Request\r\n"))
            #expect(text.contains(ProtocolSniffer.explanation))
        }
    }

    @Test func aClientThatLogsInBeforeThePromptIsATelnetClient() async throws {
        try await Abuse.run { server in
            try await server.createAccount("Alice", password: "sunflower")
            let client = try await server.connect()
            // Auto-login scripts often send at once, before anything arrives.
            try await client.send("connect Alice sunflower")
            try await client.readUntil("Welcome back, Alice!")
            try await client.readUntil("> ")
            try await client.command("who", until: "1 player online.\n")
        }
    }
}
