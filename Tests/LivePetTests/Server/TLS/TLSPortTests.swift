import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetSupport

/// `--tls-port`: a second listener that speaks TLS only; who is on TLS in `who` and `users`;
/// MSSP's TLS port; `livepet check --tls`; the handshake counted in the login timeout.
@Suite struct TLSPortTests {
    private static func withContext(_ body: (TLSContext) async throws -> Void) async throws {
        try await withTemporaryDirectory { folder in
            try await body(try TLSContext.selfSigned(certificatePath: folder + "/port.crt", keyPath: folder + "/port.key"))
        }
    }

    /// A server with TLS on its telnet port and a TLS-only port, configured further by `configure`.
    private static func withTLSPortServer(_ configure: @escaping (inout ServerConfig) -> Void = { _ in },
                                          _ body: (TestServer, TLSContext) async throws -> Void) async throws {
        try await withContext { context in
            try await TestServer.run(configure: {
                $0.limits.tls = context
                $0.tlsPort = 0
                configure(&$0)
            }) { server in try await body(server, context) }
        }
    }

    @Test func aPlayerOnTheTLSPortChatsWithAClearTextOneAndShowsAsTLSInWhoAndUsers() async throws {
        try await Self.withTLSPortServer({
            $0.admins = ["root"]
        }) { server, context in
            let tlsPort = server.server.tlsPort
            #expect(tlsPort != 0 && tlsPort != server.port)
            try await server.createAccount("Root", password: "Root-password")
            let secure = try TLSSocketClient(port: tlsPort, trusting: context.certificatePath)
            try secure.handshake()
            #expect(secure.tls.peerFingerprint == context.fingerprint)
            try secure.readUntil(TestClient.namePrompt)
            secure.send("connect Root Root-password")
            try secure.readUntil(TestClient.promptEnd)

            let plain = try await server.connect(.telnet)
            let plainName = try await plain.loginGuest()
            secure.send("say hello over TLS")
            try await plain.readUntil("Root\u{1B}[0m says, \"hello over TLS\"")  // names in colour for a telnet client
            try await plain.send("say hello in the clear")
            try secure.readUntil("\(plainName) says, \"hello in the clear\"")

            let who = try await plain.command("who", until: "2 players online.\n").split { $0 == "\n" || $0 == "\r\n" }
            let rootRow = try #require(who.first { $0.hasPrefix("Root ") })
            #expect(rootRow.hasSuffix("  tls"), "\(rootRow)")
            let guestRow = try #require(who.first { $0.hasPrefix(plainName + " ") })
            #expect(guestRow.hasSuffix("  guest"), "\(guestRow)")

            secure.send("users")
            // Root's client never answers telnet: its lines end in CR LF, its mode is not known yet.
            let users = try secure.readUntil("open in all (logins included).").split { $0 == "\n" || $0 == "\r\n" }
            let rootUser = try #require(users.first { $0.hasPrefix("Root ") })
            #expect(rootUser.contains("+tls"), "\(rootUser)")
            let guestUser = try #require(users.first { $0.hasPrefix(plainName + " ") })
            #expect(guestUser.contains(" telnet ") && !guestUser.contains("+tls"), "\(guestUser)")
        }
    }

    @Test func plainBytesOnTheTLSPortGetAPlainTextExplanation() async throws {
        try await Self.withTLSPortServer { server, context in
            let telnet = try await TestClient.connect(port: server.server.tlsPort, .hostile(sending: Array("guest\r\n".utf8)))
            let (bytes, closed) = await telnet.read(timeout: .seconds(5))
            #expect(closed)
            #expect(String(decoding: bytes, as: UTF8.self) == ProtocolSniffer.tlsOnlyResponse)
            // The telnet port is unchanged.
            let plain = try await server.connect()
            _ = try await plain.loginGuest()
        }
    }

