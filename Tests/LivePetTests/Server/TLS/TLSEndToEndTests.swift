import COpenSSL
import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession

/// TLS on the telnet port, through the real loops and sockets: a TLS client logs in and talks
/// with a clear-text one in the same room; the server's goodbye ends with close_notify.
@Suite struct TLSEndToEndTests {
    @Test func aTLSPlayerAndAClearTextPlayerTalkInOneRoom() async throws {
        try await withTemporaryDirectory { folder in
            let context = try TLSContext.selfSigned(certificatePath: folder + "/e2e.crt", keyPath: folder + "/e2e.key")
            try await TestServer.run(configure: { $0.limits.tls = context }) { server in
                for version in [Int32(0), TLS1_2_VERSION] {
                    let secure = try TLSSocketClient(port: server.port, trusting: context.certificatePath, maxVersion: version)
                    try secure.handshake()
                    #expect(secure.tls.peerFingerprint == context.fingerprint)
                    try secure.readUntil(TestClient.namePrompt)
                    secure.send("guest")
                    try secure.readUntil("Welcome, ")
                    let secureName = try secure.readUntil("!").dropLast()
                    try secure.readUntil(TestClient.promptEnd)

                    let plain = try await TestClient.connect(port: server.port)
                    let plainName = try await plain.loginGuest()

                    // Clear text to TLS: a broadcast, which must not take the direct write.
                    try await plain.send("say hello from the clear")
                    try secure.readUntil("\(plainName) says, \"hello from the clear\"")
                    // TLS to clear text.
                    secure.send("say hello from the tunnel")
                    try await plain.readUntil("\(secureName) says, \"hello from the tunnel\"")

                    secure.send("quit")
                    _ = try secure.readToEnd()
                    #expect(secure.tls.sawCloseNotify)
                    #expect(secure.tls.failure == nil)
                    plain.close()
                }
            }
        }
    }
}
