import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetSupport

/// A browser opens a spare connection as it navigates and may leave it silent past the sniff
/// window before it sends a request on it (Chromium's preconnect). Such a connection, from an
/// address that just made an HTTP request, waits for its request instead of getting telnet;
/// telnet clients elsewhere see no change, and one at the same address waits at most the
/// grace. Real sockets, the server on a manual clock with a 100 ms sniff window.
@Suite struct WebSpareConnectionTests {
    static func configure(_ clock: ManualClock) -> (inout ServerConfig) -> Void {
        { config in
            TestServer.useManualClock(clock, &config)
            // Its timer sleeps on the manual clock: it ends when the test moves it.
            config.limits.protocolSniffWindow = .milliseconds(100)
        }
    }

    static func request(_ path: String) -> [UInt8] {
        Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    }

    /// The page, fetched on a connection of its own from 127.0.0.1: the address is browsing.
    static func loadPage(_ server: TestServer) async throws {
        let page = try await server.connect()
        try await page.sendBytes(request("/"))
        try await page.expectClosed()
        #expect(String(decoding: page.rawReceived.prefix(17), as: UTF8.self) == "HTTP/1.1 200 OK\r\n")
    }

    /// Moves the clock and waits until the timers it reached have run on the loops.
    static func advance(_ clock: ManualClock, by duration: Duration, _ server: TestServer) async throws {
        clock.advance(by: duration)
        try await server.waitForSleepers(TestServer.housekeepingSleepers, on: clock, "the sniff timers woke")
        try await server.waitForHousekeeping()
    }

    @Test func aSilentSpareConnectionPastTheWindowGetsTheAssetAndNoTelnet() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: Self.configure(clock)) { server in
            try await Self.loadPage(server)
            let spare = try await server.connect()
            // The page's sniff timer (still asleep), the spare's and housekeeping.
            try await server.waitForSleepers(3, on: clock, "the spare connection's sniff timer")
            try await Self.advance(clock, by: .milliseconds(100), server)
            #expect(spare.rawReceived.isEmpty, "nothing at the window: \(spare.rawReceived.prefix(40))")
            try await Self.advance(clock, by: .seconds(5), server)
            #expect(spare.rawReceived.isEmpty, "nothing 5 s on")

            try await spare.sendBytes(Self.request("/app.js"))
            try await spare.expectClosed()
            let raw = String(decoding: spare.rawReceived, as: UTF8.self)
            #expect(raw.hasPrefix("HTTP/1.1 200 OK\r\n"), "got \(raw.prefix(200).debugDescription)")
            #expect(raw.contains("Content-Type: \(WebAssets.all[1].contentType)\r\n"))
            #expect(raw.hasSuffix("\r\n\r\n" + WebAssets.js))
            #expect(!spare.rawReceived.contains(0xFF), "no telnet bytes")
        }
    }

    @Test func otherAddressesGetTelnetAtTheWindowAndTheSameAddressAtTheGrace() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: Self.configure(clock)) { server in
            try await Self.loadPage(server)
            var elsewhere = TestClient.Options.raw
            elsewhere.source = "127.0.0.2"
            let other = try await server.connect(elsewhere)
            let nc = try await server.connect(.raw)
            try await server.waitForSleepers(4, on: clock, "both connections' sniff timers")
            try await Self.advance(clock, by: .milliseconds(100), server)
            // Another address: the offer and the greeting at the window, as always.
            try await other.readUntil(TestClient.namePrompt)
            #expect(other.rawReceived.starts(with: [TestClient.iac, TestClient.doVerb, TestClient.ttype]))
            // The browsing address: nothing until the grace, 10 s from the connection.
            #expect(nc.rawReceived.isEmpty)
            try await Self.advance(clock, by: .nanoseconds(9_900_000_000 - 1), server)
            #expect(nc.rawReceived.isEmpty, "still waiting just before the grace ends")
            try await Self.advance(clock, by: .nanoseconds(1), server)
            try await nc.readUntil(TestClient.namePrompt)
            #expect(try await nc.enterAsGuest().hasPrefix("Guest-"))
        }
    }

    @Test func aTypedLineEndsTheWaitAtOnce() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: Self.configure(clock)) { server in
            try await Self.loadPage(server)
            let typist = try await server.connect(.raw)
            try await server.waitForSleepers(3, on: clock, "the sniff timer")
            try await Self.advance(clock, by: .milliseconds(100), server)
            #expect(typist.rawReceived.isEmpty)
            try await typist.send("")
            try await typist.readUntil(TestClient.namePrompt)
        }
    }

    @Test func aSpareConnectionTheBrowserClosesUnusedIsNotGreeted() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: Self.configure(clock)) { server in
            try await Self.loadPage(server)
            let spare = try await server.connect()
            try await server.waitForSleepers(3, on: clock, "the sniff timer")
            try await Self.advance(clock, by: .milliseconds(100), server)
            // Chromium closes an unused spare after 10 s: a FIN, nothing sent.
            try await spare.sendAndFinish([])
            try await spare.expectClosed()
            #expect(spare.rawReceived.isEmpty, "no offer or greeting: \(spare.rawReceived.prefix(40))")
        }
    }

    @Test func aSilentSpareConnectionInsideTLSGetsTheAssetAndNoTelnet() async throws {
        try await withTemporaryDirectory { folder in
            let context = try TLSContext.selfSigned(certificatePath: folder + "/s.crt", keyPath: folder + "/s.key")
            let clock = ManualClock()
            try await TestServer.run(configure: { config in
                Self.configure(clock)(&config)
                config.limits.tls = context
            }) { server in
                let page = try TLSSocketClient(port: server.port, trusting: context.certificatePath)
                try page.handshake()
                page.sendBytes(Self.request("/"))
                #expect(try page.readToEnd().hasPrefix("HTTP/1.1 200 OK\r\n"))

                let spare = try TLSSocketClient(port: server.port, trusting: context.certificatePath)
                try spare.handshake()
                // Each connection's outer and inner sniff timers, and housekeeping.
                try await server.waitForSleepers(5, on: clock, "the spare's sniff timer inside TLS")
                try await Self.advance(clock, by: .milliseconds(100), server)
                try await Self.advance(clock, by: .seconds(5), server)
                spare.sendBytes(Self.request("/app.js"))
                let head = String(decoding: try spare.readBytes(through: Array("\r\n\r\n".utf8)), as: UTF8.self)
                #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"), "nothing before the response: \(head.prefix(120).debugDescription)")
                #expect(try spare.readToEnd() == WebAssets.js)
            }
        }
    }
}
