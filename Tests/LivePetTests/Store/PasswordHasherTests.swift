import Testing
@testable import LivePetStore

@Suite struct PasswordHasherTests {
    /// Cost 1 keeps the suite fast; one test uses the default cost to prove it works too.
    let hasher = PasswordHasher(cost: 1)

    @Test func roundTripAtDefaultCost() async throws {
        let hasher = PasswordHasher()
        let hash = try await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$y$"))
        #expect(await hasher.verify("correct horse battery", against: hash))
        #expect(await !hasher.verify("correct horse battery!", against: hash))
    }

    @Test func roundTripAndWrongPassword() async throws {
        let hash = try await hasher.hash("pässwörd 🐱")
        #expect(hash.hasPrefix("$y$"))
        #expect(!hash.contains("pässwörd"))
        #expect(await hasher.verify("pässwörd 🐱", against: hash))
        #expect(await !hasher.verify("passwörd 🐱", against: hash))
        #expect(await !hasher.verify("", against: hash))
    }

    @Test func saltMakesHashesDiffer() async throws {
        let first = try await hasher.hash("same password")
        let second = try await hasher.hash("same password")
        #expect(first != second)
        #expect(await hasher.verify("same password", against: first))
        #expect(await hasher.verify("same password", against: second))
    }

    @Test func aHashVerifiesWithAnyConfiguredCost() async throws {
        let hash = try await PasswordHasher(cost: 3).hash("portable")
        #expect(await hasher.verify("portable", against: hash))
    }

    @Test(arguments: [
        "", "*0", "*1", "$y$", "$y$j9T$", "$y$garbage", "$y$j9T$abc$def$ghi", "not a hash",
        "$6$saltsalt$abcdef", "ab", "$y$\u{0}", String(repeating: "$", count: 1000),
    ])
    func malformedStoredHashIsFalse(stored: String) async {
        #expect(await !hasher.verify("anything", against: stored))
    }

    @Test func truncatedHashIsFalse() async throws {
        let hash = try await hasher.hash("truncate me")
        #expect(await !hasher.verify("truncate me", against: String(hash.dropLast())))
        #expect(await !hasher.verify("truncate me", against: hash + "x"))
    }

    @Test func nulInPasswordIsRefused() async throws {
        await #expect(throws: PasswordHashError(.invalidPassword)) {
            try await hasher.hash("abc\u{0}def")
        }
        let hash = try await hasher.hash("abc")
        #expect(await !hasher.verify("abc\u{0}def", against: hash))
    }

    @Test func badCostThrowsInsteadOfCrashing() async {
        await #expect(throws: PasswordHashError.self) {
            try await PasswordHasher(cost: 99).hash("whatever")
        }
    }

    @Test func concurrentHashesAllComplete() async throws {
        let hasher = hasher
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<8 { group.addTask { try await hasher.hash("pw\(i)") } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(hashes).count == 8)
    }

    @Test func constantTimeEqualComparesLengthsToo() {
        #expect(PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2], [1, 2, 0]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(PasswordHasher.constantTimeEqual([], []))
    }
}
