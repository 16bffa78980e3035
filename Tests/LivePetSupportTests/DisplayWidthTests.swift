import Testing
@testable import LivePetSupport

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("", 0),
        ("hello", 5),
        ("漢字", 4),
        ("한글", 4),
        ("ＡＢ", 4),                       // fullwidth Latin
        ("🐱", 2),
        ("a🐱b", 4),
        ("e\u{301}", 1),                   // decomposed é
        ("é", 1),
        ("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", 2), // ZWJ family
        ("🇯🇵", 2),                         // flag
        ("❤️", 2),                          // VS16
        ("☺", 1),                          // text-presentation default
        ("1\u{FE0F}\u{20E3}", 2),          // keycap
        ("\u{200B}", 0),                   // zero-width space
        ("a\u{7}b", 2),                    // controls take no cell
    ])
    func width(of text: String, expected: Int) {
        #expect(DisplayWidth.of(text) == expected)
    }

    @Test func wrapsAtSpaces() {
        #expect(DisplayWidth.wrap("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
        #expect(DisplayWidth.wrap("short", width: 10) == ["short"])
        #expect(DisplayWidth.wrap("", width: 10) == [""])
    }

    @Test func preservesLineBreaks() {
        #expect(DisplayWidth.wrap("one\n\ntwo three", width: 5) == ["one", "", "two", "three"])
        #expect(DisplayWidth.wrap("a\r\nb", width: 5) == ["a", "b"])
    }

    @Test func hardBreaksLongWords() {
        #expect(DisplayWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(DisplayWidth.wrap("go abcdefghij", width: 6) == ["go abc", "defghi", "j"])
        #expect(DisplayWidth.wrap("漢字漢字漢", width: 5) == ["漢字", "漢字", "漢"])
    }

    @Test func keepsIndentationAndInnerSpacing() {
        #expect(DisplayWidth.wrap("  name   age", width: 20) == ["  name   age"])
        #expect(DisplayWidth.wrap("aaaa    bbbb", width: 6) == ["aaaa", "bbbb"])
    }

    @Test func neverSplitsGraphemeClusters() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        let text = String(repeating: family + "e\u{301}", count: 5)
        let lines = DisplayWidth.wrap(text, width: 3)
        #expect(lines.joined() == text)
        for line in lines {
            #expect(line.unicodeScalars.first != "\u{301}")
            #expect(line.unicodeScalars.first != "\u{200D}")
        }
    }

    @Test(arguments: [2, 3, 5, 8, 13, 40])
    func neverExceedsWidthAndKeepsWords(width: Int) {
        let text = "Mochi the 🐱 cat purrs contentedly; 漢字 and café e\u{301}clairs, supercalifragilistic!"
        let lines = DisplayWidth.wrap(text, width: width)
        for line in lines {
            #expect(DisplayWidth.of(line) <= width, "\(line)")
            #expect(!line.hasSuffix(" "))
        }
        // Nothing lost: the non-space characters come back in order.
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
        if width >= 20 {
            // Every word that fits on a line stays whole.
            let words = Set(lines.flatMap { $0.split(separator: " ").map(String.init) })
            for word in text.split(separator: " ") where DisplayWidth.of(String(word)) <= width {
                #expect(words.contains(String(word)))
            }
        }
    }
}
