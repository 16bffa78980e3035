import Testing
@testable import LivePet

@Suite struct NameRulesTests {
    static let commands: Set<String> = ["say", "look", "feed", "help", "Inventory"]

    @Test(arguments: ["Mochi", "abc", "Tom2", "a1234567890bcdef", "ZED"])
    func acceptsAccountNames(name: String) {
        #expect(NameRules.validateAccountName(name, reserved: Self.commands) == nil)
    }

    @Test(arguments: [
        ("", "Please choose"),
        ("ab", "3 to 16"),
        ("abcdefghijklmnopq", "3 to 16"),
        ("1abc", "start with a letter"),
        ("bob smith", "letters A-Z"),
        ("bob_1", "letters A-Z"),
        ("Zoë", "letters A-Z"),
        ("Guest1234", "guests"),
        ("guestly", "guests"),
        ("ADMIN", "reserved"),
        ("livepet", "reserved"),
        ("Look", "reserved"),
        ("inventory", "reserved"),
    ])
    func refusesAccountNames(name: String, reasonContains: String) {
        let reason = NameRules.validateAccountName(name, reserved: Self.commands)
        #expect(reason?.contains(reasonContains) == true, "\(name): \(reason ?? "accepted")")
    }

    @Test(arguments: ["correct horse", "12345678", "pässwörd", String(repeating: "x", count: 128)])
    func acceptsPasswords(password: String) {
        #expect(NameRules.validatePassword(password) == nil)
    }

    @Test(arguments: [
        ("short", "at least 8"),
        ("ünïcödé", "at least 8"),                          // 7 characters, more bytes
        (String(repeating: "x", count: 129), "at most 128"),
        (String(repeating: "é", count: 65), "at most 128"),  // 65 characters, 130 bytes
        ("password\u{0}x", "control"),
        ("pass\tword", "control"),
        ("pass\u{1B}[2Jword", "control"),
        ("pass\u{85}word", "control"),
    ])
    func refusesPasswords(password: String, reasonContains: String) {
        let reason = NameRules.validatePassword(password)
        #expect(reason?.contains(reasonContains) == true, "\(reason ?? "accepted")")
    }

    @Test(arguments: ["Mochi", "Sir Fluffington III", "🐱🐱🐱", "Zoë", "漢字猫", "a#b", "  Rex  "])
    func acceptsPetNames(name: String) {
        #expect(NameRules.validatePetName(name) == nil)
    }

    @Test(arguments: [
        ("", "give your pet a name"),
        ("     ", "give your pet a name"),
        ("\u{1B}\u{7}", "give your pet a name"),
        ("#12", "'#'"),
        ("  #Rex", "'#'"),
        ("Al", "3 to 100"),
        ("A\u{1B}l", "3 to 100"),                           // control dropped, then too short
        (String(repeating: "a", count: 101), "3 to 100"),
    ])
    func refusesPetNames(name: String, reasonContains: String) {
        let reason = NameRules.validatePetName(name)
        #expect(reason?.contains(reasonContains) == true, "\(reason ?? "accepted")")
    }
}
