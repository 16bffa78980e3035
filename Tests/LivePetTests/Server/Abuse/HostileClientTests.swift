import Foundation
import Synchronization
import Testing
@testable import LivePetSession
@testable import LivePetSupport

/// Hostile clients against a server with its production limits. Every test keeps a
/// well-behaved client (on 127.0.0.1) asking `who` while the attack (from another loopback
/// address) runs: each answer must come promptly, and memory must stay bounded.
@Suite(.serialized) struct TestClientTests {
    /// An attacker logged in as a guest, after its first prompt, and its name.
    static func guest(_ server: TestServer, from source: String = "127.0.0.2") async throws -> (TestClient, String) {
        let attacker = try await TestClient.connect(port: server.port, .hostile(from: source))
        _ = await attacker.read(until: TestClient.namePrompt)
        await attacker.write("guest\r\n")
        let (text, _) = await attacker.readText(until: "] > ")
        let welcome = try #require(text.range(of: "Welcome, "), "the attacker could not log in: \(text.debugDescription)")
        let name = text[welcome.upperBound...].prefix { $0 != "!" }
        return (attacker, String(name))
    }

    /// On the manual clock: the trickle does not put the login deadline off; when the clock
    /// reaches it, every slow connection is hung up on.
    @Test func slowlorisIsCutOffByTheLoginTimeout() async throws {
        let clock = ManualClock()
        try await Abuse.run({ TestServer.useManualClock(clock, &$0) }) { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            var connected: [TestClient] = []
            for _ in 0..<4 { connected.append(try await TestClient.connect(port: server.port, .hostile())) }
            let attackers = connected
            try await Abuse.whileAttacking(bystander) {
                // One byte every 20 ms, never a whole line: each connection must be hung up on
                // by the login timeout, not wait forever.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for attacker in attackers {
                        group.addTask {
                            let slow = Array("connect alice sunflower-and-more-and-more".utf8)
                            _ = await attacker.trickle(slow, pause: .milliseconds(20))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            clock.advance(by: server.config.loginTimeout)
            for attacker in attackers {
                let (text, closed) = await attacker.readText(timeout: .seconds(5))
                #expect(closed)
                #expect(text.contains("You took too long to log in. Goodbye."))
            }
            try await server.waitUntil("the attackers' connections are released") {
                server.services.gate.openConnections(from: "127.0.0.2") == 0
            }
            Abuse.expectBoundedMemory(since: memory, "slowloris")
        }
    }

    /// On the manual clock: the burst at once, then exactly the rate's share of a second, and a
    /// notice of the lines dropped past the queue.
    @Test func commandFloodIsDelayedThenDroppedWithANotice() async throws {
        let clock = ManualClock()
        try await Abuse.run({ TestServer.useManualClock(clock, &$0) }) { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let (attacker, _) = try await Self.guest(server)
            try await server.waitForSleepers(TestServer.housekeepingSleepers, on: clock, "the server is idle")
            let flood = String(repeating: "look\r\n", count: 2000)
            try await Abuse.whileAttacking(bystander) {
                for _ in 0..<5 { await attacker.write(flood) }
            }
            // The burst (less the line that logged the guest in) runs at once; the rest waits.
            let limits = server.config.abuse
            var text = ""
            for _ in 0..<(limits.commandBurst - 1) { text += await attacker.readText(until: "A sunny hall").text }
            try await server.waitForSleepers(TestServer.housekeepingSleepers + 1, on: clock, "the flood waits for the command rate")
            // A second later: that second's share of the queue, and the notice.
            clock.advance(by: .seconds(1))
            let perSecond = Int(limits.commandRate)
            for _ in 0..<perSecond { text += await attacker.readText(until: "A sunny hall").text }
            try await server.waitForSleepers(TestServer.housekeepingSleepers + 1, on: clock, "the queue waits for the command rate")
            #expect(text.contains("(Slow down: you sent commands faster than 10 a second for too long, so "))
            let answered = text.components(separatedBy: "A sunny hall").count - 1
            #expect(answered == limits.commandBurst - 1 + perSecond)
            attacker.close()
            Abuse.expectBoundedMemory(since: memory, "command flood")
        }
    }

    /// On the manual clock: ten messages in the window reach others, the rest are refused
    /// with the exact wait.
    @Test func chatFloodReachesOthersOnlyUpToTheCooldown() async throws {
        let clock = ManualClock()
        try await Abuse.run({ TestServer.useManualClock(clock, &$0) }) { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let (attacker, name) = try await Self.guest(server)
            let refusals = Mutex("")
            try await Abuse.whileAttacking(bystander) {
                await attacker.write(String(repeating: "say buy cheap treats\r\n", count: 15))
                // One answer and one prompt for each line.
                var text = ""
                for _ in 0..<15 { text += await attacker.readText(until: "] > ").text }
                refusals.withLock { [text] in $0 = text }
            }
            // A line said after the flood marks the end of what the bystander was shown.
            try await bystander.command("say done", until: "You say, \"done\"\n")
            let spam = bystander.rawReceived.occurrences(of: Array("\(name) says, \"buy cheap treats\"".utf8))
            #expect(spam == 10, "the bystander saw \(spam) spam lines")
            let answer = refusals.withLock { $0 }
            #expect(answer.components(separatedBy: "Slow down: you can send 10 messages every 10 seconds. Try again in 10 seconds.").count - 1 == 5)
            attacker.close()
            Abuse.expectBoundedMemory(since: memory, "chat flood")
        }
    }

    @Test func aOneMebibyteLineIsRefusedAndTheClientHungUpOn() async throws {
        try await Abuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let (attacker, _) = try await Self.guest(server)
            try await Abuse.whileAttacking(bystander) {
                _ = await attacker.write(Array(repeating: UInt8(ascii: "a"), count: 1 << 20) + [13, 10])
            }
            let (text, closed) = await attacker.readText(timeout: .seconds(5))
            #expect(closed)
            #expect(text.contains("That is more than 4096 bytes without an end of line. Goodbye."))
            Abuse.expectBoundedMemory(since: memory, "1 MiB line")
        }
    }

    @Test func binaryGarbageNeitherCrashesNorStallsTheServer() async throws {
        try await Abuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            var random = TelnetTestRandom(seed: 0x5EED_6A4B)
            let garbage = (0..<(256 << 10)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            try await Abuse.whileAttacking(bystander) {
                for offset in stride(from: 0, to: garbage.count, by: 64 << 10) {
                    let attacker = try await TestClient.connect(port: server.port, .hostile())
                    await attacker.write(Array(garbage[offset..<(offset + (64 << 10))]))
                    _ = await attacker.read(timeout: .milliseconds(300))
                    attacker.close()
                }
            }
            // The server still serves newcomers.
            let newcomer = try await server.connect()
            try await newcomer.loginGuest()
            try await newcomer.command("who", until: "2 players online.\n")
            Abuse.expectBoundedMemory(since: memory, "binary garbage")
        }
    }

    @Test func telnetSequencesSplitAtEveryByteStillDecode() async throws {
        try await Abuse.run { server in
            let bystander = try await Abuse.bystander(server)
            let (attacker, _) = try await Self.guest(server)
            // WILL TTYPE, a TTYPE answer, NAWS, then a say with IAC IAC (a data 0xFF) and an
            // IAC NOP inside it, all one byte per write.
            var bytes: [UInt8] = [255, 251, 24, 255, 250, 24, 0] + Array("XTERM".utf8) + [255, 240]
            bytes += [255, 250, 31, 0, 100, 0, 40, 255, 240]
            bytes += Array("say he".utf8) + [255, 255] + Array("l".utf8) + [255, 241] + Array("lo\r\n".utf8)
            let sequence = bytes
            try await Abuse.whileAttacking(bystander) {
                _ = await attacker.trickle(sequence, pause: .milliseconds(2))
            }
            let (text, _) = await attacker.readText(until: "llo\"")
            #expect(text.contains("You say, \"he\u{FFFD}llo\""))
            try await bystander.readUntil(" says, \"he\u{FFFD}llo\"\n")
            attacker.close()
        }
    }

    @Test func anUnterminatedSubnegotiationIsBoundedAndResyncs() async throws {
        let clock = ManualClock()
        try await Abuse.run({ TestServer.useManualClock(clock, &$0) }) { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let (player, _) = try await Self.guest(server)
            let stuck = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.3"))
            try await Abuse.whileAttacking(bystander) {
                let junk = [UInt8](repeating: UInt8(ascii: "x"), count: 256 << 10)
                // Logged in: a subnegotiation that runs on and on, then ends; the line after it works.
                await player.write([255, 250, 31] + junk)
                await player.write([255, 240] + Array("say still here\r\n".utf8))
                // At the login prompt: one that never ends, until the login timeout.
                await stuck.write([255, 250, 24] + junk)
            }
            let (text, _) = await player.readText(until: "You say, \"still here\"")
            #expect(text.contains("You say, \"still here\""))
            clock.advance(by: server.config.loginTimeout)
            let (last, closed) = await stuck.readText(timeout: .seconds(5))
            #expect(closed)
            #expect(last.contains("You took too long to log in."))
            player.close()
            Abuse.expectBoundedMemory(since: memory, "unterminated subnegotiation")
        }
    }

    @Test func aStormOf0xFFIsDataAndHitsTheLineLimit() async throws {
        try await Abuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let (attacker, _) = try await Self.guest(server)
            try await Abuse.whileAttacking(bystander) {
                for _ in 0..<16 { await attacker.write([UInt8](repeating: 0xFF, count: 64 << 10)) }
            }
            let (text, closed) = await attacker.readText(timeout: .seconds(5))
            #expect(closed)
            #expect(text.contains("That is more than 4096 bytes without an end of line. Goodbye."))
            Abuse.expectBoundedMemory(since: memory, "0xFF storm")
        }
    }

