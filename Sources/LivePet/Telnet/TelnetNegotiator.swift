import LivePetSupport

/// Option negotiation by the RFC 1143 "Q method": per option and side we remember whether we are waiting
/// for an answer (and whether the user changed their mind meanwhile), so that neither end ever answers
/// an answer and negotiation can never loop. One per connection.
///
/// ECHO on our side is deliberately outside the Q method: we send `WILL ECHO` before a password prompt and
/// `WONT ECHO` after it without waiting (clients answer inconsistently), and swallow DO/DONT ECHO without
/// replying, which is what keeps that from looping. SGA is never enabled on our side: GNU telnet switches to
/// character mode when a server does both WILL SGA and WILL ECHO.
///
/// Every answer follows a change of state, at most one per change: a request for what is already so
/// is not answered, and an option outside our policy is refused once per side and connection (its
/// state never changes; RFC 1143 would refuse every request, which a peer that never reads turns
/// into output without end).
public struct TelnetNegotiator: Sendable {
    private enum QState: Sendable {
        case no, yes, wantNo, wantYes
    }

    private struct OptionState: Sendable {
        var state = QState.no
        /// RFC 1143's queue bit: the opposite request was made while we were waiting for an answer.
        var opposite = false
    }

    /// Only options that are not in the default state are stored, so a peer spamming offers costs nothing.
    private var local: [UInt8: OptionState] = [:]
    private var remote: [UInt8: OptionState] = [:]
    /// Options outside our policy that we have refused once, per side (a bit per option). Their
    /// state never changes, so that refusal is the only answer: a peer repeating `DO 99` gets one
    /// `WONT 99`, not one per request (without reading them, that queued output without end).
    private var refusedLocal = OptionBits()
    private var refusedRemote = OptionBits()
    private let localOptions: Set<UInt8>
    private let remoteOptions: Set<UInt8>

    /// `localOptions`: options we agree to perform (peer's DO is answered WILL); SGA is removed from it.
    /// `remoteOptions`: options we agree to let the peer perform (peer's WILL is answered DO).
    /// Anything else is refused.
    public init(localOptions: Set<UInt8>, remoteOptions: Set<UInt8>) {
        var localOptions = localOptions
        localOptions.remove(TelnetOption.sga)
        localOptions.remove(TelnetOption.echo)
        self.localOptions = localOptions
        self.remoteOptions = remoteOptions
    }

    /// Asks to enable or disable an option on our side; appends `IAC WILL/WONT option` when needed.
    /// Enabling an option outside `localOptions` does nothing. ECHO is not negotiated here:
    /// hiding typed input is output framing, sent unconditionally and never awaited, and its
    /// state is held once, by the connection's telnet writer.
    public mutating func requestLocal(_ option: UInt8, enabled: Bool, into out: inout [UInt8]) {
        request(option, side: .local, enabled: enabled, into: &out)
    }

    /// Asks the peer to enable or disable an option on its side; appends `IAC DO/DONT option` when needed.
    /// Enabling an option outside `remoteOptions` does nothing.
    public mutating func requestRemote(_ option: UInt8, enabled: Bool, into out: inout [UInt8]) {
        request(option, side: .remote, enabled: enabled, into: &out)
    }

    /// Handles a received WILL/WONT/DO/DONT (other events are ignored); appends any reply and returns
    /// the change that took effect. Changes we asked for ourselves take effect at the request instead.
    public mutating func receive(_ event: TelnetEvent, into out: inout [UInt8]) -> TelnetOptionChange? {
        switch event {
        case .will(let option):
            return receive(option, side: .remote, enable: true, into: &out)
        case .wont(let option):
            return receive(option, side: .remote, enable: false, into: &out)
        case .do(let option):
            if option == TelnetOption.echo { return nil }
            return receive(option, side: .local, enable: true, into: &out)
        case .dont(let option):
            if option == TelnetOption.echo { return nil }
            return receive(option, side: .local, enable: false, into: &out)
        default:
            return nil
        }
    }

    public func isLocalEnabled(_ option: UInt8) -> Bool {
        local[option]?.state == .yes
    }

    public func isRemoteEnabled(_ option: UInt8) -> Bool {
        remote[option]?.state == .yes
    }

    // MARK: - Q method (RFC 1143, section 7)

