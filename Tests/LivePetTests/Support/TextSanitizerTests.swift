import Testing
@testable import LivePet

@Suite struct TextSanitizerTests {
    @Test(arguments: [
        ("\u{1B}[2Jhello", "[2Jhello"),              // ESC of a clear-screen sequence
        ("ding\u{07}dong", "dingdong"),              // BEL
        ("a\u{9B}31mred", "a31mred"),                // C1 CSI
        ("a\u{85}b", "ab"),                          // C1 NEL
        ("del\u{7F}ete", "delete"),                  // DEL
        ("nul\u{0}byte", "nulbyte"),
        ("line\r\nbreak", "linebreak"),
        ("evil\u{202E}txt.exe", "eviltxt.exe"),      // right-to-left override
        ("\u{2066}iso\u{2069}\u{200E}\u{200F}\u{061C}", "iso"),
        ("col1\tcol2", "col1 col2"),                 // tab becomes a space
        ("sep\u{2028}line", "sep line"),
    ])
    func removesControls(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
    }

    @Test(arguments: ["hello, world!", "café", "cafe\u{301}", "🐱 meow 🐾", "漢字", "👨‍👩‍👧 family", "🇫🇷"])
    func keepsPrintableText(input: String) {
        #expect(TextSanitizer.clean(input) == input)
    }

    @Test func trimsSurroundingWhitespace() {
        #expect(TextSanitizer.clean("  hi there  ") == "hi there")
        #expect(TextSanitizer.clean("\t hi \u{1B}") == "hi")
        #expect(TextSanitizer.clean("\u{00A0}wide\u{3000}") == "wide")
        #expect(TextSanitizer.clean("   ") == "")
        #expect(TextSanitizer.clean("") == "")
    }

    @Test func keepsZeroWidthJoinerInsideEmoji() {
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}"
        #expect(TextSanitizer.clean(family).unicodeScalars.count == 5)
    }
}
