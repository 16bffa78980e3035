import LivePetSupport
import LivePetTelnet

/// The telnet stage's inbound half: turns a client's bytes into session events and the
/// telnet answers they call for.
///
/// A value type in the style of SwiftNIO's `*StateMachine`s: no I/O, no lock, no clock of
/// its own. Its connection feeds it bytes and the time on the loop thread, and performs the
/// `Action`s it returns in order, so it is tested with plain byte arrays. It owns decoding
/// (`TelnetInput`), option negotiation (`TelnetNegotiator`), the MTTS cycle, the offers made
/// once a client shows it speaks telnet (MSSP, GMCP, CHARSET), and the decision whether it does at all
/// (a telnet client answers the opening offer; one that stays silent for
/// `negotiationTimeout` is raw). What output needs of that decision (the mode, EOR) it hands
/// to the outbound half, `TelnetWriter`, which holds it.
///
/// Where it sits: socket bytes → (a TLS stage, decrypting, in a later issue) → this →
/// `ConnectionEvent`s for the session. A WebSocket framing stage takes its place for browsers.
package struct TelnetEndpoint {
    package typealias Action = TransportAction

    private var input: TelnetInput
    private var negotiator: TelnetNegotiator
    /// MCCP2 is offered (with MSSP and GMCP) and accepted (`ConnectionLimits.mccp`).
    private let offersCompression: Bool
    /// The events of one read, kept between reads so decoding allocates nothing per read.
    private var spareEvents: [TelnetEvent] = []
    /// Answers to the MTTS cycle so far (at most three).
    private var terminalTypes: [String] = []
    /// MSSP, GMCP and CHARSET are offered only once the client has shown it speaks telnet, so a raw
    /// client never sees more than the opening offer.
    private var offeredExtras = false
    private let negotiationTimeout: UInt64
    /// Uptime nanoseconds at which a silent client is taken for raw; 0 once decided.
    package private(set) var negotiationDeadline: UInt64 = 0

    /// The answer to `IAC AYT`, encoded once.
    private static let aytAnswer: [UInt8] = {
        var bytes: [UInt8] = []
        TelnetOutput.appendText("[LivePet is here]\n", to: &bytes)
        return bytes
    }()

    package init(limits: ConnectionLimits) {
        input = TelnetInput(
            maxLineBytes: limits.maxLineBytes,
            maxPendingBytes: limits.maxPendingBytes,
            maxSubnegotiationBytes: limits.maxSubnegotiationBytes
        )
        negotiationTimeout = UInt64(limits.negotiationTimeout.nanoseconds)
        offersCompression = limits.mccp
        var local: Set<UInt8> = [TelnetOption.eor, TelnetOption.mssp, TelnetOption.gmcp, TelnetOption.charset]
        if limits.mccp { local.insert(TelnetOption.mccp2) }
        negotiator = TelnetNegotiator(localOptions: local, remoteOptions: [TelnetOption.ttype, TelnetOption.naws])
    }

    /// The opening offer (DO TTYPE, DO NAWS, WILL EOR). The client gets its full negotiation
    /// time from now, as it cannot answer earlier.
    package mutating func start(now: UInt64) -> [UInt8] {
        negotiationDeadline = now + negotiationTimeout
        var offer: [UInt8] = []
        negotiator.requestRemote(TelnetOption.ttype, enabled: true, into: &offer)
        negotiator.requestRemote(TelnetOption.naws, enabled: true, into: &offer)
        negotiator.requestLocal(TelnetOption.eor, enabled: true, into: &offer)
        return offer
    }

    /// Decodes one read, appending what to do to `actions`: events in the order they came,
    /// then (the first time the client speaks telnet) the mode, then one reply with every
    /// answer of this read. Any number of AYTs in one read get one answer.
    package mutating func receive(_ bytes: UnsafeRawBufferPointer, into actions: inout [Action]) {
        let spokeBefore = input.peerSpokeTelnet
        var replies: [UInt8] = []
        var askedAYT = false
        // Decoded first, handled after: the decoder and the handler are parts of one value.
        var events = spareEvents
        spareEvents = []
        input.feed(bytes) { events.append($0) }
        for event in events {
            handle(event, replies: &replies, askedAYT: &askedAYT, actions: &actions)
        }
        events.removeAll(keepingCapacity: events.capacity <= 2048)
        spareEvents = events
        if askedAYT { replies.append(contentsOf: Self.aytAnswer) }
        if !spokeBefore, input.peerSpokeTelnet {
            actions.append(.mode(.telnet))
            if !offeredExtras {
                offeredExtras = true
                negotiator.requestLocal(TelnetOption.mssp, enabled: true, into: &replies)
                negotiator.requestLocal(TelnetOption.gmcp, enabled: true, into: &replies)
                negotiator.requestLocal(TelnetOption.charset, enabled: true, into: &replies)
                if offersCompression { negotiator.requestLocal(TelnetOption.mccp2, enabled: true, into: &replies) }
            }
            if negotiationDeadline != 0 {
                negotiationDeadline = 0
                actions.append(.event(.negotiated(telnet: true)))
            }
        }
        // The client spoke telnet, so replies are safe to send even to an undetermined peer.
        if !replies.isEmpty { actions.append(.reply(replies)) }
    }

    /// The client said nothing in telnet by its deadline: it is raw (a later first answer
    /// still makes it a telnet client, see `receive`).
    package mutating func expire(now: UInt64, into actions: inout [Action]) {
        guard negotiationDeadline != 0, now >= negotiationDeadline else { return }
        negotiationDeadline = 0
        actions.append(.mode(.raw))
        actions.append(.event(.negotiated(telnet: false)))
    }

    private mutating func handle(_ event: TelnetEvent, replies: inout [UInt8], askedAYT: inout Bool, actions: inout [Action]) {
        switch event {
        case .line(let text, let truncated):
            actions.append(.event(.line(text, truncated: truncated)))
        case .will, .wont, .do, .dont:
            if let change = negotiator.receive(event, into: &replies) {
                optionChanged(change, replies: &replies, actions: &actions)
            }
        case .subnegotiation(let option, let data):
            if option == TelnetOption.naws, let size = TelnetSubnegotiation.naws(data) {
                actions.append(.event(.windowSize(width: size.width, height: size.height)))
            } else if option == TelnetOption.ttype, let name = TelnetSubnegotiation.terminalType(data) {
                // MTTS: ask again until the answer repeats, at most three rounds.
                let repeated = terminalTypes.last == name
                if !repeated, terminalTypes.count < 3 {
                    // The first answer names the client (MTTS).
                    if terminalTypes.isEmpty, Self.endsLineAtPromptMark(clientName: name) {
                        actions.append(.markEndsLine(true))
                    }
                    terminalTypes.append(name)
                    actions.append(.event(.terminalType(name)))
                    if terminalTypes.count < 3 { TelnetSubnegotiation.requestTerminalType(into: &replies) }
                }
            } else if option == TelnetOption.charset, negotiator.isLocalEnabled(TelnetOption.charset),
                      let answer = TelnetSubnegotiation.charsetAnswer(data) {
                charsetAnswered(answer, actions: &actions)
            } else if option == TelnetOption.charset, negotiator.isLocalEnabled(TelnetOption.charset),
                      let offered = TelnetSubnegotiation.charsetRequest(data) {
                // The client asks too (RFC 2066 lets either side): UTF-8 if it offers it, else
                // the first ASCII or Latin-1 name, else none.
                let chosen = offered.first { TelnetCharset(name: $0) == .utf8 }
                    ?? offered.first { TelnetCharset(name: $0) == .ascii }
                TelnetSubnegotiation.answerCharset(chosen, into: &replies)
                if let chosen, let charset = TelnetCharset(name: chosen) { actions.append(.event(.charset(charset))) }
            } else if option == TelnetOption.gmcp, negotiator.isLocalEnabled(TelnetOption.gmcp) {
                actions.append(.event(.subnegotiation(option: option, data: data)))
            }
        case .command(let command):
            if command == TelnetCommand.ayt { askedAYT = true }
        case .lineTooLong:
            actions.append(.event(.lineTooLong))
        }
    }

    /// What the client's answer to our CHARSET request says of UTF-8. ACCEPTED names the
    /// charset; REJECTED (RFC 2066: the whole list) means no UTF-8, unless it names another
    /// charset of the list: TinTin++ answers every name it knows, so a UTF-8 TinTin++ sends
    /// `ACCEPTED UTF-8` and then `REJECTED ISO-8859-1`.
    private func charsetAnswered(_ answer: TelnetSubnegotiation.CharsetAnswer, actions: inout [Action]) {
        switch answer {
        case .accepted(let name):
            guard let charset = TelnetCharset(name: name) else { return }
            actions.append(.event(.charset(charset)))
        case .rejected(let name):
            guard name.isEmpty || TelnetCharset(name: name) == .utf8 else { return }
            actions.append(.event(.charset(.ascii)))
        }
    }

    /// Reads input lines as Latin-1 (`TelnetCharset.ascii`) or UTF-8 from the next line on.
    package mutating func setInputCharset(_ charset: TelnetCharset) {
        input.readsLatin1 = charset == .ascii
    }

    /// Clients that end the line themselves at a prompt's `IAC EOR` or `IAC GA`, so that a
    /// line end sent after the prompt would show there as an empty line: Mudlet (a mark is
    /// its line terminator) and TinTin++ (it prints the prompt as a line at the mark; 2.02
    /// also absorbs one line end after it, older versions may not). Every other client —
    /// GNU telnet, telnetlib3's client, MUSHclient by default, nc — treats the mark as a mark
    /// only and needs the line end.
    static func endsLineAtPromptMark(clientName name: String) -> Bool {
        let upper = name.uppercased()
        return upper.hasPrefix("MUDLET") || upper.hasPrefix("TINTIN")
    }

    private func optionChanged(_ change: TelnetOptionChange, replies: inout [UInt8], actions: inout [Action]) {
        switch (change.option, change.enabled) {
        case (TelnetOption.ttype, true):
            TelnetSubnegotiation.requestTerminalType(into: &replies)
        case (TelnetOption.charset, true):
            TelnetSubnegotiation.requestCharset(into: &replies)
        case (TelnetOption.eor, let enabled):
            actions.append(.endOfRecord(enabled))
            actions.append(.event(.localOption(change.option, enabled: enabled)))
        case (TelnetOption.gmcp, let enabled), (TelnetOption.mssp, let enabled):
            actions.append(.event(.localOption(change.option, enabled: enabled)))
        case (TelnetOption.mccp2, true):
            // The marker follows every reply made so far (a WILL answering an unasked DO).
            if !replies.isEmpty {
                actions.append(.reply(replies))
                replies = []
            }
            actions.append(.startCompression)
        case (TelnetOption.mccp2, false):
            actions.append(.stopCompression)
        default:
            break
        }
    }
}
