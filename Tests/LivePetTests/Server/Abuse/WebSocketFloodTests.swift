import Foundation
import Synchronization
import Testing
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetSupport

/// Slow and flooding browsers (issue 18): handshakes and frames that never finish, pings by
/// the thousand, from clients that read or never do; two telnet players keep talking in the
/// Lobby meanwhile, and memory stays bounded.
@Suite(.serialized) struct WebSocketFloodTests {
    /// On the manual clock: a handshake sent a byte at a time and never finished, an upgraded
    /// connection whose first frame comes a byte at a time and never ends, and one that says
    /// nothing after its upgrade are all hung up on when the login timeout passes, counted from
    /// the connection; the trickle does not put it off.
    @Test func slowHandshakesAndFramesAreCutOffByTheLoginTimeout() async throws {
        let clock = ManualClock()
        try await WebAbuse.run({ config in
            WebAbuse.useManualClock(clock, &config)
            // The clock stands still, so the command rate's tokens do not come back: enough
            // for the bystanders' probes.
            config.abuse.commandBurst = 200
        }) { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server, clock: clock)

            var slow: [TestClient] = []
            for _ in 0..<3 { slow.append(try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.2"))) }
            let trickled = try await WebAbuse.attacker(server, from: "127.0.0.3")
            let silent = try await WebAbuse.attacker(server, from: "127.0.0.3")
            let handshakes = slow
            try await WebAbuse.whileAttacking(bystanders) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for client in handshakes {
                        group.addTask {
                            let head = Array("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nUpgrade: websocket\r\n".utf8)
                            _ = await client.trickle(head, pause: .milliseconds(20))
                        }
                    }
                    group.addTask {
                        let frame = ClientFrame.text(String(repeating: "x", count: 100))
                        _ = await trickled.client.trickle(Array(frame.dropLast()), pause: .milliseconds(10))
                    }
                    try await group.waitForAll()
                }
            }
            clock.advance(by: server.config.loginTimeout)
            for client in handshakes {
                let (text, closed) = await client.readText(timeout: .seconds(5))
                #expect(closed)
                #expect(text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "got \(text.prefix(80).debugDescription)")
            }
            for web in [trickled, silent] {
                let (_, closed) = await web.client.read(timeout: .seconds(5))
                #expect(closed)
                #expect(web.messages.contains(#"{"t":"text","d":"\nYou took too long to log in. Goodbye.\n"}"#), "\(web.messages)")
                #expect(web.closeCode == 1000)
            }
            try await server.waitUntil("the slow connections are released") {
                server.services.gate.openConnections(from: "127.0.0.2") == 0
                    && server.services.gate.openConnections(from: "127.0.0.3") == 0
            }
            Abuse.expectBoundedMemory(since: memory, "slow handshakes")
        }
    }

    /// Pings are answered at the command rate: the burst at once, then `commandRate` a second;
    /// the others are not answered (RFC 6455 lets a server answer only some of a run of pings),
    /// so a flood of them makes the server write no more than a player's commands would.
    @Test func aPingFloodIsAnsweredOnlyAtTheCommandRate() async throws {
        try await WebAbuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server)
            let web = try await WebAbuse.attacker(server)
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            let started = ContinuousClock.now
            try await WebAbuse.whileAttacking(bystanders) {
                var flood: [UInt8] = []
                for number in 0..<5000 { flood += ClientFrame.ping(Array("\(number)".utf8)) }
                await web.client.write(flood)
                // A line after the flood: once it is answered, every ping before it has been read.
                await web.client.write(ClientFrame.text("guest"))
            }
            try await web.next("the guest's welcome", timeout: .seconds(10)) { $0.contains("Welcome, Guest-") }
            let seconds = Double((ContinuousClock.now - started).components.seconds) + 1
            let pongs = web.allFrames.filter { $0.opcode == 0xA }.map { String(decoding: $0.payload, as: UTF8.self) }
            let limits = server.config.abuse
            #expect(pongs.count >= limits.commandBurst)
            #expect(pongs.count <= limits.commandBurst + Int(limits.commandRate * seconds), "\(pongs.count) pongs in \(seconds) s")
            // The burst answers the first pings, each with its own payload.
            #expect(Array(pongs.prefix(limits.commandBurst)) == (0..<limits.commandBurst).map { "\($0)" })
            web.client.close()
            Abuse.expectBoundedMemory(since: memory, "ping flood")
        }
    }

    /// Without a command rate every ping is answered, and the pongs count against the
    /// connection's output cap like any other output: a client that pings and never reads is
    /// cut off when its queue passes the cap.
    @Test func aClientThatPingsAndNeverReadsIsCutOffAtItsQueueCap() async throws {
        try await WebAbuse.run({ $0.abuse.commandRate = 0 }) { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server)
            let web = try await WebAbuse.attacker(server, receiveBufferSize: 4096)
            var chunk: [UInt8] = []
            for _ in 0..<512 { chunk += ClientFrame.ping(Array(repeating: UInt8(ascii: "p"), count: 125)) }
            let flood = chunk
            let cutOff = Abuse.Flag()
            try await WebAbuse.whileAttacking(bystanders) {
                // 64 KiB of pings a write, each answered with 127 bytes it never reads; a bound
                // (400 writes, 26 MiB) turns a missing cut-off into a failure below.
                for _ in 0..<400 {
                    guard await web.client.write(flood) else {
                        cutOff.set()
                        break
                    }
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            #expect(cutOff.isSet, "the server kept answering pings nobody read")
            try await server.waitUntil("the pinging connection is gone") {
                server.services.gate.openConnections(from: "127.0.0.2") == 0
            }
            web.client.close()
            Abuse.expectBoundedMemory(since: memory, "unread pongs")
        }
    }

    /// On the manual clock: a client that stops reading, lets the server queue more output
    /// than its socket takes, then breaks the protocol (a close 1002 queued behind what it
    /// never reads) is let go once the close has waited `Connection.closeGrace`, instead of
    /// holding its connection, its queue and its session for ever.
    @Test func aCloseTheClientNeverReadsIsGivenUpOn() async throws {
        let clock = ManualClock()
        try await WebAbuse.run({ config in
            WebAbuse.useManualClock(clock, &config)
            config.abuse.commandRate = 0
            // Every pong stays under the cap, so the close waits behind them.
            config.limits.maxQueuedBytes = 64 << 20
        }) { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server, clock: clock)
            let web = try await WebAbuse.attacker(server, receiveBufferSize: 4096)
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            var chunk: [UInt8] = []
            for _ in 0..<512 { chunk += ClientFrame.ping(Array(repeating: UInt8(ascii: "p"), count: 125)) }
            let flood = chunk
            try await WebAbuse.whileAttacking(bystanders) {
                // 8 MiB of pongs, more than the socket buffers take (4 MiB at most here).
                for _ in 0..<128 { await web.client.write(flood) }
                await web.client.write(ClientFrame.make(0x1, Array("say hi".utf8), masked: false))
            }
            try await server.waitUntil("the connection that never reads its close is let go", timeout: .seconds(10)) {
                clock.advance(by: .seconds(1))
                return server.services.gate.openConnections(from: "127.0.0.2") == 0
            }
            web.client.close()
            Abuse.expectBoundedMemory(since: memory, "an unread close")
        }
    }
}