    @Test func msspNamesThePortThatTakesTLS() async throws {
        try await Self.withContext { context in
            try await TestServer.run { server in
                let table = await MSSPStatus.variables(server.services)
                #expect(!table.contains { $0.0 == "TLS" || $0.0 == "SSL" }, "no TLS, no TLS port")
            }
            try await TestServer.run(configure: { $0.limits.tls = context }) { server in
                let table = Dictionary(await MSSPStatus.variables(server.services)) { first, _ in first }
                #expect(table["TLS"] == "\(server.port)", "the telnet port takes TLS")
                #expect(table["SSL"] == "\(server.port)")
            }
            try await TestServer.run(configure: {
                $0.limits.tls = context
                $0.tlsPort = 0
            }) { server in
                let client = try await server.connect()
                try await client.readUntil(TestClient.namePrompt)
                try await client.send("MSSP-REQUEST")
                let text = try await client.expectClosed()
                #expect(text.contains("\nTLS\t\(server.server.tlsPort)\n"), "\(text)")
                #expect(text.contains("\nSSL\t\(server.server.tlsPort)\n"))
            }
        }
    }

    @Test func checkWithTLSAcceptsTheSelfSignedCertificateAndReportsItsFingerprint() async throws {
        try await Self.withTLSPortServer { server, context in
            let secure = HealthCheck.Secure(version: "TLSv1.3", fingerprint: context.fingerprint)
            for port in [server.server.tlsPort, server.port] {
                #expect(HealthCheck.probe(host: "127.0.0.1", port: port, tls: true, timeout: .seconds(5)) == .success("0", secure))
            }
            #expect(HealthCheck.probe(host: "127.0.0.1", port: server.port, timeout: .seconds(5)) == .success("0", nil))
            // The clear-text check on the TLS port is refused, not answered.
            guard case .failure = HealthCheck.probe(host: "127.0.0.1", port: server.server.tlsPort, timeout: .seconds(5)) else {
                Issue.record("a clear-text check passed on the TLS port")
                return
            }
        }
        let options = try Options.parse(["check", "--tls", "--port", "4100"], environment: ["LIVEPET_TLS_PORT": "4443"])
        #expect(options.command == .check && options.checkTLS && options.config.tlsPort == 4443)
        #expect(try Options.parse(["--tls-port", "4443"], environment: [:]).config.tlsPort == 4443)
        #expect(try Options.parse([], environment: [:]).config.tlsPort == nil)
        #expect(throws: ConfigError.self) { try Options.parse(["--port", "4000", "--tls-port", "4000"], environment: [:]) }
        #expect(throws: ConfigError.self) { try Options.parse(["serve", "--tls"], environment: [:]) }
    }

    /// The handshake's deadline is part of the login timeout: both count from the connection.
    @Test func theTLSHandshakeCountsInTheLoginTimeout() async throws {
        let clock = ManualClock()
        try await Self.withContext { context in
            try await TestServer.run(configure: {
                TestServer.useManualClock(clock, &$0)
                $0.limits.tls = context
                $0.tlsPort = 0
                $0.loginTimeout = .seconds(5)
            }) { server in
                // Silent on the TLS port: gone at the login timeout, not the 10 s handshake timeout.
                let silent = try await TestClient.connect(port: server.server.tlsPort, .raw)
                try await server.waitUntil("the silent client is accepted") { await server.server.connectionCount() == 1 }
                clock.advance(by: .seconds(5))
                try await server.waitForHousekeeping()
                #expect(!silent.isClosedByServer, "a moment before the deadline")
                clock.advance(by: .milliseconds(1))
                _ = try await silent.expectClosed()
                try await server.waitUntil("the silent client is gone") { await server.server.connectionCount() == 0 }

                // A handshake that starts 3 s in leaves 2 s to log in.
                let secure = try TLSSocketClient(port: server.server.tlsPort, trusting: context.certificatePath)
                try await server.waitUntil("the TLS client is accepted") { await server.server.connectionCount() == 1 }
                clock.advance(by: .seconds(3))
                try secure.handshake()
                try secure.readUntil(TestClient.namePrompt)
                clock.advance(by: .seconds(2) - .milliseconds(1))
                try await server.waitForHousekeeping()
                secure.send("")
                try secure.readUntil(TestClient.namePrompt)
                clock.advance(by: .milliseconds(1))
                let last = try secure.readToEnd()
                #expect(last.contains("You took too long to log in. Goodbye."), "\(last)")
            }
        }
    }
}
