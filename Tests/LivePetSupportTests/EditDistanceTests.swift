import Testing
@testable import LivePetSupport

@Suite struct EditDistanceTests {
    @Test(arguments: [
        ("", "", 0), ("abc", "", 3), ("", "ab", 2),
        ("say", "say", 0), ("sya", "say", 1), ("hepl", "help", 1),
        ("kitten", "sitting", 3), ("ca", "abc", 3), ("café", "cafe", 1),
    ])
    func distance(a: String, b: String, expected: Int) {
        #expect(EditDistance.damerauLevenshtein(a, b) == expected)
        #expect(EditDistance.damerauLevenshtein(b, a) == expected)
    }
}
