import Foundation
import Testing
@testable import LivePetSupport
@testable import LivePetWorld

/// `ticks`, `pet`, `play`, the hearts in the prompt and talk wrapped to each client's width,
/// as players meet them over real sockets.
@Suite struct PetLifeEndToEndTests {
    @Test func ticksShowsAndChangesTheSetting() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            try await alice.command("ticks", until: "Pet status lines: changes. You see a pet's status when")
            try await alice.command("adopt Mochi totoro", until: "You adopt Mochi")
            try await alice.command("visit Mochi", until: "cared for by Alice")
            // Quiet: nine ticks without a change say nothing; the tenth changes the hearts.
            await server.advance(9)
            let quiet = try await alice.command("treats", until: "You hold 5 of 5 treats.")
            #expect(!quiet.contains("[Mochi] age"), "\(quiet)")
            #expect(quiet.hasSuffix("[Mochi ♥♥♥♡♡, 5 treats] > "), "\(quiet)")
            await server.advance()
            try await alice.readUntil("[Mochi] age 10, hunger 300/500, ♥♥♡♡♡ hungry\n")
            // The prompt shown again after the line has the new hearts.
            try await alice.readUntil("[Mochi ♥♥♡♡♡, 5 treats] > ")

            try await alice.command("ticks all", until: "Pet status lines: all.")
            await server.advance()
            try await alice.readUntil("[Mochi] age 11, hunger 305/500")
            try await alice.command("ticks on", until: "Pet status lines: all.")

