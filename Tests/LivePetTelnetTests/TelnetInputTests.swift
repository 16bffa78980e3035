import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

private let iac = TelnetCommand.iac
private let cr: UInt8 = 13
private let lf: UInt8 = 10

/// Feeds `chunks` one after another to `input` and returns every event.
private func decode(_ chunks: [UInt8]..., into input: inout TelnetInput) -> [TelnetEvent] {
    var events: [TelnetEvent] = []
    for chunk in chunks {
        input.feed(chunk) { events.append($0) }
    }
    return events
}

private func decode(_ chunks: [UInt8]...) -> [TelnetEvent] {
    var input = TelnetInput()
    var events: [TelnetEvent] = []
    for chunk in chunks {
        input.feed(chunk) { events.append($0) }
    }
    return events
}

private func bytes(_ text: String) -> [UInt8] {
    Array(text.utf8)
}

private func line(_ text: String, truncated: Bool = false) -> TelnetEvent {
    .line(text, truncated: truncated)
}

@Suite struct TelnetInputTests {
    @Test(arguments: [
        ("one\r\n", ["one"]),
        ("one\r\0", ["one"]),
        ("one\n", ["one"]),
        ("one\r", ["one"]),
        ("one\rtwo\n", ["one", "two"]),
        ("one\r\rtwo\r\n", ["one", "", "two"]),
        ("one\n\ntwo\r\n", ["one", "", "two"]),
        // LF CR is not a pair: the CR ends a second, empty line (documented choice).
        ("one\n\rtwo\n", ["one", "", "two"]),
        ("\r\n\r\n", ["", ""]),
        ("a\0b\n", ["ab"]),
        ("a\u{1B}[1mb\n", ["a\u{1B}[1mb"]),
        ("no end of line", []),
    ])
    func endOfLineKinds(text: String, expected: [String]) {
        #expect(decode(bytes(text)) == expected.map { line($0) })
    }

    @Test func crlfAndCRNulSplitAcrossFeedsAreOneLine() {
        #expect(decode(bytes("look\r"), bytes("\nsay hi\r\n")) == [line("look"), line("say hi")])
        #expect(decode(bytes("look\r"), bytes("\0north\r"), bytes("\0")) == [line("look"), line("north")])
        #expect(decode(bytes("look\r"), bytes("north\n")) == [line("look"), line("north")])
    }

    @Test func pairedLineFeedIsSwallowedAcrossTelnetCommands() {
        let input = bytes("a\r") + [iac, TelnetCommand.nop, lf] + bytes("b\n")
        #expect(decode(input) == [line("a"), .command(TelnetCommand.nop), line("b")])
    }

    @Test func doubledIACIsDataByte0xFF() {
        var input = TelnetInput()
        let events = decode(bytes("a") + [iac, iac] + bytes("b"), into: &input)
        #expect(events.isEmpty)
        #expect(input.bufferedByteCount == 3)
        #expect(!input.peerSpokeTelnet)
        #expect(decode(bytes("\n"), into: &input) == [line("a\u{FFFD}b")])
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        #expect(decode([0x61, 0xC3, 0x28, 0x80, 0xFE, lf]) == [line("a\u{FFFD}(\u{FFFD}\u{FFFD}")])
        #expect(decode(bytes("caf") + [0xC3, 0xA9, lf]) == [line("café")])
    }

    @Test(arguments: [TelnetInputTests.backspace, TelnetInputTests.delete])
    func eraseRemovesWholeScalars(erase: UInt8) {
        #expect(decode(bytes("abc") + [erase] + bytes("d\n")) == [line("abd")])
        #expect(decode(bytes("é€😀") + [erase] + bytes("\n")) == [line("é€")])
        #expect(decode(bytes("é€😀") + [erase, erase, erase] + bytes("x\n")) == [line("x")])
        #expect(decode([erase, erase] + bytes("ok\n")) == [line("ok")])
        // An invalid byte is erased one at a time, as each showed as one U+FFFD.
        #expect(decode(bytes("a") + [0x80, 0x80, erase] + bytes("\n")) == [line("a\u{FFFD}")])
    }

    static let backspace: UInt8 = 8
    static let delete: UInt8 = 127

