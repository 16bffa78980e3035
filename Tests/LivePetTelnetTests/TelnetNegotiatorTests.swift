import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

private let iac = TelnetCommand.iac

/// Decodes `bytes` and hands every event to `negotiator`; returns its replies.
private func deliver(_ bytes: [UInt8], to negotiator: inout TelnetNegotiator, decoder: inout TelnetInput) -> [UInt8] {
    var reply: [UInt8] = []
    decoder.feed(bytes) { event in
        _ = negotiator.receive(event, into: &reply)
    }
    return reply
}

@Suite struct TelnetNegotiatorTests {
    private func server() -> TelnetNegotiator {
        TelnetNegotiator(
            localOptions: [TelnetOption.eor, TelnetOption.gmcp, TelnetOption.mssp],
            remoteOptions: [TelnetOption.naws, TelnetOption.ttype]
        )
    }

    @Test func unknownOptionsAreRefused() {
        var negotiator = server()
        var out: [UInt8] = []
        #expect(negotiator.receive(.do(99), into: &out) == nil)
        #expect(negotiator.receive(.will(99), into: &out) == nil)
        #expect(negotiator.receive(.do(TelnetOption.naws), into: &out) == nil)  // remote-only option
        #expect(out == [iac, TelnetCommand.wont, 99, iac, TelnetCommand.dont, 99, iac, TelnetCommand.wont, TelnetOption.naws])
        #expect(!negotiator.isLocalEnabled(99))
        #expect(!negotiator.isRemoteEnabled(99))
        // Refusals of something already off are not answered.
        out.removeAll()
        #expect(negotiator.receive(.wont(99), into: &out) == nil)
        #expect(negotiator.receive(.dont(99), into: &out) == nil)
        #expect(out.isEmpty)
    }