    private mutating func request(_ option: UInt8, side: TelnetOptionChange.Side, enabled: Bool, into out: inout [UInt8]) {
        if enabled && !isAllowed(option, side: side) { return }
        var entry = state(option, side: side)
        switch (entry.state, entry.opposite, enabled) {
        case (.no, _, true):
            entry.state = .wantYes
            send(option, side: side, enable: true, into: &out)
        case (.yes, _, false):
            entry.state = .wantNo
            send(option, side: side, enable: false, into: &out)
        case (.wantNo, false, true), (.wantYes, false, false):
            entry.opposite = true
        case (.wantNo, true, false), (.wantYes, true, true):
            entry.opposite = false
        default:
            // Already in, or already heading to, the requested state.
            break
        }
        setState(entry, option, side: side)
    }

    private mutating func receive(_ option: UInt8, side: TelnetOptionChange.Side, enable: Bool, into out: inout [UInt8]) -> TelnetOptionChange? {
        var entry = state(option, side: side)
        let wasEnabled = entry.state == .yes
        if enable {
            switch (entry.state, entry.opposite) {
            case (.no, _):
                if isAllowed(option, side: side) {
                    entry.state = .yes
                    send(option, side: side, enable: true, into: &out)
                } else if firstRefusal(option, side: side) {
                    send(option, side: side, enable: false, into: &out)
                }
            case (.yes, _):
                break
            case (.wantNo, false):
                // The peer answered our refusal with an offer: RFC 1143 says treat as refused.
                entry.state = .no
            case (.wantNo, true), (.wantYes, false):
                entry.state = .yes
                entry.opposite = false
            case (.wantYes, true):
                entry.state = .wantNo
                entry.opposite = false
                send(option, side: side, enable: false, into: &out)
            }
        } else {
            switch (entry.state, entry.opposite) {
            case (.no, _):
                break
            case (.yes, _):
                entry.state = .no
                send(option, side: side, enable: false, into: &out)
            case (.wantNo, false), (.wantYes, _):
                entry.state = .no
                entry.opposite = false
            case (.wantNo, true):
                entry.state = .wantYes
                entry.opposite = false
                send(option, side: side, enable: true, into: &out)
            }
        }
        setState(entry, option, side: side)
        let isEnabled = entry.state == .yes
        return isEnabled == wasEnabled ? nil : TelnetOptionChange(option: option, side: side, enabled: isEnabled)
    }

    /// Records that `option` is refused on `side`; true the first time (the refusal is sent then only).
    private mutating func firstRefusal(_ option: UInt8, side: TelnetOptionChange.Side) -> Bool {
        side == .local ? refusedLocal.insert(option) : refusedRemote.insert(option)
    }

    private func isAllowed(_ option: UInt8, side: TelnetOptionChange.Side) -> Bool {
        side == .local ? localOptions.contains(option) : remoteOptions.contains(option)
    }

    private func state(_ option: UInt8, side: TelnetOptionChange.Side) -> OptionState {
        (side == .local ? local[option] : remote[option]) ?? OptionState()
    }

    private mutating func setState(_ entry: OptionState, _ option: UInt8, side: TelnetOptionChange.Side) {
        let stored: OptionState? = entry.state == .no && !entry.opposite ? nil : entry
        if side == .local {
            local[option] = stored
        } else {
            remote[option] = stored
        }
    }

    private func send(_ option: UInt8, side: TelnetOptionChange.Side, enable: Bool, into out: inout [UInt8]) {
        let command = switch (side, enable) {
        case (.local, true): TelnetCommand.will
        case (.local, false): TelnetCommand.wont
        case (.remote, true): TelnetCommand.do
        case (.remote, false): TelnetCommand.dont
        }
        TelnetOutput.append(command: command, option: option, to: &out)
    }
}

/// A set of option numbers, one bit each: 32 bytes, no allocation.
private struct OptionBits: Sendable {
    private var words = SIMD4<UInt64>()

    /// Adds `option`; true when it was not there yet.
    mutating func insert(_ option: UInt8) -> Bool {
        let word = Int(option >> 6)
        let bit = UInt64(1) << UInt64(option & 63)
        guard words[word] & bit == 0 else { return false }
        words[word] |= bit
        return true
    }
}