    @Test func eraseCommandsEditThePendingLine() {
        #expect(decode(bytes("abé") + [iac, TelnetCommand.ec] + bytes("\n"))
            == [.command(TelnetCommand.ec), line("ab")])
        #expect(decode(bytes("junk") + [iac, TelnetCommand.el] + bytes("look\n"))
            == [.command(TelnetCommand.el), line("look")])
    }

    @Test func longLineIsTruncatedAtTheCapWithFlag() {
        #expect(decode(bytes(String(repeating: "a", count: 512) + "\n")) == [line(String(repeating: "a", count: 512))])
        #expect(decode(bytes(String(repeating: "a", count: 600) + "\n"))
            == [line(String(repeating: "a", count: 512), truncated: true)])
    }

    @Test func truncationCutsAtAScalarBoundary() {
        let head = String(repeating: "a", count: 510)
        // The 4-byte emoji straddles the cap: it is not kept in part.
        #expect(decode(bytes(head + "😀b\n")) == [line(head, truncated: true)])
        #expect(decode(bytes(head + "é\n")) == [line(head + "é")])
        #expect(decode(bytes(head + "éé\n")) == [line(head + "é", truncated: true)])
    }

    @Test func erasingBackUnderTheCapClearsTruncation() {
        let head = String(repeating: "a", count: 510)
        #expect(decode(bytes(head + "😀") + [8] + bytes("\n")) == [line(head)])
        #expect(decode(bytes(head + "😀😀") + [8] + bytes("\n")) == [line(head, truncated: true)])
        #expect(decode(bytes(head + "😀😀") + [8, 8, 8] + bytes("\n")) == [line(String(repeating: "a", count: 509))])
    }

    @Test func lineTooLongIsReportedOnceAndInputStaysBounded() {
        var input = TelnetInput()
        var events = decode(bytes(String(repeating: "x", count: 4096)), into: &input)
        #expect(events.isEmpty)
        #expect(input.bufferedByteCount == 512)
        events = decode(bytes("y"), [UInt8](repeating: 0x7A, count: 100_000), into: &input)
        #expect(events == [.lineTooLong])
        #expect(input.bufferedByteCount == 0)
        // The rest of that line is dropped; decoding resumes after its end.
        #expect(decode(bytes("tail\r\nok\r\n"), into: &input) == [line("ok")])
    }

    @Test func commandsAreConsumedAndReported() {
        let commands: [UInt8] = [
            TelnetCommand.nop, TelnetCommand.ayt, TelnetCommand.ga, TelnetCommand.eor, TelnetCommand.brk,
            TelnetCommand.ip, TelnetCommand.ao, TelnetCommand.dm, TelnetCommand.se, 100,
        ]
        var data = bytes("ab")
        for command in commands {
            data += [iac, command]
        }
        data += bytes("c\n")
        var input = TelnetInput()
        #expect(decode(data, into: &input) == commands.map { .command($0) } + [line("abc")])
        #expect(input.peerSpokeTelnet)
    }

    @Test func negotiationsAreReported() {
        let data: [UInt8] = [
            iac, TelnetCommand.will, TelnetOption.naws, iac, TelnetCommand.wont, 1,
            iac, TelnetCommand.do, TelnetOption.eor, iac, TelnetCommand.dont, 255,
        ]
        #expect(decode(data) == [.will(TelnetOption.naws), .wont(1), .do(TelnetOption.eor), .dont(255)])
    }

    @Test func subnegotiationIsUnescaped() {
        let naws: [UInt8] = [iac, TelnetCommand.sb, TelnetOption.naws, 0, 80, 0, 24, iac, TelnetCommand.se]
        #expect(decode(naws + bytes("hi\n")) == [.subnegotiation(option: TelnetOption.naws, data: [0, 80, 0, 24]), line("hi")])
        let escaped: [UInt8] = [iac, TelnetCommand.sb, TelnetOption.gmcp, 1, iac, iac, 2, iac, iac, iac, TelnetCommand.se]
        #expect(decode(escaped) == [.subnegotiation(option: TelnetOption.gmcp, data: [1, 255, 2, 255])])
        #expect(decode([iac, TelnetCommand.sb, 24, iac, TelnetCommand.se]) == [.subnegotiation(option: 24, data: [])])
    }

    @Test func subnegotiationEndedByAnotherCommandIsClosedAndTheCommandKept() {
        let data: [UInt8] = [iac, TelnetCommand.sb, TelnetOption.ttype, 0, 0x78, iac, TelnetCommand.will, TelnetOption.naws]
        #expect(decode(data + bytes("x\n")) == [
            .subnegotiation(option: TelnetOption.ttype, data: [0, 0x78]), .will(TelnetOption.naws), line("x"),
        ])
    }

    @Test func subnegotiationAtTheCapIsKeptAndBeyondItDropped() {
        let atCap = [UInt8](repeating: 7, count: 8192)
        #expect(decode([iac, TelnetCommand.sb, TelnetOption.gmcp] + atCap + [iac, TelnetCommand.se])
            == [.subnegotiation(option: TelnetOption.gmcp, data: atCap)])
        var input = TelnetInput()
        let over = [iac, TelnetCommand.sb, TelnetOption.gmcp] + atCap + [7, iac, iac, 7, iac, TelnetCommand.se]
        #expect(decode(over, bytes("hi\n"), into: &input) == [line("hi")])
        // The cap applies per subnegotiation: the next one is fine again.
        #expect(decode([iac, TelnetCommand.sb, 24, 0, 65, iac, TelnetCommand.se], into: &input)
            == [.subnegotiation(option: 24, data: [0, 65])])
    }

    @Test func unterminatedSubnegotiationDoesNotGrowMemory() {
        var input = TelnetInput()
        var events = decode([iac, TelnetCommand.sb, TelnetOption.gmcp], into: &input)
        let chunk = bytes(String(repeating: "say hello\r\n", count: 100))
        for _ in 0..<200 {
            events += decode(chunk, into: &input)
            #expect(input.bufferedByteCount <= 8192)
        }
        #expect(events.isEmpty)
        #expect(input.bufferedCapacity <= 512 + 2 * 8192 + 64)
        #expect(decode([iac, TelnetCommand.se], bytes("ok\n"), into: &input) == [line("ok")])
    }

    @Test func peerSpokeTelnetOnlyAfterARealCommand() {
        var input = TelnetInput()
        _ = decode(bytes("plain\r\n") + [iac, iac], into: &input)
        #expect(!input.peerSpokeTelnet)
        _ = decode([iac, TelnetCommand.do, TelnetOption.echo], into: &input)
        #expect(input.peerSpokeTelnet)
    }
}
