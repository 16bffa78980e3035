import Testing
@testable import LivePetNet
@testable import LivePetTelnet

/// The telnet CHARSET option (RFC 2066) and Latin-1 input in the transport stack, driven with
/// byte arrays: the offer, the request, the answers of RFC clients and of TinTin++ (which
/// answers each name it knows), and how input lines are decoded per connection.
@Suite struct CharsetNegotiationTests {
    private let iac = TelnetCommand.iac
    private let charset = TelnetOption.charset

    private func receive(_ bytes: [UInt8], _ stack: inout TransportStack) -> [TransportAction] {
        var actions: [TransportAction] = []
        bytes.withUnsafeBytes { stack.receive($0, now: 1, into: &actions) }
        return actions
    }

    /// A stack whose client has answered the opening offer (so CHARSET was offered).
    private func telnetClient() -> TransportStack {
        var limits = ConnectionLimits()
        limits.protocolSniffWindow = .zero
        var stack = TransportStack(limits: limits)
        var actions: [TransportAction] = []
        _ = stack.open(now: 0, into: &actions)
        _ = receive([iac, TelnetCommand.wont, TelnetOption.naws], &stack)
        return stack
    }

    private func answer(_ command: UInt8, _ name: String) -> [UInt8] {
        [iac, TelnetCommand.sb, charset, command] + Array(name.utf8) + [iac, TelnetCommand.se]
    }

    private func charsetEvents(_ actions: [TransportAction]) -> [TelnetCharset] {
        actions.compactMap { if case .event(.charset(let charset)) = $0 { charset } else { nil } }
    }

    @Test func charsetIsOfferedOnceTheClientSpeaksTelnetAndItsDoBringsTheRequest() {
        var limits = ConnectionLimits()
        limits.protocolSniffWindow = .zero
        var stack = TransportStack(limits: limits)
        var actions: [TransportAction] = []
        _ = stack.open(now: 0, into: &actions)
        let opening = actions.compactMap { if case .reply(let bytes) = $0 { bytes } else { nil } }.joined()
        #expect(!Array(opening).contains(charset), "not in the opening offer: raw clients never see it")
        let first = receive([iac, TelnetCommand.wont, TelnetOption.naws], &stack)
        let willCharset: [UInt8] = [iac, TelnetCommand.will, charset]
        #expect(first.contains(where: { action in
            guard case .reply(let bytes) = action else { return false }
            return bytes.indices.contains { bytes[$0...].starts(with: willCharset) }
        }))
        let agreed = receive([iac, TelnetCommand.do, charset], &stack)
        let request: [UInt8] = [iac, TelnetCommand.sb, charset, 1] + Array(";UTF-8;ISO-8859-1;US-ASCII".utf8) + [iac, TelnetCommand.se]
        #expect(agreed == [.reply(request)])
        #expect(receive([iac, TelnetCommand.do, charset], &stack).isEmpty, "asked once")
    }

    @Test(arguments: [
        // RFC 2066 clients, and telnetlib3's: one answer.
        ([(TelnetSubnegotiation.charsetAccepted, "UTF-8")], [TelnetCharset.utf8]),
        ([(TelnetSubnegotiation.charsetAccepted, "ISO-8859-1")], [.ascii]),
        ([(TelnetSubnegotiation.charsetAccepted, "US-ASCII")], [.ascii]),
        ([(TelnetSubnegotiation.charsetRejected, "")], [.ascii]),
        // TinTin++: one answer per name it knows, with a space before the name.
        ([(TelnetSubnegotiation.charsetAccepted, " UTF-8"), (TelnetSubnegotiation.charsetRejected, " ISO-8859-1")], [.utf8]),
        ([(TelnetSubnegotiation.charsetRejected, " UTF-8"), (TelnetSubnegotiation.charsetRejected, " ISO-8859-1")], [.ascii]),
        ([(TelnetSubnegotiation.charsetRejected, " UTF-8"), (TelnetSubnegotiation.charsetAccepted, " ISO-8859-1")], [.ascii, .ascii]),
        // A name we did not offer says nothing.
        ([(TelnetSubnegotiation.charsetAccepted, "KOI8-R")], []),
    ] as [([(UInt8, String)], [TelnetCharset])])
    func theAnswerSaysWhetherTheClientTakesUTF8(_ answers: [(UInt8, String)], _ expected: [TelnetCharset]) {
        var stack = telnetClient()
        _ = receive([iac, TelnetCommand.do, charset], &stack)
        var events: [TelnetCharset] = []
        for (command, name) in answers { events += charsetEvents(receive(answer(command, name), &stack)) }
        #expect(events == expected)
    }

    /// RFC 2066 lets the client ask too: it gets ACCEPTED for UTF-8 if it offers it, else for
    /// its first ASCII or Latin-1 name, else REJECTED.
    @Test(arguments: [
        (";ISO-8859-1;UTF-8", "UTF-8", TelnetCharset.utf8),
        ("[TTABLE]\u{1} CP437 US-ASCII", "US-ASCII", .ascii),
        (";KOI8-R;BIG5", nil, nil),
    ] as [(String, String?, TelnetCharset?)])
    func aClientsOwnRequestIsAnswered(_ list: String, _ accepted: String?, _ expected: TelnetCharset?) {
        var stack = telnetClient()
        _ = receive([iac, TelnetCommand.do, charset], &stack)
        let actions = receive([iac, TelnetCommand.sb, charset, 1] + Array(list.utf8) + [iac, TelnetCommand.se], &stack)
        let answer: [UInt8] = accepted.map { [iac, TelnetCommand.sb, charset, 2] + Array($0.utf8) + [iac, TelnetCommand.se] }
            ?? [iac, TelnetCommand.sb, charset, 3, iac, TelnetCommand.se]
        #expect(actions.contains(.reply(answer)), "\(actions)")
        #expect(charsetEvents(actions) == (expected.map { [$0] } ?? []))
    }

    @Test func answersWithoutAnAgreementAreIgnored() {
        var stack = telnetClient()
        #expect(charsetEvents(receive(answer(TelnetSubnegotiation.charsetAccepted, "US-ASCII"), &stack)).isEmpty)
        var refusing = telnetClient()
        #expect(receive([iac, TelnetCommand.dont, charset], &refusing).isEmpty, "a refusal is quiet")
        #expect(charsetEvents(receive(answer(TelnetSubnegotiation.charsetRejected, ""), &refusing)).isEmpty)
    }

    @Test func inputIsReadAsLatin1OnlyForAnASCIIConnection() {
        var stack = telnetClient()
        let cafe: [UInt8] = Array("caf".utf8) + [0xE9, 13, 10]
        #expect(receive(cafe, &stack) == [.event(.line("caf\u{FFFD}", truncated: false))], "UTF-8 by default")
        stack.setInputCharset(.ascii)
        #expect(receive(cafe, &stack) == [.event(.line("café", truncated: false))])
        // Every byte is a character: BS erases one byte, not a UTF-8 sequence.
        #expect(receive(Array("na".utf8) + [0xEF, 0xBF, 8, 13, 10], &stack) == [.event(.line("naï", truncated: false))])
        stack.setInputCharset(.utf8)
        #expect(receive(Array("caf\u{E9}\r\n".utf8), &stack) == [.event(.line("café", truncated: false))])
    }
}
