import Testing
@testable import LivePetNet
@testable import LivePetTelnet

/// The transport stack and its telnet stage, driven with byte arrays: no socket, no loop.
@Suite struct TransportStackTests {
    private let iac = TelnetCommand.iac
    /// The telnet stage's opening offer (DO TTYPE, DO NAWS, WILL EOR).
    static let offer: [UInt8] = [TelnetCommand.iac, TelnetCommand.do, TelnetOption.ttype, TelnetCommand.iac, TelnetCommand.do,
                                 TelnetOption.naws, TelnetCommand.iac, TelnetCommand.will, TelnetOption.eor]
    private var offer: [UInt8] { Self.offer }

    private func limits(sniff: Duration = .zero) -> ConnectionLimits {
        var limits = ConnectionLimits()
        limits.protocolSniffWindow = sniff
        return limits
    }

    private func receive(_ bytes: [UInt8], _ stack: inout TransportStack, now: UInt64 = 1) -> [TransportAction] {
        var actions: [TransportAction] = []
        bytes.withUnsafeBytes { stack.receive($0, now: now, into: &actions) }
        return actions
    }

    private func opened(_ limits: ConnectionLimits) -> TransportStack {
        var stack = TransportStack(limits: limits)
        var actions: [TransportAction] = []
        _ = stack.open(now: 0, into: &actions)
        return stack
    }

    @Test func withoutASniffWindowTheOfferAndOpenedComeAtOnce() {
        var stack = TransportStack(limits: limits())
        var actions: [TransportAction] = []
        #expect(stack.open(now: 0, into: &actions) == nil)
        #expect(actions == [.reply(offer), .event(.opened)])
    }

    @Test func anHTTPRequestIsAnsweredInHTTPAndATLSHelloInPlainText() {
        var stack = TransportStack(limits: limits(sniff: .milliseconds(100)))
        var actions: [TransportAction] = []
        #expect(stack.open(now: 0, into: &actions) == .milliseconds(100))
        #expect(actions.isEmpty)
        #expect(receive(Array("GET / HT".utf8), &stack).isEmpty)
        #expect(receive(Array("TP/1.1\r\n".utf8), &stack) == [.refuse(Array(ProtocolSniffer.httpResponse.utf8), protocol: "http")])

        var tls = TransportStack(limits: limits(sniff: .milliseconds(100)))
        _ = tls.open(now: 0, into: &actions)
        #expect(receive([0x16, 0x03, 0x01, 0x02, 0x00], &tls) == [.refuse(Array(ProtocolSniffer.tlsResponse.utf8), protocol: "tls")])
    }

    @Test func aClientThatTypesFirstIsGreetedThenHeard() {
        var stack = TransportStack(limits: limits(sniff: .milliseconds(100)))
        var actions: [TransportAction] = []
        _ = stack.open(now: 0, into: &actions)
        #expect(receive(Array("look\r\n".utf8), &stack) == [.reply(offer), .event(.opened), .event(.line("look", truncated: false))])
        #expect(!stack.sniffing)
    }

    @Test func aSilentClientIsGreetedWhenTheWindowEndsAndIsRawAfterItsDeadline() {
        var stack = TransportStack(limits: limits(sniff: .milliseconds(100)))
        var actions: [TransportAction] = []
        _ = stack.open(now: 0, into: &actions)
        stack.expire(now: 10_000_000_000, into: &actions)
        #expect(actions.isEmpty, "no telnet decision while sniffing")
        stack.sniffWindowEnded(now: 100_000_000, into: &actions)
        #expect(actions == [.reply(offer), .event(.opened)])
        actions = []
        stack.expire(now: 1_599_999_999, into: &actions)
        #expect(actions.isEmpty)
        stack.expire(now: 1_600_000_000, into: &actions)
        #expect(actions == [.mode(.raw), .event(.negotiated(telnet: false))])
        actions = []
        stack.expire(now: 9_000_000_000, into: &actions)
        #expect(actions.isEmpty, "decided once")
        // A late first answer still makes it a telnet client, without a second decision event.
        let late = receive([iac, TelnetCommand.wont, TelnetOption.naws], &stack)
        #expect(late.first == .mode(.telnet))
        #expect(!late.contains(.event(.negotiated(telnet: true))))
    }