            try await alice.command("ticks off", until: "Pet status lines: off.")
            await server.advance(19)
            let off = try await alice.command("ticks", until: "Pet status lines: off.")
            #expect(!off.contains("[Mochi]"), "no status lines, no reactions: \(off)")
            #expect(off.hasSuffix("[Mochi ♥♡♡♡♡, 5 treats] > "), "the prompt still shows the hearts: \(off)")
            try await alice.command("ticks sometimes", until: "Usage: ticks all|changes|off (now off)")
        }
    }

    @Test func petAndPlayMakeThePetReactForTheWholeRoom() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.command("adopt Pip fox", until: "You adopt Pip")
            try await alice.command("adopt Old Timer cat", until: "You adopt Old Timer")
            try await bob.command("pet Pip", until: "Pip is not here. Visit first: visit Pip")
            try await bob.command("play", until: "Play with which pet? Visit one first")
            try await alice.command("visit Pip", until: "cared for by Alice")
            try await bob.command("visit Pip", until: "Visiting: Alice.")
            let petted = try await bob.command("pet", until: "\n")
            #expect(petted.hasPrefix("[Pip] ") && petted.contains("Bob"), "\(petted)")
            try await alice.readUntil("Bob")
            let played = try await bob.command("play Pip", until: "\n")
            #expect(played.hasPrefix("[Pip] ") && played.contains("Bob"), "\(played)")
            try await alice.readUntil("[Pip] ")
            try await alice.readUntil("Bob")
            // Neither changes hunger.
            let look = try await bob.command("look", until: "hunger 250/500")
            #expect(look.contains("hunger 250/500"))

            // A guest may too; a dead pet gets a gentle line, to the player only.
            let guest = try await server.connect()
            _ = try await guest.loginGuest()
            try await guest.command("visit Pip", until: "cared for by Alice")
            try await guest.command("play", until: "[Pip] ")
            await server.advance(Int(PetState.lifespan) + 1)
            try await bob.command("visit Old Timer", until: "cared for by Alice")
            try await bob.command("pet", until: "Sorry, Old Timer has passed away. You rest a hand where they used to sleep")
            try await bob.command("play Old Timer", until: "Sorry, Old Timer has passed away and plays no more.")
            try await bob.command("help play", until: "Usage: play [pet]\nPlay with the pet whose room you are in; it reacts.")
        }
    }

    @Test func theNameSaidInTheRoomGetsAReactionButNotTwiceInThirtySeconds() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.command("adopt Rex dog", until: "You adopt Rex")
            try await alice.command("visit Rex", until: "cared for by Alice")
            try await bob.command("visit Rex", until: "Visiting: Alice.")
            await server.advance(Int(RoomLife.quietTicks))
            try await alice.command("say good boy, Rex", until: "You say")
            try await bob.readUntil("Alice says, \"good boy, Rex\"\n")
            try await bob.readUntil("[Rex] ")
            let reaction = try await bob.readUntil("\n")
            #expect(reaction.contains("Alice"), "\(reaction)")
            try await alice.command("say Rex? REX!", until: "You say")
            try await bob.readUntil("Alice says, \"Rex? REX!\"\n")
            // Nothing more before the next line: Bob's own command's answer comes straight after.
            let next = try await bob.command("treats", until: "You hold")
            #expect(!next.contains("[Rex]"), "\(next)")
        }
    }

    /// Screen readers: hearts in words in the prompt, reactions as plain sentences.
    @Test func screenReadersGetWordsForHeartsAndReactions() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            try await alice.command("screenreader on", until: "Screen-reader mode is on")
            try await alice.command("adopt Pip fox", until: "You adopt Pip")
            let visit = try await alice.command("visit Pip", until: "cared for by Alice")
            #expect(visit.hasSuffix("[Pip, 3 of 5 hearts, 5 treats] > "), "\(visit)")
            let petted = try await alice.command("pet", until: "\n")
            let line = petted.prefix { $0 != "\n" }
            #expect(line.hasPrefix("Pet Pip ") && line.contains("Alice") && !line.contains("["), "\(petted)")
        }
    }

    /// Text without ANSI colour.
    static func plain(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    }

    /// Talk is wrapped to each client's window (NAWS): the same say reaches a 40-column
    /// client broken at 40 and an 80-column one at 80, and no row starts with a hyphen.
    @Test func talkIsWrappedToEachClientsWidth() async throws {
        try await TestServer.run { server in
            var narrow = TestClient.Options.telnet
            narrow.window = .init(width: 40, height: 24)
            let ann = try await server.player("Ann", mode: narrow)
            let bob = try await server.player("Bob", mode: .telnet)
            let cleo = try await server.player("Cleo", mode: .telnet)
            try await ann.readUntil("Cleo arrives.\n")
            let words = "type unignore Guest-1000 to hear them again, and remember that everyone here was new once"
            try await bob.command("say \(words)", until: "You say")
            let narrowLines = Self.plain(try await ann.readUntil("once\"\n")).split(separator: "\n").drop(while: { !$0.hasPrefix("Bob says") })
            let wideLines = Self.plain(try await cleo.readUntil("once\"\n")).split(separator: "\n").drop(while: { !$0.hasPrefix("Bob says") })
            #expect(narrowLines.count >= 3 && wideLines.count == 2, "\(narrowLines) \(wideLines)")
            for line in narrowLines {
                #expect(DisplayWidth.of(String(line)) <= 40, "\(line)")
                #expect(!line.hasPrefix("    -"), "\(line)")
            }
            #expect(wideLines.allSatisfy { DisplayWidth.of(String($0)) <= 80 })
            #expect(narrowLines.joined().contains("Guest-1000"), "the name stays whole: \(narrowLines)")

            try await bob.command("tell Ann \(words)", until: "You tell")
            let told = Self.plain(try await ann.readUntil("once\"\n")).split(separator: "\n").drop(while: { !$0.hasPrefix("Bob tells") })
            #expect(told.count >= 3 && told.allSatisfy { DisplayWidth.of(String($0)) <= 40 }, "\(told)")
            try await bob.command("chat \(words)", until: "once\n")
            let chat = Self.plain(try await ann.readUntil("once\n")).split(separator: "\n").drop(while: { !$0.hasPrefix("[chat] Bob") })
            #expect(chat.count >= 3 && chat.allSatisfy { DisplayWidth.of(String($0)) <= 40 }, "\(chat)")
        }
    }
}
