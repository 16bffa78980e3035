import Foundation
import Testing
@testable import LivePetSession
@testable import LivePetSupport
@testable import LivePetWorld

/// `pet` and `play` as a way round the chat limit and `ignore` (review H3): they count as
/// messages, like say, and a reaction a player caused is not shown to those who ignore them.
@Suite struct PetFloodTests {
    static let slowDown = "Slow down: you can send 10 messages every 10 seconds. Try again in 10 seconds."

    /// Alice's pet Pip, with Alice (its owner) and Bob in its room; the production limits,
    /// on `clock`.
    static func room(_ server: TestServer) async throws -> (alice: TestClient, bob: TestClient) {
        let alice = try await server.player("Alice")
        let bob = try await server.player("Bob")
        try await alice.command("adopt Pip cat", until: "You adopt Pip")
        try await alice.command("visit Pip", until: "cared for by Alice")
        try await bob.command("visit Pip", until: "Visiting: Alice.")
        return (alice, bob)
    }

    /// The lines of `text` that are Pip's reactions naming `name`.
    static func reactions(_ text: String, naming name: String) -> Int {
        text.split(separator: "\n").filter { $0.contains("[Pip] ") && $0.contains(name) }.count
    }

    @Test func aPlayerOverTheChatLimitIsRefusedPetAndPlayPolitely() async throws {
        let clock = ManualClock()
        try await Abuse.run({ TestServer.useManualClock(clock, &$0) }) { server in
            let (alice, bob) = try await Self.room(server)
            for index in 1...10 { try await bob.command("say hello \(index)", until: "You say, \"hello \(index)\"") }
            _ = alice.takeUnreadText()
            try await bob.command("pet", until: Self.slowDown)
            try await bob.command("play Pip", until: Self.slowDown)
            // Alice saw no reaction: her own command's answer is what comes next.
            let seen = try await alice.command("treats", until: "You hold 5 of 5 treats.")
            #expect(Self.reactions(seen, naming: "Bob") == 0, "\(seen)")
            // The window passes: Bob may again, and Alice sees it.
            clock.advance(by: .seconds(10))
            let petted = try await bob.command("pet", until: "\n")
            #expect(petted.hasPrefix("[Pip] ") && petted.contains("Bob"), "\(petted)")
            try await alice.readUntil("[Pip] ")
        }
    }

    @Test func aFloodOfPetIsLimitedLikeSay() async throws {
        let clock = ManualClock()
        try await Abuse.run({ TestServer.useManualClock(clock, &$0) }) { server in
            let (alice, bob) = try await Self.room(server)
            _ = alice.takeUnreadText()
            // 15 lines in one packet: within the command burst (20), past the chat limit (10).
            _ = await bob.write(String(repeating: "pet\r\n", count: 15))
            var answers = ""
            for _ in 0..<15 { answers += try await bob.readPrompt() }
            #expect(answers.components(separatedBy: Self.slowDown).count - 1 == 5, "\(answers)")
            #expect(Self.reactions(answers, naming: "Bob") == 10, "\(answers)")
            // Bob's reactions reached Alice before the answers to his lines reached him.
            let seen = try await alice.command("treats", until: "You hold 5 of 5 treats.")
            #expect(Self.reactions(seen, naming: "Bob") == 10, "Alice saw: \(seen)")
        }
    }

    @Test func anIgnorerDoesNotSeeReactionsNamingTheIgnored() async throws {
        try await TestServer.run { server in
            let (alice, bob) = try await Self.room(server)
            let carol = try await server.player("Carol")
            try await carol.command("visit Pip", until: "Visiting: Alice, Bob.")
            try await alice.command("ignore Bob", until: "You are now ignoring Bob")
            _ = alice.takeUnreadText()
            _ = carol.takeUnreadText()

            // pet, play and a treat: three reactions naming Bob, for Carol only.
            try await bob.command("pet", until: "[Pip] ")
            try await bob.command("play", until: "[Pip] ")
            try await bob.command("treat", until: "You give Pip a treat.")
            let carolSaw = try await carol.command("treats", until: "You hold 5 of 5 treats.")
            #expect(Self.reactions(carolSaw, naming: "Bob") == 3, "Carol saw: \(carolSaw)")
            let aliceSaw = try await alice.command("treats", until: "You hold 5 of 5 treats.")
            #expect(Self.reactions(aliceSaw, naming: "Bob") == 0, "Alice saw: \(aliceSaw)")
            #expect(!aliceSaw.contains("[Pip] "), "Alice saw: \(aliceSaw)")

            // Pip's name in Bob's words: Carol hears both, Alice neither.
            await server.advance(Int(RoomLife.quietTicks))
            try await bob.command("say good cat, Pip", until: "You say")
            try await carol.readUntil("Bob says, \"good cat, Pip\"\n")
            try await carol.readUntil("[Pip] ")
            let named = try await carol.readUntil("\n")
            #expect(named.contains("Bob"), "\(named)")
            let after = try await alice.command("treats", until: "You hold 5 of 5 treats.")
            #expect(Self.reactions(after, naming: "Bob") == 0 && !after.contains("good cat"), "Alice saw: \(after)")
        }
    }
}