    @Test func aConnectionFloodFromOneAddressIsRefusedLineByLine() async throws {
        try await Abuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let results = Mutex<[String]>([])
            let kept = Mutex<[TestClient]>([])
            try await Abuse.whileAttacking(bystander) {
                for _ in 0..<30 {
                    let client = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.4"))
                    let (text, closed) = await client.readText(until: TestClient.namePrompt, timeout: .seconds(5))
                    results.withLock { $0.append(closed ? text : "admitted") }
                    if closed { client.close() } else { kept.withLock { $0.append(client) } }
                }
            }
            let outcomes = results.withLock { $0 }
            #expect(outcomes.prefix(8).allSatisfy { $0 == "admitted" })
            #expect(outcomes[8..<20].allSatisfy { $0 == "Too many connections from your address (at most 8 at once). Please close one and try again.\r\n" })
            #expect(outcomes[20...].allSatisfy { $0.hasPrefix("Too many new connections from your address (at most 20 a minute). Please wait ") })
            // Everyone else still gets in.
            let newcomer = try await server.connect()
            try await newcomer.readUntil(TestClient.namePrompt)
            #expect(server.services.gate.openConnections(from: "127.0.0.4") == 8)
            for client in kept.withLock({ $0 }) { client.close() }
            try await server.waitUntil("the flood's connections are released") {
                server.services.gate.openConnections(from: "127.0.0.4") == 0
            }
            #expect(server.services.gate.trackedAddresses <= 3)
            Abuse.expectBoundedMemory(since: memory, "connection flood")
        }
    }

    @Test func aClientThatNeverReadsIsCutOffAtItsQueueCap() async throws {
        try await Abuse.run({ $0.abuse.commandRate = 0 }) { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let attacker = try await TestClient.connect(port: server.port, .hostile(receiveBufferSize: 4096))
            try await Abuse.whileAttacking(bystander) {
                await attacker.write("guest\r\n")
                // Each help is ~1.5 KB of output it never reads. Loopback lets the kernel buffer
                // a few MiB before the server's own 256 KiB queue fills: keep asking until the
                // server hangs up (a bound turns a missing cut-off into a failure below).
                for _ in 0..<400 {
                    guard await attacker.write(String(repeating: "help\r\n", count: 30)) else { break }
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            // The probes read the bystander's screen as it went: look at everything it was sent.
            try await server.waitUntil("the room hears the stalled guest disconnect", timeout: .seconds(10)) {
                bystander.rawReceived.index(of: Array(" disconnects.\r\n".utf8)) != nil
            }
            try await server.waitUntil("the stalled connection is gone") {
                server.services.gate.openConnections(from: "127.0.0.2") == 0
            }
            attacker.close()
            Abuse.expectBoundedMemory(since: memory, "never-reading client")
        }
    }
}
