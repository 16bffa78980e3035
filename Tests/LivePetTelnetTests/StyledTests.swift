import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

/// Style markers (U+E000...U+E008) become ANSI escapes for colour clients and vanish for the
/// rest; every other character, ASCII or not, passes through untouched.
@Suite struct StyledTests {
    let text = "é \(Styled.paint("Bob", Styled.cyan)) says ☃ \u{E009}\(Styled.bold)!"

    @Test func colourClientsGetEscapes() {
        #expect(Styled.render(text, colour: true) == "é \u{1B}[36mBob\u{1B}[0m says ☃ \u{E009}\u{1B}[1m!")
    }

    @Test func othersGetTheTextWithoutMarkers() {
        #expect(Styled.render(text, colour: false) == "é Bob says ☃ \u{E009}!")
    }

    @Test func textWithoutMarkersIsUnchanged() {
        #expect(Styled.render("plain, ünïcödé 🐈", colour: true) == "plain, ünïcödé 🐈")
        #expect(Styled.render("\u{E000}", colour: false) == "")
    }
}
