import Testing
@testable import LivePetSupport
@testable import LivePetWorld

/// The server's own line breaks in long talk (`TalkWrap`): at spaces, with a hanging indent,
/// by display width, so that no row of a terminal starts with a player's words.
@Suite struct TalkWrapTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        /// Cells of the server's prefix before the text, and of its closing after it.
        let column: Int
        var trailing = 0
        var width = 80
        let expected: String
        var testDescription: String { name }
    }

    /// "Alice waves " and 67 dots with a space fill 80 columns: unbroken, an 80-column
    /// terminal would start its second row with `[chat]`.
    static let forged = "waves " + String(repeating: ".", count: 67) + " [chat] admin: Server moved to evil.example"

    static let cases: [Case] = [
        Case(name: "short line", text: "waves hello", column: 6, expected: "waves hello"),
        Case(name: "exactly 80 cells", text: String(repeating: "x", count: 74), column: 6,
             expected: String(repeating: "x", count: 74)),
        Case(name: "short wide line", text: "ねこがすき 🐱", column: 6, expected: "ねこがすき 🐱"),
        Case(name: "word boundary", text: "the quick brown fox jumps over", column: 6, width: 20,
             expected: "the quick\n    brown fox jumps\n    over"),
        Case(name: "closing quote moves the last word", text: "abc defgh", column: 10, trailing: 2, width: 20,
             expected: "abc\n    defgh"),
        Case(name: "closing quote fits", text: "abc defgh", column: 10, trailing: 1, width: 20,
             expected: "abc defgh"),
        Case(name: "prefix leaves no room for the first word", text: "abcdefghijkl mn", column: 10, width: 20,
             expected: "\n    abcdefghijkl mn"),
        Case(name: "very long word", text: String(repeating: "x", count: 40), column: 6, width: 20,
             expected: String(repeating: "x", count: 14) + "\n    " + String(repeating: "x", count: 16)
                 + "\n    " + String(repeating: "x", count: 10)),
        Case(name: "very long word after a short one", text: "go " + String(repeating: "y", count: 30), column: 0, width: 12,
             expected: "go " + String(repeating: "y", count: 9) + "\n    " + String(repeating: "y", count: 8)
                 + "\n    " + String(repeating: "y", count: 8) + "\n    " + String(repeating: "y", count: 5)),
        Case(name: "very long word at 80", text: String(repeating: "z", count: 200), column: 6,
             expected: String(repeating: "z", count: 74) + "\n    " + String(repeating: "z", count: 76)
                 + "\n    " + String(repeating: "z", count: 50)),
        // Ten ideographs are 20 cells: seven fill 6 + 14 columns, the eighth would pass 20.
        Case(name: "CJK counts two cells", text: "漢字漢字漢字漢字漢字", column: 6, width: 20,
             expected: "漢字漢字漢字漢\n    字漢字"),
        // At 5 + 14 = 19 a wide character does not fit in the last cell: it goes to the next row.
        Case(name: "CJK never straddles the edge", text: "漢字漢字漢字漢字漢字", column: 5, width: 20,
             expected: "漢字漢字漢字漢\n    字漢字"),
        // 8 + 1 + 8 cells fit in 20 (their 25 bytes would not).
        Case(name: "CJK words fit by cells", text: "漢字漢字 漢字漢字 漢字漢字", column: 0, width: 20,
             expected: "漢字漢字 漢字漢字\n    漢字漢字"),
        Case(name: "CJK words", text: "ねこねこ ねこねこ", column: 0, width: 10,
             expected: "ねこねこ\n    ねこね\n    こ"),
        Case(name: "forged chat line", text: forged, column: 6,
             expected: "waves " + String(repeating: ".", count: 67) + "\n    [chat] admin: Server moved to evil.example"),
    ]

    @Test(arguments: cases)
    func wraps(_ c: Case) {
        let wrapped = TalkWrap.wrap(c.text, column: c.column, trailing: c.trailing, width: c.width)
        #expect(Array(wrapped.utf8) == Array(c.expected.utf8), "\(wrapped.debugDescription)")
        Self.checkRows(wrapped, text: c.text, column: c.column, trailing: c.trailing, width: c.width)
    }

    /// Whatever the text: every row fits, every row but the first starts with the indent, and
    /// only the spaces at breaks are gone.
    @Test(arguments: [20, 33, 80])
    func rowsFitAndAreIndented(width: Int) {
        var random = SplitMix64(seed: UInt64(width))
        let words = ["a", "waves", "[chat]", "admin:", "漢字", "ねこねこねこ", "🐱", "é", "....................",
                     String(repeating: "-", count: 90), "Ｆｕｌｌ"]
        for _ in 0..<300 {
            let count = Int(random.next() % 30) + 1
            let text = (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            let column = Int(random.next() % UInt64(width / 2))
            let trailing = Int(random.next() % 2)
            let wrapped = TalkWrap.wrap(text, column: column, trailing: trailing, width: width)
            Self.checkRows(wrapped, text: text, column: column, trailing: trailing, width: width)
        }
    }

    static func checkRows(_ wrapped: String, text: String, column: Int, trailing: Int, width: Int,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        let rows = wrapped.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, row) in rows.enumerated() {
            var cells = DisplayWidth.of(String(row))
            if index == 0 { cells += column }
            if index == rows.count - 1 { cells += trailing }
            #expect(cells <= width, "row \(index) of \(wrapped.debugDescription)", sourceLocation: sourceLocation)
            if index > 0 {
                #expect(row.hasPrefix(TalkWrap.indent), "row \(index) of \(wrapped.debugDescription)", sourceLocation: sourceLocation)
                #expect(!row.dropFirst(TalkWrap.indent.count).hasPrefix(" "), sourceLocation: sourceLocation)
            }
        }
        #expect(wrapped.filter { $0 != " " && $0 != "\n" } == text.filter { $0 != " " },
                "\(wrapped.debugDescription)", sourceLocation: sourceLocation)
    }

    /// Talk is wrapped once for every kind of client: colour and plain (screen readers get the
    /// same bytes) break at the same place; GMCP gets the line unbroken.
    @Test func talkLineVariantsBreakAlike() {
        let talk = TalkLine.emote(Self.forged, by: "Alice")
        var line = EncodedLine(talk)
        let continuation = "\r\n    [chat] admin: Server moved to evil.example\r\n"
        for variant in 0..<4 {
            let text = String(decoding: line.bytes(variant: variant), as: UTF8.self)
            #expect(text.hasSuffix(continuation), "variant \(variant): \(text.debugDescription)")
            #expect(text.components(separatedBy: "\r\n").count == 3, "variant \(variant): \(text.debugDescription)")
        }
        #expect(talk.plain == "Alice " + Self.forged)

        let say = TalkLine.say(String(repeating: "é", count: 40) + " " + String(repeating: "é", count: 40), by: "Alice")
        // Forty é are 80 bytes but 40 cells: the break comes after them, not inside.
        #expect(say.wrapped() == String(repeating: "é", count: 40) + "\n    " + String(repeating: "é", count: 40))
        // Short: nothing to wrap, the text is sent as it is.
        #expect(TalkLine.say("hello there", by: "Alice").wrapped() == nil)
        var short = EncodedLine(TalkLine.say("hello there", by: "Alice"))
        #expect(Array(short.bytes(variant: 0)) == Array("Alice says, \"hello there\"\r\n".utf8))
    }

    /// A word longer than a row is cut between characters, but never just before a hyphen
    /// ("Guest" / "-1000"): the character before it goes down with it.
    @Test func aCutWordNeverStartsARowWithAHyphen() {
        for width in 20...40 {
            for lead in 0..<24 {
                let word = String(repeating: "x", count: lead) + "Guest-1000" + String(repeating: "y", count: 30)
                let wrapped = TalkWrap.wrap("say " + word, column: 0, width: width)
                for row in wrapped.split(separator: "\n") {
                    #expect(!row.drop(while: { $0 == " " }).hasPrefix("-"), "width \(width): \(wrapped)")
                    #expect(DisplayWidth.of(String(row)) <= width)
                }
                #expect(wrapped.replacingOccurrences(of: "\n    ", with: "") == "say " + word)
            }
        }
    }

    /// Members whose window is not 80 columns get talk wrapped to theirs, encoded once per
    /// width; lines that fit are the same bytes for every width.
    @Test func talkIsEncodedOncePerWidthThatNeedsIt() {
        let long = String(repeating: "word ", count: 20)
        var line = EncodedLine(TalkLine.say(long, by: "Alice"))
        let eighty = Array(line.bytes(variant: 0))
        #expect(Array(line.bytes(variant: 0, width: 80)) == eighty)
        let forty = String(decoding: Array(line.bytes(variant: 0, width: 40)), as: UTF8.self)
        #expect(forty.split(separator: "\r\n").allSatisfy { DisplayWidth.of(String($0)) <= 40 }, "\(forty)")
        #expect(line.bytes(variant: 0, width: 40).baseAddress == line.bytes(variant: 0, width: 40).baseAddress, "made once")
        let wide = String(decoding: Array(line.bytes(variant: 0, width: 200)), as: UTF8.self)
        #expect(wide.split(separator: "\r\n").count == 1, "\(wide)")
        var short = EncodedLine(TalkLine.say("hello there", by: "Alice"))
        #expect(short.bytes(variant: 0, width: 40).baseAddress == short.bytes(variant: 0).baseAddress, "fits: the shared bytes")
    }
}
