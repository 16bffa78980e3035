import Foundation
import Testing

/// Clients that stop reading or vanish must cost nobody else anything.
@Suite struct BackpressureTests {
    /// A reader with a tiny receive window that never reads is cut off once its queue passes
    /// 256 KiB, while the flooder and a bystander keep getting prompt answers.
    @Test func stalledReaderIsDisconnectedAndOthersKeepGoing() async throws {
        try await TestServer.run { server in
            let flooder = try await server.connect()
            let flooderName = try await flooder.loginGuest()
            let bystander = try await server.connect()
            let bystanderName = try await bystander.loginGuest()
            try await flooder.readUntil("\(bystanderName) arrives.\n")

            let stalled = try await server.connect(receiveBufferSize: 4096, reading: false)
            try await stalled.send("guest")
            let arrival = try await flooder.readUntil(" arrives.\n")
            let stalledName = String(arrival.dropLast(" arrives.\n".count).split(separator: "\n").last ?? "")
            #expect(stalledName.hasPrefix("Guest-"))

            // Each say queues ~430 bytes for the stalled client. Before the server's own 256 KiB
            // queue fills, the kernel takes up to its send buffer maximum (tcp_wmem, 4 MiB by
            // default: on loopback autotuning grows it all the way). The bound is 1.5 times what
            // that needs, so a missing cut-off fails instead of looping forever.
            let text = String(repeating: "flood ", count: 66)
            let batch = 30
            let needed = Self.kernelSendBufferMaximum() + 256 * 1024 + 64 * 1024
            let rounds = needed * 3 / 2 / (batch * 430) + 1
            var slowest: Duration = .zero
            var cutOff = false
            for round in 0..<rounds where !cutOff {
                let started = ContinuousClock.now
                let lines = (0..<batch).map { "say \(text)\(round).\($0)\r\n" }
                try await flooder.sendBytes(Array(lines.joined().utf8))
                let answers = try await flooder.readUntil("\(text)\(round).\(batch - 1)\"\n")
                slowest = max(slowest, ContinuousClock.now - started)
                let seen = answers + bystander.takeUnreadText()
                if seen.contains("\(stalledName) disconnects.\n") { cutOff = true }
            }
            #expect(cutOff, "the stalled client was never disconnected")
            // `/metrics` counts it (livepet_output_drops_total).
            #expect(server.server.metrics.net.drops == 1)
            #expect(slowest < .seconds(2), "a batch of \(batch) says took \(slowest)")

            let started = ContinuousClock.now
            let who = try await bystander.who()
            #expect(ContinuousClock.now - started < .seconds(1))
            #expect(who.contains("2 players online."))
            #expect(!who.contains(stalledName))
            #expect(who.contains(flooderName))

            // The stalled client finds the connection closed once it reads again.
            stalled.startReading()
            try await stalled.expectClosed(timeout: .seconds(10))
        }
    }

    /// The largest send buffer TCP autotuning may give a socket (the third field of tcp_wmem).
    static func kernelSendBufferMaximum() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/tcp_wmem", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).last.flatMap { Int($0) } ?? 4 * 1024 * 1024
    }

    /// A client that resets its connection while output is on its way must not take the server
    /// down with SIGPIPE (or anything else).
    @Test func resetWhileOutputIsPendingDoesNotHurtTheServer() async throws {
        try await TestServer.run { server in
            let talker = try await server.connect()
            try await talker.loginGuest()
            let victim = try await server.connect(receiveBufferSize: 4096, reading: false)
            try await victim.send("guest")
            try await talker.readUntil(" arrives.\n")

            // Fill the victim's window so the server has output queued for it.
            let text = String(repeating: "x", count: 400)
            for round in 0..<20 {
                try await talker.sendBytes(Array((0..<8).map { "say \(text)\(round).\($0)\r\n" }.joined().utf8))
                try await talker.readUntil("\(text)\(round).7\"\n")
            }
            victim.closeWithReset()
            // Keep the server writing to the dead socket for a while.
            var seen = ""
            for round in 0..<10 {
                seen += try await talker.command("say \(text)\(round)", until: "You say, \"\(text)\(round)\"\n")
            }
            if !seen.contains(" disconnects.\n") {
                try await talker.readUntil(" disconnects.\n")
            }

            let newcomer = try await server.connect()
            try await newcomer.loginGuest()
            try await newcomer.command("who", until: "2 players online.\n")
            try await talker.command("say still alive", until: "You say, \"still alive\"\n")
        }
    }

    /// The same with a reader that was reading normally and resets mid-stream.
    @Test func resetWhileReadingDoesNotHurtTheServer() async throws {
        try await TestServer.run { server in
            let talker = try await server.connect()
            try await talker.loginGuest()
            let victim = try await server.connect()
            let victimName = try await victim.loginGuest()
            try await talker.readUntil("\(victimName) arrives.\n")
            let text = String(repeating: "y", count: 300)
            try await talker.sendBytes(Array((0..<30).map { "say \(text)\($0)\r\n" }.joined().utf8))
            try await victim.readUntil("says, \"y")
            victim.closeWithReset()
            // The server may notice the reset before it has answered all 30 lines.
            let heard = try await talker.readUntil("\(text)29\"\n")
            if !heard.contains("\(victimName) disconnects.\n") {
                try await talker.readUntil("\(victimName) disconnects.\n")
            }
            try await talker.command("who", until: "1 player online.\n")
        }
    }
}
