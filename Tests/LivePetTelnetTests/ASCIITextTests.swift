import Testing
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

    @Test func encodedBytesFoldLikeText() {
        var bytes: [UInt8] = []
        TelnetOutput.appendText("Zoë ♥\n", to: &bytes)
        #expect(ASCIIText.fold(bytes: bytes) == Array("Zoe <3\r\n".utf8))
    }
}
