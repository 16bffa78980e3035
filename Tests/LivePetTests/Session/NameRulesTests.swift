import Testing
@testable import LivePetWorld

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

    @Test(arguments: [
        "Mochi", "Sir Fluffington III", "🐱🐱🐱", "Zoë", "漢字猫", "a#b", "  Rex  ",
        "Rex 2", "O'Malley", "Dr. Who?", "Fluffy-the-2nd", "cafe\u{301}", "ñandú",
        "Кот", "Ελένη", "ねこ", "ネコ", "猫ちゃん", "ミケ猫ちゃん", "らーめん",  // Japanese: Han, Hiragana, Katakana
        "김치", "김치 漢字", "注音ㄅㄆ", "שלום", "قطة", "कमला", "แมว", "猫猫", "Ｆｌｕｆｆｙ",
        "Rex\u{00A0}\u{00A0}Rex",                                             // whitespace runs collapse
    ])
    func acceptsPetNames(name: String) {
        #expect(NameRules.validatePetName(name) == nil, "\(name): \(NameRules.validatePetName(name) ?? "")")
    }

    @Test(arguments: [
        ("", "give your pet a name"),
        ("     ", "give your pet a name"),
        ("\u{1B}\u{7}", "give your pet a name"),
        ("#12", "'#'"),
        ("  #Rex", "'#'"),
        ("Al", "3 to 100"),
        ("A\u{1B}l", "3 to 100"),                           // control dropped, then too short
        ("猫", "3 to 100"),                                  // one wide character is not enough
        (String(repeating: "a", count: 101), "3 to 100"),
        // Brackets frame tick lines and prompts; look-alike brackets count.
        ("chat] admin: Maintenance, type your password [", "'['"),
        ("Rex]", "'['"), ("[Rex", "'['"), ("［chat］ admin", "'['"), ("Rex⟧", "'['"), ("【Rex】", "'['"),
        // Invisible characters.
        ("Flu\u{200B}ffy", "invisible"),                    // zero-width space
        ("\u{200B}\u{200B}\u{200B}", "invisible"),           // nothing but zero-width spaces
        ("Flu\u{034F}ffy", "invisible"),                    // combining grapheme joiner
        ("Flu\u{2060}ffy", "invisible"),                    // word joiner
        ("Flu\u{00AD}ffy", "invisible"),                    // soft hyphen
        ("Rex\u{FE0F}", "invisible"),                       // variation selector
        ("\u{115F}Rex", "invisible"),                       // Hangul choseong filler
        ("Rex\u{E0041}", "invisible"),                      // tag character
        ("Rex\u{F0000}", "invisible"),                      // private use, plane 15
        ("\u{3164}\u{3164}\u{3164}", "give your pet a name"), // Hangul fillers are blanks
        ("\u{2800}\u{2800}\u{2800}", "give your pet a name"), // so is the blank braille pattern
        ("\u{200B}#1", "'#'"),                              // invisible, then a pet number
        ("＃12", "'#'"),                                     // fullwidth number sign
        ("\u{0301}Rex", "accent"),
        // One script per name (UTS #39 single script, with the CJK combinations).
        ("Fluff\u{0443}", "mix"),                           // Latin with a Cyrillic у
        ("\u{0405}cooby", "mix"),                           // Cyrillic Ѕ, Latin rest
        ("Coca \u{0421}ola", "mix"),
        ("Ζeus", "mix"),                                    // Greek capital zeta
        ("ねこCat", "mix"),
        ("김치ねこ", "mix"),                                  // Korean and Japanese
        ("ㄅㄆねこ", "mix"),                                  // Bopomofo and Hiragana
    ])
    func refusesPetNames(name: String, reasonContains: String) {
        let reason = NameRules.validatePetName(name)
        #expect(reason?.contains(reasonContains) == true, "\(reason ?? "accepted")")
    }

    @Test func petNamesAreStoredCleanedAndInNFC() {
        #expect(NameRules.normalizedPetName("  Rex \u{3000}\t Rex  ") == "Rex Rex")
        #expect(NameRules.normalizedPetName("Rex\u{3164}\u{2800}Rex") == "Rex Rex")
        #expect(NameRules.normalizedPetName("cafe\u{301}").unicodeScalars.count == 4)
    }

    /// Pets adopted before the rules keep their stored name for lookups but are shown safely.
    @Test(arguments: [
        ("Whiskers", "Whiskers"),
        ("ねこ", "ねこ"),
        ("chat] admin: Maintenance, type your password [", "chat) admin: Maintenance, type your password ("),
        ("［chat］ admin", "(chat) admin"),
        ("Flu\u{200B}ffy", "Fluffy"),
        ("Rex   \u{00A0} Rex", "Rex Rex"),
        ("\u{0301}Rex", "Rex"),
        ("\u{200B}\u{200B}\u{200B}", "pet #7"),
        ("\u{3164}\u{3164}\u{3164}", "pet #7"),
    ])
    func oldBadNamesAreShownSafely(stored: String, shown: String) {
        #expect(NameRules.displayPetName(stored, id: 7) == shown)
    }
}
