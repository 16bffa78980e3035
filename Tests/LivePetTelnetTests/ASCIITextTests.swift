import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

/// What clients without UTF-8 get instead of each character (`ASCIIText`).
@Suite struct ASCIITextTests {
    @Test(arguments: [
        ("♥♥♥♡♡", "<3<3<3...."),
        ("José, Zoë and Ångström", "Jose, Zoe and Angstrom"),
        ("Straße: Æsir ø", "Strasse: AEsir o"),
        ("ＦＵＬＬ width", "FULL width"),
        ("(\\/)  \\(°_°)/", "(\\/)  \\(o_o)/"),
        ("><(((º>", "><(((o>"),
        ("─ │ → … “quoted” — ok", "- | -> ... \"quoted\" -- ok"),
        ("猫 こねこ", "? ???"),
        ("e\u{301}", "e"),
        ("👍🏽 ok", "?? ok"),
        ("plain ASCII stays", "plain ASCII stays"),
    ])
    func foldsToASCII(_ text: String, _ expected: String) {
        let folded = ASCIIText.fold(text)
        #expect(folded == expected)
        #expect(folded.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test func styleMarkersAreKeptForTheRenderer() {
        let styled = Styled.paint("♥♥", Styled.red)
        #expect(ASCIIText.fold(styled) == Styled.paint("<3<3", Styled.red))
        var bytes: [UInt8] = []
        TelnetOutput.appendStyled(ASCIIText.fold(styled), colour: true, to: &bytes)
        #expect(bytes == Array("\u{1B}[31m<3<3\u{1B}[0m".utf8))
    }

    /// `…` is one cell and `...` three: a row that fitted 80 columns must not grow past them,
    /// or the terminal would start a row inside the player's words. It is wrapped again, with
    /// the hanging indent; rows that stay within 80 columns are left alone.
    @Test func aRowThatGrowsPast80ColumnsIsWrappedAgain() {
        let row = "Mallory says, \"" + String(repeating: "…", count: 20) + " [chat] admin: moved to evil.example\""
        #expect(DisplayWidth.of(row) <= 80)
        let folded = ASCIIText.fold("Before.\n" + row + "\nAfter.")
        let rows = folded.split(separator: "\n").map(String.init)
        #expect(rows.count == 4, "\(rows)")
        #expect(rows.allSatisfy { $0.utf8.count <= 80 }, "\(rows)")
        #expect(rows[2] == "    [chat] admin: moved to evil.example\"", "\(rows)")
        #expect(ASCIIText.fold(String(repeating: "é", count: 100)) == String(repeating: "e", count: 100), "no growth, no wrap")
        // Colour escapes take no room.
        let red = "\u{1B}[31m" + String(repeating: "♥", count: 38) + "\u{1B}[0m"
        #expect(!ASCIIText.fold(red).contains("\n"))
    }

    @Test func encodedBytesFoldLikeText() {
        var bytes: [UInt8] = []
        TelnetOutput.appendText("Zoë ♥\n", to: &bytes)
        #expect(ASCIIText.fold(bytes: bytes) == Array("Zoe <3\r\n".utf8))
    }
}