    @Test func theFirstAnswerMakesATelnetClientAndBringsTheLateOffers() {
        var stack = opened(limits())
        let actions = receive([iac, TelnetCommand.will, TelnetOption.ttype, iac, TelnetCommand.do, TelnetOption.eor], &stack)
        let replies: [UInt8] = [iac, TelnetCommand.sb, TelnetOption.ttype, 1, iac, TelnetCommand.se,
                                iac, TelnetCommand.will, TelnetOption.mssp, iac, TelnetCommand.will, TelnetOption.gmcp,
                                iac, TelnetCommand.will, TelnetOption.charset,
                                iac, TelnetCommand.will, TelnetOption.mccp2]
        #expect(actions == [.endOfRecord(true), .event(.localOption(TelnetOption.eor, enabled: true)),
                            .mode(.telnet), .event(.negotiated(telnet: true)), .reply(replies)])
        // Offers are made once.
        let again = receive([iac, TelnetCommand.dont, TelnetOption.eor], &stack)
        #expect(again == [.endOfRecord(false), .event(.localOption(TelnetOption.eor, enabled: false)),
                          .reply([iac, TelnetCommand.wont, TelnetOption.eor])])
    }

    @Test func theMTTSCycleAsksUntilTheAnswerRepeatsAtMostThreeRounds() {
        var stack = opened(limits())
        _ = receive([iac, TelnetCommand.will, TelnetOption.ttype], &stack)
        func answer(_ name: String) -> [TransportAction] {
            receive([iac, TelnetCommand.sb, TelnetOption.ttype, 0] + Array(name.utf8) + [iac, TelnetCommand.se], &stack)
        }
        let ask = TransportAction.reply([iac, TelnetCommand.sb, TelnetOption.ttype, 1, iac, TelnetCommand.se])
        #expect(answer("MUDLET") == [.markEndsLine(true), .event(.terminalType("MUDLET")), ask])
        #expect(answer("ANSI-TRUECOLOR") == [.event(.terminalType("ANSI-TRUECOLOR")), ask])
        #expect(answer("MTTS 2825") == [.event(.terminalType("MTTS 2825"))])
        #expect(answer("MTTS 2825").isEmpty)

        var repeating = opened(limits())
        _ = receive([iac, TelnetCommand.will, TelnetOption.ttype], &repeating)
        let xterm: [UInt8] = [iac, TelnetCommand.sb, TelnetOption.ttype, 0] + Array("XTERM".utf8) + [iac, TelnetCommand.se]
        #expect(receive(xterm, &repeating) == [.event(.terminalType("XTERM")), ask])
        #expect(receive(xterm, &repeating).isEmpty, "a repeated answer ends the cycle")
    }

    /// The first terminal type names the client: TinTin++ and Mudlet end the line at a
    /// prompt's mark themselves; anyone else (telnetlib3's client, GNU telnet) does not, and a
    /// later answer in the MTTS cycle is not a client name.
    @Test(arguments: [("TINTIN++", true), ("MUDLET", true), ("Mudlet 4.17", true),
                      ("XTERM-256COLOR", false), ("TMUX-256COLOR", false), ("DUMB", false)])
    func theClientsNameSaysWhetherItEndsTheLineAtAPromptsMark(_ name: String, _ ends: Bool) {
        var stack = opened(limits())
        _ = receive([iac, TelnetCommand.will, TelnetOption.ttype], &stack)
        func answer(_ name: String) -> [TransportAction] {
            receive([iac, TelnetCommand.sb, TelnetOption.ttype, 0] + Array(name.utf8) + [iac, TelnetCommand.se], &stack)
        }
        #expect(answer(name).contains(.markEndsLine(true)) == ends)
        #expect(!answer("TINTIN++").contains(.markEndsLine(true)), "only the first answer names the client")
    }

    @Test func anyNumberOfAYTsInOneReadGetOneAnswerAndNAWSIsReported() {
        var stack = opened(limits())
        _ = receive([iac, TelnetCommand.nop], &stack)
        let ayt = receive(Array(repeating: [iac, TelnetCommand.ayt], count: 50).flatMap { $0 }, &stack)
        #expect(ayt == [.reply(Array("[LivePet is here]\r\n".utf8))])
        let naws = receive([iac, TelnetCommand.sb, TelnetOption.naws, 0, 120, 0, 40, iac, TelnetCommand.se], &stack)
        #expect(naws == [.event(.windowSize(width: 120, height: 40))])
    }

    @Test func gmcpReachesTheSessionOnlyOnceEnabled() {
        var stack = opened(limits())
        let message = [iac, TelnetCommand.sb, TelnetOption.gmcp] + Array("Core.Hello {}".utf8) + [iac, TelnetCommand.se]
        #expect(!receive(message, &stack).contains { if case .event(.subnegotiation) = $0 { true } else { false } })
        _ = receive([iac, TelnetCommand.do, TelnetOption.gmcp], &stack)
        #expect(receive(message, &stack) == [.event(.subnegotiation(option: TelnetOption.gmcp, data: Array("Core.Hello {}".utf8)))])
    }
}
