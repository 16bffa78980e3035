import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession

/// MCCP2 through the real loops and sockets: a compressing client logs in and chats with a
/// plain one, stops compression with DONT, and a goodbye ends the stream cleanly; over TLS too.
@Suite struct MCCPEndToEndTests {
    private static var compressing: TestClient.Options {
        var options = TestClient.Options.telnet
        options.acceptsMCCP = true
        return options
    }

    @Test func aCompressingPlayerChatsStopsCompressingAndQuitsCleanly() async throws {
        try await TestServer.run { server in
            let squeezed = try await server.connect(Self.compressing)
            let squeezedName = try await squeezed.loginGuest()
            let plain = try await server.connect(.telnet)
            let plainName = try await plain.loginGuest()
            #expect(squeezed.state.read { $0.compressionsStarted } == 1)
            #expect(plain.state.read { $0.compressionsStarted } == 0)

            // A broadcast to a compressing connection takes the loop's path, never the direct write.
            try await plain.send("say \(String(repeating: "purr ", count: 40))")
            try await squeezed.readUntil("says, \"purr purr")
            try await squeezed.send("say hello from the stream")
            try await plain.readUntil("\(squeezedName)\u{1B}[0m says, \"hello from the stream\"")
            try await squeezed.readUntil("You say, \"hello from the stream\"")
            let (wire, telnet) = squeezed.state.read { ($0.wireBytes, $0.raw.count) }
            #expect(wire < telnet * 3 / 4, "compressed: \(wire) bytes on the wire for \(telnet)")
            #expect(squeezed.state.read { $0.compressionError } == nil)

            // DONT: the stream ends (Z_FINISH) and plain telnet follows.
            try await squeezed.refuseCompression()
            try await squeezed.waitUntil("the end of the stream") { $0.compressionsEnded == 1 }
            try await plain.send("say after the stream")
            try await squeezed.readUntil("\(plainName)\u{1B}[0m says, \"after the stream\"")
            #expect(!squeezed.state.read { $0.compressing })

            // Compression again, then quit: the goodbye is compressed and the stream finished.
            let again = try await server.connect(Self.compressing)
            _ = try await again.loginGuest()
            try await again.send("quit")
            try await again.expectClosed()
            #expect(again.state.read { $0.compressionsStarted } == 1)
            #expect(again.state.read { $0.compressionsEnded } == 1, "the goodbye ends the stream cleanly")
            #expect(again.state.read { $0.compressionError } == nil)
            squeezed.close()
            plain.close()
        }
    }

    @Test func aCompressingPlayerOverTLSTalksWithAClearTextOne() async throws {
        try await withTemporaryDirectory { folder in
            let context = try TLSContext.selfSigned(certificatePath: folder + "/mccp.crt", keyPath: folder + "/mccp.key")
            try await TestServer.run(configure: { $0.limits.tls = context }) { server in
                let secure = try TLSSocketClient(port: server.port, trusting: context.certificatePath, compression: true)
                try secure.handshake()
                try secure.readUntil(TestClient.namePrompt)
                secure.send("guest")
                try secure.readUntil("Welcome, ")
                #expect(secure.compressedStreams == 1, "DO MCCP2 went first, so the welcome is compressed")
                let secureName = try secure.readUntil("!").dropLast()
                try secure.readUntil(TestClient.promptEnd)

                let plain = try await server.connect(.telnet)
                let plainName = try await plain.loginGuest()
                try await plain.send("say hello through zlib and TLS")
                try secure.readUntil("\(plainName) says, \"hello through zlib and TLS\"")
                secure.send("say hello back")
                try await plain.readUntil("\(secureName)\u{1B}[0m says, \"hello back\"")

                secure.send("quit")
                _ = try secure.readToEnd()
                #expect(secure.compressedStreamEnded, "Z_FINISH before close_notify")
                #expect(secure.tls.sawCloseNotify)
                plain.close()
            }
        }
    }
}
