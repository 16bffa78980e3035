import Testing
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld

/// The encoder as it was, a byte at a time: the reference the run-copying encoder must match.
private func referenceEncoded(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var pendingCR = false
    for byte in bytes {
        if pendingCR {
            pendingCR = false
            if byte == 10 {
                out.append(10)
                continue
            }
            out.append(0)
        }
        switch byte {
        case 13: out.append(13); pendingCR = true
        case 10: out += [13, 10]
        case 0xFF: out += [0xFF, 0xFF]
        default: out.append(byte)
        }
    }
    if pendingCR { out.append(0) }
    return out
}

/// Style markers rendered a scalar at a time, independently of `Styled.render`.
private func referenceRendered(_ text: String, colour: Bool) -> [UInt8] {
    let escapes = ["0", "1", "31", "32", "33", "34", "35", "36", "2"]
    var out: [UInt8] = []
    for scalar in text.unicodeScalars {
        if (0xE000...0xE008).contains(scalar.value) {
            if colour { out += Array("\u{1B}[\(escapes[Int(scalar.value - 0xE000)])m".utf8) }
        } else {
            out += Array(String(scalar).utf8)
        }
    }
    return out
}

/// Random text from pieces that matter to the encoder: line ends, every marker and the
/// scalars next to them (whose UTF-8 shares the EE lead byte), other UTF-8, quotes.
private func randomText(_ random: inout SplitMix64, maxPieces: Int) -> String {
    let pieces = ["a", "Rex", " ", "\"", "'", ",", "\r", "\n", "\r\n", "é", "😀", "\u{E000}", "\u{E001}", "\u{E007}",
                  "\u{E008}", "\u{E009}", "\u{E00F}", "\u{E100}", "\u{EFFF}", "\u{ED00}", "\u{F000}", "\u{FFFD}", "\u{7F}", "\u{0}"]
    var text = ""
    for _ in 0..<random.below(maxPieces + 1) { text += pieces[random.below(pieces.count)] }
    return text
}

/// Runs `trial` `count` times on one seeded generator (every run replays identically) and
/// adds up the mismatches each trial reports.
private func mismatches(seed: UInt64, trials count: Int, _ trial: (inout SplitMix64) -> Int) -> Int {
    var random = SplitMix64(seed: seed)
    return (0..<count).reduce(0) { total, _ in total + trial(&random) }
}

@Suite struct TelnetOutputFuzzTests {
    /// Runs of ordinary bytes are copied at once; on random bytes (mostly the ones that stop
    /// a run: CR, LF, IAC, a marker's lead byte) the result must be the byte-at-a-time one.
    @Test func runsEncodeLikeOneByteAtATime() {
        let interesting: [UInt8] = [13, 10, 0xFF, 0xEE, 0x80, 0x88, 0x89, 0, 0xC3, 0xA9]
        let found = mismatches(seed: 0x7E1_0C7, trials: 5_000) { random in
            var bytes: [UInt8] = []
            for _ in 0..<random.below(60) {
                bytes.append(random.below(3) == 0 ? interesting[random.below(interesting.count)] : UInt8(0x20 + random.below(95)))
            }
            var out: [UInt8] = [7]
            TelnetOutput.appendText(bytes, to: &out)
            return out != [7] + referenceEncoded(bytes) ? 1 : 0
        }
        #expect(found == 0)
    }

    /// `appendStyled` renders and encodes in one pass: the same bytes as rendering the
    /// markers first and encoding the result, for colour clients and others.
    @Test func styledTextEncodesLikeRenderThenEncode() {
        let found = mismatches(seed: 0x57_11ED, trials: 5_000) { random in
            let text = randomText(&random, maxPieces: 12)
            var found = 0
            for colour in [false, true] {
                var out: [UInt8] = []
                TelnetOutput.appendStyled(text, colour: colour, to: &out)
                if out != referenceEncoded(referenceRendered(text, colour: colour)) { found += 1 }
                if Array(Styled.render(text, colour: colour).utf8) != referenceRendered(text, colour: colour) { found += 1 }
            }
            return found
        }
        #expect(found == 0)
    }

    /// Talk is encoded from its parts; it must read exactly like the styled line it replaces
    /// (the speaker's name painted cyan), and its GMCP text like the plain sentence.
    @Test func talkEncodesLikeTheStyledLine() {
        let found = mismatches(seed: 0x7A1C, trials: 2_000) { random in
            let name = randomText(&random, maxPieces: 3)
            let text = randomText(&random, maxPieces: 10)
            let joiner = text.first.map { "',.:;!?".contains($0) } == true ? "" : " "
            let cases: [(TalkLine, String, String)] = [
                (.say(text, by: name), "\(Styled.paint(name, Styled.cyan)) says, \"\(text)\"\n", "\(name) says, \"\(text)\""),
                (.emote(text, by: name), "\(Styled.paint(name, Styled.cyan))\(joiner)\(text)\n", "\(name)\(joiner)\(text)"),
            ]
            var found = 0
            for (talk, styled, plain) in cases {
                if talk.plain != plain { found += 1 }
                for colour in [false, true] {
                    var out: [UInt8] = []
                    // The text as given: where long talk is broken is TalkWrapTests' business.
                    talk.append(colour: colour, wrapped: nil, to: &out)
                    if out != referenceEncoded(referenceRendered(styled, colour: colour)) { found += 1 }
                }
            }
            return found
        }
        #expect(found == 0)
    }
}
