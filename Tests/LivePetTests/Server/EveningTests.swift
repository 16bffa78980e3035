import Foundation
import Testing
@testable import LivePetSupport
@testable import LivePetWorld

/// An evening with friends, scripted: three players on telnet clients of different widths,
/// two pets, an hour of game time (720 ticks on the manual clock, each one processed before
/// the next), quiet chat every minute and a few things done to the pets. What one player
/// saw, all of it, must stay readable.
@Suite struct EveningTests {
    /// Server lines (prompts not counted) one player may see in a minute of quiet chat: the
    /// chat line itself, a status line when the hearts change, at most two unprompted
    /// reactions (one per 30 s). Measured: at most 3 (with `ticks all` it was 12 status
    /// lines a minute, plus everything else).
    static let maxLinesPerQuietMinute = 4
    /// In the minutes when someone also feeds, gives a treat, pets, plays or moves.
    static let maxLinesPerBusyMinute = 6

    struct Minute {
        var lines: [String] = []
        var busy = false
    }

    @Test func anEveningWithFriendsStaysReadable() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: { config in
            TestServer.useManualClock(clock, &config)
            config.runsSimulation = true
        }) { server in
            var annOptions = TestClient.Options.telnet // 80 columns, colour
            annOptions.acceptsGMCP = true // Pet.Status every tick marks the ticks in her transcript
            var bobOptions = TestClient.Options.tintin
            bobOptions.window = .init(width: 100, height: 40)
            var cleoOptions = TestClient.Options.gnuTelnet
            cleoOptions.window = .init(width: 132, height: 50)
            let ann = try await server.player("Ann", mode: annOptions)
            let bob = try await server.player("Bob", mode: bobOptions)
            let cleo = try await server.player("Cleo", mode: cleoOptions)
            // The housekeeping task and the world's three timers (tick, checkpoint, refill).
            let sleepers = TestServer.housekeepingSleepers + 3
            try await server.waitForSleepers(sleepers, on: clock, "the world's timers")

            try await ann.command("adopt Mochi totoro", until: "You adopt Mochi")
            try await bob.command("adopt Pip fox", until: "You adopt Pip")
            try await ann.command("visit Mochi", until: "cared for by Ann")
            try await cleo.command("visit Mochi", until: "Visiting: Ann.")
            try await bob.command("visit Pip", until: "cared for by Bob")
            let mochi = try #require(server.services.world.pets.pet(named: "Mochi"))
            let start = ann.rawReceived.count

            var busyMinutes: Set<Int> = []
            var promptedTicks: Set<Int64> = []
            for minute in 0..<60 {
                let tag = "m\(minute)"
                // Quiet chat, one line a minute, in turn.
                switch minute % 3 {
                case 0:
                    try await ann.command("say \(tag): how was your day?", until: "You say, \"\(tag):")
                    try await cleo.readUntil("\(tag): how was your day?")
                case 1:
                    let text = minute == 10 ? "\(tag): Mochi, come here!" : "\(tag): fine, thanks, and the cat?"
                    try await cleo.command("say \(text)", until: "You say, \"\(tag):")
                    try await ann.readUntil(text)
                default:
                    try await bob.command("chat \(tag): anyone up for a walk later?", until: "\(tag): anyone")
                    try await ann.readUntil("\(tag): anyone")
                }
                let now = server.services.world.now
                switch minute {
                case 20:
                    try await ann.command("feed", until: "You feed Mochi.")
                case 25:
                    try await cleo.command("treat", until: "You give Mochi a treat.")
                    try await ann.readUntil("gives a treat to Mochi")
                case 30:
                    try await bob.command("visit Mochi", until: "Visiting: Ann, Cleo.")
                    try await ann.readUntil("Bob arrives to visit Mochi.")
                case 40:
                    try await cleo.command("pet", until: "Cleo")
                case 41:
                    try await bob.command("play", until: "Bob")
                case 50:
                    // Wider than 80 columns, within Bob's 100 (his own echo is not wrapped).
                    let long = "\(tag): the stars are out over the lake tonight and the water is so still, it is lovely"
                    try await bob.command("say \(long)", until: "You say, \"\(tag):")
                    try await ann.readUntil("lovely\"")
                    try await cleo.readUntil("lovely\"")
                default:
                    break
                }
                if [20, 25, 30, 40, 41].contains(minute) {
                    busyMinutes.insert(minute)
                    if minute != 30 { promptedTicks.insert(now) }
                }
                for _ in 0..<12 {
                    let tick = server.services.world.now + 1
                    clock.advance(by: .seconds(5))
                    try await server.waitUntil("tick \(tick)") { server.services.world.now == tick }
                    try await server.waitForSleepers(sleepers, on: clock, "tick \(tick) done")
                    // Her client has everything of the tick: its Pet.Status, sent with the line.
                    try await ann.waitUntil("Pet.Status of tick \(tick)") { state in
                        state.gmcpMessages.contains { $0.package == "Pet.Status" && $0.json.contains("\"age\":\(tick)") }
                    }
                }
            }
            #expect(server.services.world.now == 720)

            // Ann's whole transcript, cut into ticks at each Pet.Status.
            let ticks = Self.transcriptByTick(Array(ann.rawReceived[start...]))
            var minutes = Array(repeating: Minute(), count: 61)
            for (tick, lines) in ticks {
                let minute = Int(min(tick / 12, 60))
                minutes[minute].lines += lines
            }
            for minute in busyMinutes { minutes[minute].busy = true }
            var reactionTicks: [Int64] = []
            for (tick, lines) in ticks where !promptedTicks.contains(tick) {
                if lines.contains(where: { $0.hasPrefix("[Mochi] ") && !$0.hasPrefix("[Mochi] age ") }) { reactionTicks.append(tick) }
            }
            for (index, minute) in minutes.prefix(60).enumerated() {
                let text = minute.lines.filter { !Self.isPrompt($0) }
                let limit = minute.busy ? Self.maxLinesPerBusyMinute : Self.maxLinesPerQuietMinute
                #expect(text.count <= limit, "minute \(index): \(text.count) lines\n\(text.joined(separator: "\n"))")
            }
            let all = minutes.flatMap(\.lines)
            let shown = all.filter { !Self.isPrompt($0) }
            #expect(shown.filter { $0.hasPrefix("[Mochi] age ") }.count < 60, "status lines only on changes")
            // Reactions: some, never two unprompted ones within 30 s (six ticks).
            #expect(reactionTicks.count >= 5, "the pet is alive: \(reactionTicks)")
            #expect(zip(reactionTicks, reactionTicks.dropFirst()).allSatisfy { $1 - $0 >= RoomLife.quietTicks }, "\(reactionTicks)")
            #expect(shown.contains { $0.hasPrefix("[Mochi] ") && $0.contains("Cleo") }, "the name said at minute 10, the treat, the petting")

            // Hearts in the prompt, following the pet.
            let prompts = Set(all.filter(Self.isPrompt).compactMap { $0.split(separator: ",").first.map(String.init) })
            #expect(prompts.count >= 3, "\(prompts)")
            let hearts = await mochi.status(at: server.services.world.now).hearts
            try await ann.command("look", until: "cared for by Ann")
            let last = try #require(ann.screenLines.last)
            #expect(last.hasPrefix("[Mochi \(PetState.heartsText(hearts)), "), "\(last)")

            // Every line within each client's width; the wide clients' talk is wrapped to theirs.
            for (client, width) in [(ann, 80), (bob, 100), (cleo, 132)] {
                // What the player typed is the client's own echo, not the server's.
                let lines = client.screenLines.filter { !$0.hasPrefix("say ") && !$0.hasPrefix("chat ") }
                let wide = lines.filter { DisplayWidth.of($0) > width }
                #expect(wide.isEmpty, "wider than \(width): \(wide)")
            }
            #expect(cleo.screenLines.contains { $0.contains("the stars are out") && DisplayWidth.of($0) > 80 }, "Cleo's 132 columns are used")
            #expect(ann.screenLines.contains { $0.hasPrefix("    ") && $0.contains("lovely") }, "Ann's 80 columns wrap it")
        }
    }

    /// The server's prompt in a room: `[...] > `.
    static func isPrompt(_ line: String) -> Bool {
        line.hasPrefix("[") && line.hasSuffix("] > ")
    }

    /// Text lines (colour removed, CR LF as one end) grouped by the tick whose `Pet.Status`
    /// came before them (0 before the first).
    static func transcriptByTick(_ raw: [UInt8]) -> [(tick: Int64, lines: [String])] {
        var result: [(tick: Int64, lines: [String])] = [(0, [])]
        var line: [UInt8] = []
        func endLine() {
            let text = String(decoding: line, as: UTF8.self)
                .replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
            if !text.isEmpty { result[result.count - 1].lines.append(text) }
            line = []
        }
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            guard byte == 255, index + 1 < raw.count else {
                if byte == 10 { endLine() } else if byte != 13 { line.append(byte) }
                index += 1
                continue
            }
            let command = raw[index + 1]
            switch command {
            case 255:
                line.append(255)
                index += 2
            case 250:
                var end = index + 2
                while end + 1 < raw.count, !(raw[end] == 255 && raw[end + 1] == 240) { end += 1 }
                let payload = String(decoding: raw[(index + 3)..<end], as: UTF8.self)
                if raw[index + 2] == 201, payload.hasPrefix("Pet.Status "),
                   let range = payload.range(of: "\"age\":"),
                   let age = Int64(payload[range.upperBound...].prefix { $0.isNumber }), age != result[result.count - 1].tick {
                    // A prompt left on screen belongs to the tick it was shown in.
                    if !line.isEmpty { endLine() }
                    result.append((age, []))
                }
                index = end + 2
            case 251...254:
                index += 3
            default:
                // A prompt's GA or EOR ends its text as a line of its own here.
                if command == 249 || command == 239 { endLine() }
                index += 2
            }
        }
        endLine()
        return result
    }
}
