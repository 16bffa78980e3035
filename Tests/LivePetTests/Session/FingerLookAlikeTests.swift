import Foundation
import Testing
@testable import LivePetSession
import LivePetSupport

/// `finger`'s "did you mean" for an unknown name: the edit distance is computed only for keys
/// that can be a typo of a name, so a long query against a full house costs nothing.
@Suite struct FingerLookAlikeTests {
    /// Counts the comparisons `lookAlike` makes, computing them for real.
    final class Counter {
        var calls = 0
        func distance(_ a: String, _ b: String) -> Int {
            calls += 1
            return EditDistance.damerauLevenshtein(a, b)
        }
    }

    static let crowd = (0..<2000).map { "Player\($0)" } + ["Carol", "Caroline", "Al", "Bartholomew-Smith"]

    @Test func aLongKeyIsNeverComparedLetterByLetter() {
        let counter = Counter()
        let long = String(repeating: "x", count: 512)
        #expect(MemoryCommands.lookAlike(long, among: Self.crowd, distance: counter.distance).isEmpty)
        #expect(counter.calls == 0)
        // Just over the bound: still only the prefix test (a name it starts is suggested).
        let nineteen = String(repeating: "q", count: 19)
        #expect(MemoryCommands.lookAlike(nineteen, among: Self.crowd + [nineteen + "z"], distance: counter.distance) == [nineteen + "z"])
        #expect(counter.calls == 0)
    }

    @Test func onlyNamesWithinTwoCharactersOfTheKeysLengthAreCompared() {
        let counter = Counter()
        #expect(MemoryCommands.lookAlike("carl", among: Self.crowd, distance: counter.distance) == ["Carol", "Al"])
        // Only "Carol" (5) and "Al" (2) are within 2 of 4 characters ("PlayerN" has 7 to 10).
        #expect(counter.calls == 2)
        let typo = "bartholomew-smitt"  // 17 characters, one typo away
        counter.calls = 0
        #expect(MemoryCommands.lookAlike(typo, among: Self.crowd, distance: counter.distance) == ["Bartholomew-Smith"])
        #expect(counter.calls == 1)
        // The same answers as comparing every name.
        for key in ["carl", "plyer12", "player1", "al", "bartholomew-smitt", "zz"] {
            let everyone = Self.crowd.filter {
                let other = $0.lowercased()
                return other.hasPrefix(key) || EditDistance.damerauLevenshtein(other, key) <= 2
            }.prefix(5)
            #expect(MemoryCommands.lookAlike(key, among: Self.crowd) == Array(everyone), "\(key)")
        }
    }

    @Test func aLongUnknownNameGetsAPoliteAnswer() async throws {
        try await TestServer.run { server in
            _ = try await server.player("Carol")
            let bob = try await server.player("Bob")
            let long = String(repeating: "Carolx", count: 60)
            let answer = try await bob.command("finger \(long)", until: "lists who is online.\n")
            #expect(answer.contains("There is nobody called \(long). \"who\" lists who is online.\n"))
            try await bob.command("finger Carl", until: "There is nobody called Carl. Did you mean: Carol?\n")
        }
    }
}
