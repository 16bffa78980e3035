import Testing
@testable import LivePetSupport

/// Look-alike skeletons and the script classifier behind pet-name checks.
@Suite struct ConfusablesTests {
    @Test(arguments: [
        ("Fluffy", "Fluff\u{0443}"),        // Cyrillic у
        ("Fluffy", "FLUFFY"),               // case
        ("Fluffy", "F1uffy"),               // digit one
        ("Fluffy", "FIuffy"),               // capital I
        ("Fluffy", "Ｆｌｕｆｆｙ"),            // fullwidth
        ("Fluffy", "𝐅𝐥𝐮𝐟𝐟𝐲"),               // mathematical bold
        ("Fluffy", "Flu\u{200B}ffy"),       // zero-width space
        ("Oscar", "0scar"),
        ("Coco", "\u{0421}\u{043E}\u{0441}\u{043E}"),  // Сосо, all Cyrillic
        ("ABE", "\u{0391}\u{0392}\u{0395}"),           // ΑΒΕ, all Greek
        ("hope", "\u{04BB}\u{043E}\u{0440}\u{0435}"),  // һоре
        ("Ilse", "llse"),
        ("pony", "\u{0440}\u{03BF}\u{0578}\u{0443}"),  // p, o, n, y from three scripts
        ("Rex Rex", " Rex \u{3000}\u{00A0} Rex "),
        ("O'Malley", "O\u{2019}Malley"),                // right single quotation mark
        ("[x]", "\u{27E6}x\u{27E7}"),
        ("Zoë", "Zoe\u{0308}"),                         // composed or not
        ("ё", "\u{0435}\u{0308}"),
    ])
    func lookAlikesShareASkeleton(_ a: String, _ b: String) {
        #expect(Confusables.skeleton(a) == Confusables.skeleton(b), "\(a) / \(b)")
    }

    @Test(arguments: [
        ("Fluffy", "Fluffier"),
        ("ilse", "llse"),                   // a dotted i is not an l
        ("Rex", "Réx"),
        ("Кот", "Kot"),                     // т is not drawn like t
        ("ねこ", "ネコ"),
        ("Rex Rex", "RexRex"),
    ])
    func differentNamesKeepDifferentSkeletons(_ a: String, _ b: String) {
        #expect(Confusables.skeleton(a) != Confusables.skeleton(b), "\(a) / \(b)")
    }

    /// The ASCII shortcut and the general path agree.
    @Test(arguments: ["Fluffy", "Pet-0000001", "I|1l0O`x", "  two  words  ", "a\tb", "[Rex]", "", "ABCxyz 789"])
    func asciiShortcutMatchesTheGeneralPath(name: String) {
        #expect(Confusables.skeleton(name) == Confusables.unicodeSkeleton(name))
    }

    @Test(arguments: [
        ("a", UnicodeScript.latin), ("é", .latin), ("ɡ", .latin), ("Ｆ", .latin),
        ("а", .cyrillic), ("Ω", .greek), ("օ", .armenian), ("ש", .hebrew), ("ق", .arabic),
        ("ब", .devanagari), ("ก", .thai), ("ね", .hiragana), ("ネ", .katakana), ("ｶ", .katakana),
        ("ー", .katakana), ("猫", .han), ("々", .han), ("김", .hangul), ("ㄅ", .bopomofo),
        ("1", .common), ("١", .arabic), ("!", .common), ("🐱", .common), (" ", .common), ("𝐅", .common),
        ("\u{0301}", .inherited), ("\u{3099}", .inherited),
        ("ꓮ", .other),                                  // Lisu
    ])
    func classifiesScripts(character: String, script: UnicodeScript) {
        #expect(UnicodeScript.of(character.unicodeScalars.first!) == script, "\(character)")
    }

    @Test(arguments: [
        ("Fluffy 2!", true), ("Кот", true), ("ねこ猫ネコ", true), ("김치 漢字", true), ("注音ㄅ", true),
        ("e\u{0301}", true), ("🐱🐱🐱", true), ("", true),
        ("Fluff\u{0443}", false), ("Ζeus", false), ("ねこ김치", false), ("ㄅね", false), ("Rexꓮ", false),
    ])
    func singleScriptRule(name: String, single: Bool) {
        #expect(UnicodeScript.isSingleScript(name) == single, "\(name)")
    }
}
