import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

private let iac = TelnetCommand.iac

private func encoded(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    TelnetOutput.appendText(text, to: &out)
    return out
}

@Suite struct TelnetOutputTests {
    @Test(arguments: [
        ("a\nb", [0x61, 13, 10, 0x62]),
        ("a\r\nb", [0x61, 13, 10, 0x62]),
        ("a\rb", [0x61, 13, 0, 0x62]),
        ("end\r", [0x65, 0x6E, 0x64, 13, 0]),
        ("\n\n", [13, 10, 13, 10]),
        ("\r\r\n", [13, 0, 13, 10]),
        ("é", [0xC3, 0xA9]),
    ] as [(String, [UInt8])])
    func textConvertsLineEnds(text: String, expected: [UInt8]) {
        #expect(encoded(text) == expected)
    }

    @Test func textBytesDoubleIAC() {
        var out: [UInt8] = [1]
        TelnetOutput.appendText([0x41, 0xFF, 0xFF, 0x0A] as [UInt8], to: &out)
        #expect(out == [1, 0x41, iac, iac, iac, iac, 13, 10])
    }

    @Test func commandsAndNegotiations() {
        var out: [UInt8] = []
        TelnetOutput.append(command: TelnetCommand.will, option: TelnetOption.gmcp, to: &out)
        TelnetOutput.append(command: TelnetCommand.ga, to: &out)
        TelnetOutput.append(command: TelnetCommand.eor, to: &out)
        #expect(out == [iac, 251, 201, iac, 249, iac, 239])
    }

    @Test func subnegotiationDoublesIACInPayload() {
        var out: [UInt8] = []
        TelnetOutput.appendSubnegotiation(option: TelnetOption.mssp, payload: [1, 0xFF, 2], to: &out)
        #expect(out == [iac, TelnetCommand.sb, 70, 1, iac, iac, 2, iac, TelnetCommand.se])
    }

    @Test func outputDecodesBackToTheSameContent() {
        var random = TelnetTestRandom(seed: 42)
        for _ in 0..<200 {
            let payload = (0..<random.below(40)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var out: [UInt8] = []
            TelnetOutput.appendSubnegotiation(option: TelnetOption.gmcp, payload: payload, to: &out)
            TelnetOutput.appendText("héllo\nworld\r\nbye\rnow\n", to: &out)
            var input = TelnetInput()
            var events: [TelnetEvent] = []
            input.feed(out) { events.append($0) }
            #expect(events == [
                .subnegotiation(option: TelnetOption.gmcp, data: payload),
                .line("héllo", truncated: false), .line("world", truncated: false),
                .line("bye", truncated: false), .line("now", truncated: false),
            ])
        }
    }
}
