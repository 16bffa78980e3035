import Testing
@testable import LivePetSupport

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

    /// Relayed text cannot be padded into a second, forged line: every run of whitespace
    /// (or of blank-looking fillers) becomes one ASCII space.
    @Test(arguments: [
        ("waves" + String(repeating: " ", count: 90) + "[chat] admin: Server moved", "waves [chat] admin: Server moved"),
        ("a  b", "a b"),
        ("a\t\tb", "a b"),
        ("a\u{00A0}\u{00A0}\u{00A0}b", "a b"),              // no-break spaces
        ("a\u{3000}\u{2003}\u{2009}\u{202F}\u{205F}b", "a b"), // ideographic, em, thin, narrow, math
        ("a\u{1680}b", "a b"),                               // ogham space mark
        ("a\u{2028}\u{2029}b", "a b"),
        ("a\u{3164}\u{FFA0}b", "a b"),                       // Hangul fillers
        ("a\u{2800}\u{2800}b", "a b"),                       // blank braille pattern
        ("a \u{1B} \u{7} b", "a b"),                          // controls dropped inside a run
        ("\u{00A0} a \u{3000}", "a"),
    ])
    func collapsesWhitespaceRuns(input: String, expected: String) {
        #expect(TextSanitizer.clean(input) == expected)
    }

    @Test func singleSpacedASCIIIsReturnedAsIs() {
        #expect(TextSanitizer.clean("hello there, how are you?") == "hello there, how are you?")
        #expect(TextSanitizer.clean("x") == "x")
    }
}