    @Test func peerOfferIsAcceptedOnceAndReported() {
        var negotiator = server()
        var out: [UInt8] = []
        #expect(negotiator.receive(.will(TelnetOption.naws), into: &out)
            == TelnetOptionChange(option: TelnetOption.naws, side: .remote, enabled: true))
        #expect(out == [iac, TelnetCommand.do, TelnetOption.naws])
        out.removeAll()
        #expect(negotiator.receive(.will(TelnetOption.naws), into: &out) == nil)
        #expect(out.isEmpty)
        #expect(negotiator.receive(.wont(TelnetOption.naws), into: &out)
            == TelnetOptionChange(option: TelnetOption.naws, side: .remote, enabled: false))
        #expect(out == [iac, TelnetCommand.dont, TelnetOption.naws])
    }

    @Test func ourRequestIsSentOnceAndItsAnswerNotAnswered() {
        var negotiator = server()
        var out: [UInt8] = []
        negotiator.requestLocal(TelnetOption.gmcp, enabled: true, into: &out)
        negotiator.requestLocal(TelnetOption.gmcp, enabled: true, into: &out)
        negotiator.requestRemote(TelnetOption.ttype, enabled: true, into: &out)
        #expect(out == [iac, TelnetCommand.will, TelnetOption.gmcp, iac, TelnetCommand.do, TelnetOption.ttype])
        out.removeAll()
        #expect(negotiator.receive(.do(TelnetOption.gmcp), into: &out)
            == TelnetOptionChange(option: TelnetOption.gmcp, side: .local, enabled: true))
        #expect(negotiator.receive(.wont(TelnetOption.ttype), into: &out) == nil)
        #expect(out.isEmpty)
        #expect(negotiator.isLocalEnabled(TelnetOption.gmcp))
        #expect(!negotiator.isRemoteEnabled(TelnetOption.ttype))
        // Asking for an option outside the policy sends nothing.
        negotiator.requestRemote(TelnetOption.charset, enabled: true, into: &out)
        #expect(out.isEmpty)
    }

    @Test func changingYourMindWhileWaitingIsQueued() {
        var negotiator = server()
        var out: [UInt8] = []
        negotiator.requestRemote(TelnetOption.naws, enabled: true, into: &out)
        negotiator.requestRemote(TelnetOption.naws, enabled: false, into: &out)
        #expect(out == [iac, TelnetCommand.do, TelnetOption.naws])
        out.removeAll()
        // The peer agrees; we then ask it to stop, as queued.
        #expect(negotiator.receive(.will(TelnetOption.naws), into: &out) == nil)
        #expect(out == [iac, TelnetCommand.dont, TelnetOption.naws])
        out.removeAll()
        #expect(negotiator.receive(.wont(TelnetOption.naws), into: &out) == nil)
        #expect(out.isEmpty)
        #expect(!negotiator.isRemoteEnabled(TelnetOption.naws))
    }

    /// ECHO belongs to the output framing (`TelnetWriter`): the negotiator neither sends it
    /// nor answers the client's DO/DONT ECHO, which would undo a hidden password prompt.
    @Test func echoIsLeftToTheWriterAndItsAnswersSwallowed() {
        var negotiator = TelnetNegotiator(localOptions: [TelnetOption.echo], remoteOptions: [])
        var out: [UInt8] = []
        negotiator.requestLocal(TelnetOption.echo, enabled: true, into: &out)
        #expect(out.isEmpty)
        #expect(negotiator.receive(.do(TelnetOption.echo), into: &out) == nil)
        #expect(negotiator.receive(.dont(TelnetOption.echo), into: &out) == nil)
        #expect(out.isEmpty)
        #expect(!negotiator.isLocalEnabled(TelnetOption.echo))
    }

    @Test func sgaIsNeverEnabledOnOurSide() {
        var negotiator = TelnetNegotiator(localOptions: [TelnetOption.sga], remoteOptions: [])
        var out: [UInt8] = []
        negotiator.requestLocal(TelnetOption.sga, enabled: true, into: &out)
        #expect(out.isEmpty)
        #expect(negotiator.receive(.do(TelnetOption.sga), into: &out) == nil)
        #expect(out == [iac, TelnetCommand.wont, TelnetOption.sga])
        #expect(!negotiator.isLocalEnabled(TelnetOption.sga))
    }

    @Test func otherEventsAreIgnored() {
        var negotiator = server()
        var out: [UInt8] = []
        #expect(negotiator.receive(.line("hi", truncated: false), into: &out) == nil)
        #expect(negotiator.receive(.command(TelnetCommand.nop), into: &out) == nil)
        #expect(negotiator.receive(.subnegotiation(option: 31, data: [0, 80, 0, 24]), into: &out) == nil)
        #expect(out.isEmpty)
    }

    /// A peer that reflects every byte back makes our DO X arrive as its DO X: a classic loop trigger.
    @Test func reflectedRepliesSettleQuickly() {
        var negotiator = server()
        var decoder = TelnetInput()
        var wire: [UInt8] = []
        TelnetOutput.append(command: TelnetCommand.will, option: TelnetOption.echo, to: &wire)
        for option: UInt8 in [TelnetOption.eor, TelnetOption.gmcp, TelnetOption.naws, 99] {
            negotiator.requestLocal(option, enabled: true, into: &wire)
            negotiator.requestRemote(option, enabled: true, into: &wire)
        }
        var rounds = 0
        while !wire.isEmpty && rounds < 100 {
            wire = deliver(wire, to: &negotiator, decoder: &decoder)
            rounds += 1
        }
        #expect(wire.isEmpty)
        #expect(rounds <= 3)
    }

    /// Two negotiators with random policies make random requests while messages are in flight; once the
    /// wires are drained (which must happen quickly), both ends agree on every option's state.
    @Test func randomConversationsTerminateAndAgree() {
        let options: [UInt8] = [TelnetOption.echo, TelnetOption.sga, TelnetOption.ttype, TelnetOption.naws, TelnetOption.gmcp, 99]
        var random = TelnetTestRandom(seed: 1143)
        func policy() -> Set<UInt8> {
            Set(options.filter { _ in random.below(2) == 0 })
        }
        for _ in 0..<300 {
            var a = TelnetNegotiator(localOptions: policy(), remoteOptions: policy())
            var b = TelnetNegotiator(localOptions: policy(), remoteOptions: policy())
            var aDecoder = TelnetInput()
            var bDecoder = TelnetInput()
            var toA: [UInt8] = []
            var toB: [UInt8] = []
            for _ in 0..<60 {
                let option = options[random.below(options.count)]
                let enabled = random.below(2) == 0
                switch random.below(7) {
                case 0: a.requestLocal(option, enabled: enabled, into: &toB)
                case 1: a.requestRemote(option, enabled: enabled, into: &toB)
                case 2: b.requestLocal(option, enabled: enabled, into: &toA)
                case 3: b.requestRemote(option, enabled: enabled, into: &toA)
                case 4:
                    toA += deliver(toB, to: &b, decoder: &bDecoder)
                    toB.removeAll()
                case 5:
                    toB += deliver(toA, to: &a, decoder: &aDecoder)
                    toA.removeAll()
                default: TelnetOutput.append(command: enabled ? TelnetCommand.will : TelnetCommand.wont, option: TelnetOption.echo, to: &toB)
                }
            }
            var rounds = 0
            while (!toA.isEmpty || !toB.isEmpty) && rounds < 50 {
                let forB = toB
                toB = deliver(toA, to: &a, decoder: &aDecoder)
                toA = deliver(forB, to: &b, decoder: &bDecoder)
                rounds += 1
            }
            #expect(rounds < 10)
            for option in options where option != TelnetOption.echo {
                #expect(a.isLocalEnabled(option) == b.isRemoteEnabled(option), "option \(option)")
                #expect(a.isRemoteEnabled(option) == b.isLocalEnabled(option), "option \(option)")
            }
        }
    }
}
