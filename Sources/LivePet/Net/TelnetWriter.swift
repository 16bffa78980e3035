import LivePetSupport
import LivePetTelnet

/// Whether the client speaks telnet. Until it answers (or 1.5 s pass) it is undetermined.
public enum TelnetMode: UInt8, Sendable {
    case undetermined
    case telnet
    case raw
}

/// A caller's name for a prompt's text: equal keys, equal text (see `TelnetWriter.appendPrompt(key:text:to:)`).
public struct PromptKey: Hashable, Sendable {
    public var scope: UInt
    public var value: Int

    public init(scope: UInt, value: Int) {
        self.scope = scope
        self.value = value
    }
}

/// The telnet stage's outbound half: how the session's output is framed for one client.
///
/// It holds the facts output depends on, each once: the mode (telnet bytes go only to
/// telnet clients), whether typed input is hidden (`WILL ECHO`), whether prompts end in
/// `IAC EOR` or `IAC GA`, whether the client ends the line itself at that mark, and the
/// prompt itself with its marks (on screen, pushed up by asynchronous output, to show again).
///
/// Every line on its own line, in every client: output that arrives while a prompt is on
/// screen starts with CR LF, because most clients treat EOR and GA as marks only (GNU telnet,
/// telnetlib3's client; nc never gets one) and leave the cursor after the prompt. Only
/// clients known by their terminal type to end the line at the mark (Mudlet, TinTin++) go
/// without it, as it would show there as an empty line. A prompt sent before the client
/// answered the opening offer carries no mark (the client may be raw), so it gets its mark
/// the moment the client turns out to speak telnet, if it is still on screen: clients that
/// show a prompt only at its mark (Mudlet) see the first name prompt without delaying it
/// for anyone. It lives in the connection's `OutboundQueue`, under
/// its lock, because any thread may send; `TelnetEndpoint` (the inbound half, loop thread
/// only) tells it of mode and EOR changes through the connection. A value type with no I/O:
/// every method appends to the byte buffer it is given.
package struct TelnetWriter {
    package private(set) var mode = TelnetMode.undetermined
    package private(set) var echoHidden = false
    package private(set) var eor = false
    /// The last prompt, encoded with its GA/EOR, to show again after asynchronous lines.
    package private(set) var prompt: [UInt8] = []
    /// What `prompt` was made from, and for which framing.
    private var promptText = ""
    /// The caller's name for `promptText`, when it gave one (`PromptKey`).
    private var promptKey: PromptKey?
    private var promptStyle = PromptStyle(mode: .undetermined, eor: false)
    /// The prompt is the last thing on the client's screen.
    package private(set) var promptVisible = false
    /// The prompt on screen was followed by `IAC EOR` or `IAC GA`.
    package private(set) var promptMarked = false
    /// The client ends the line itself at a prompt's mark (`TelnetClients`), so output after
    /// a marked prompt needs no line end of its own.
    package private(set) var markEndsLine = false
    /// Asynchronous output pushed the prompt up: send it again at the next flush.
    package private(set) var promptNeeded = false

    /// How a prompt ends, which depends on what the client negotiated.
    private struct PromptStyle: Equatable {
        var mode: TelnetMode
        var eor: Bool

        /// What ends a prompt: EOR or GA for telnet clients, nothing for anyone else.
        var mark: UInt8? {
            guard mode == .telnet else { return nil }
            return eor ? TelnetCommand.eor : TelnetCommand.ga
        }

        var marked: Bool { mode == .telnet }
    }

    package init() {}

    /// Output arriving while the prompt is on screen starts on a fresh line and brings the
    /// prompt back afterwards. The line end is left out only where the client itself ended
    /// the line at the prompt's mark.
    @inline(__always)
    package mutating func leavePrompt(into out: inout [UInt8]) {
        guard promptVisible else { return }
        promptVisible = false
        promptNeeded = true
        if !(promptMarked && markEndsLine) { out.append(contentsOf: [13, 10]) }
    }

    /// Appends the prompt: text without a line end, then `IAC EOR` or `IAC GA` for telnet
    /// clients. Returns the size of the encoded prompt when it changed (the queue keeps room
    /// for it), nil when it is the same as last time (after every line typed).
    package mutating func appendPrompt(_ text: String, to out: inout [UInt8]) -> Int? {
        appendPrompt(key: nil, text: { text }, to: &out)
    }

    /// `appendPrompt` for a prompt the caller names with `key`: while the key and the framing
    /// stay the same, the text is not even made (the session formats its prompt only when
    /// the place or the treats change, and keeps no copy of it: this is the one).
    package mutating func appendPrompt(key: PromptKey?, text make: () -> String, to out: inout [UInt8]) -> Int? {
        let style = PromptStyle(mode: mode, eor: eor)
        var changed: Int?
        let known = key != nil && key == promptKey && style == promptStyle
        if !known, case let text = make(), text != promptText || style != promptStyle {
            prompt = Self.encode(text, style)
            promptText = text
            promptStyle = style
            changed = prompt.count
        }
        if !known { promptKey = key }
        out.append(contentsOf: prompt)
        promptVisible = true
        promptMarked = style.marked
        promptNeeded = false
        return changed
    }

    /// Replaces the prompt to show again with the one named `key`, without sending anything,
    /// when the prompt held is of the same scope (the same place) under another key: a room
    /// whose news changes what its members' prompts say (a pet's hearts) updates them, and
    /// the next time a prompt is shown (after the room's line, or the player's next line) it
    /// is the new one. A prompt of another scope (the player moved on) is left alone.
    /// Returns the new size of the encoded prompt when it changed.
    package mutating func replacePrompt(key: PromptKey, text make: () -> String) -> Int? {
        guard let current = promptKey, current.scope == key.scope, current != key else { return nil }
        let style = PromptStyle(mode: mode, eor: eor)
        guard style == promptStyle else { return nil }
        let text = make()
        promptKey = key
        guard text != promptText else { return nil }
        prompt = Self.encode(text, style)
        promptText = text
        return prompt.count
    }

    /// The next prompt is made again even if its key is the same (the client's charset
    /// changed, so the same key no longer means the same bytes).
    package mutating func forgetPrompt() {
        promptKey = nil
        promptText = ""
    }

    /// A prompt's text without a line end, then its mark for telnet clients.
    private static func encode(_ text: String, _ style: PromptStyle) -> [UInt8] {
        var encoded: [UInt8] = []
        TelnetOutput.appendText(text, to: &encoded)
        if let mark = style.mark { TelnetOutput.append(command: mark, to: &encoded) }
        return encoded
    }

    /// The framing changed (mode or EOR): the prompt to show again is encoded anew, and a
    /// prompt still on screen without a mark gets its mark now (a prompt sent before the
    /// client answered the opening offer). Returns the new size of the encoded prompt.
    private mutating func framingChanged(into out: inout [UInt8]) -> Int? {
        let style = PromptStyle(mode: mode, eor: eor)
        guard style != promptStyle, !prompt.isEmpty else { return nil }
        prompt = Self.encode(promptText, style)
        promptStyle = style
        if promptVisible, !promptMarked, let mark = style.mark {
            TelnetOutput.append(command: mark, to: &out)
            promptMarked = true
        }
        return prompt.count
    }

    /// Output that pushed the prompt up is followed by the prompt again.
    @inline(__always)
    package mutating func reshowPromptIfNeeded(after out: inout [UInt8]) {
        guard promptNeeded, !out.isEmpty else { return }
        out.append(contentsOf: prompt)
        promptNeeded = false
        promptVisible = true
        promptMarked = promptStyle.marked
    }

    /// The player typed a line, so the cursor is on a new line: the prompt is gone.
    package mutating func promptAnswered() {
        promptVisible = false
        promptMarked = false
        promptNeeded = false
    }

    /// Whether telnet-only bytes (GMCP, subnegotiations) may go to this client.
    @inline(__always)
    package var speaksTelnet: Bool { mode == .telnet }

    /// Hides (`IAC WILL ECHO`) or shows (`IAC WONT ECHO` and a line end) typed input.
    /// Only telnet clients get the bytes; nobody waits for an answer. A client that has not
    /// answered yet gets `WILL ECHO` when it does (`setMode`): until then it may be raw.
    package mutating func setEchoHidden(_ hidden: Bool, into out: inout [UInt8]) {
        guard echoHidden != hidden else { return }
        echoHidden = hidden
        guard mode == .telnet else { return }
        TelnetOutput.append(command: hidden ? TelnetCommand.will : TelnetCommand.wont, option: TelnetOption.echo, to: &out)
        if !hidden { out.append(contentsOf: [13, 10]) }
    }

    /// The inbound half decided what the client is. A late first telnet answer (after the
    /// raw decision) still makes it a telnet client: raw clients never send IAC. A password
    /// prompt sent before that first answer could not hide the typing yet: it does now; a
    /// prompt still on screen gets its mark. Returns the new size of the encoded prompt when
    /// it changed.
    package mutating func setMode(_ newMode: TelnetMode, into out: inout [UInt8]) -> Int? {
        switch newMode {
        case .telnet:
            guard mode != .telnet else { return nil }
            mode = .telnet
            if echoHidden {
                TelnetOutput.append(command: TelnetCommand.will, option: TelnetOption.echo, to: &out)
            }
            return framingChanged(into: &out)
        case .raw:
            if mode == .undetermined { mode = .raw }
            return framingChanged(into: &out)
        case .undetermined:
            return nil
        }
    }

    /// The client enabled or disabled EOR. Returns the new size of the encoded prompt when
    /// it changed. (A prompt already marked with GA keeps that mark: one is enough.)
    package mutating func setEndOfRecord(_ enabled: Bool, into out: inout [UInt8]) -> Int? {
        eor = enabled
        return framingChanged(into: &out)
    }

    /// Whether the client ends the line itself at a prompt's mark (learned from its name).
    package mutating func setMarkEndsLine(_ ends: Bool) {
        markEndsLine = ends
    }

    /// Before the connection closes: typed input is shown again, so the client's terminal
    /// is not left hiding what its user types.
    package mutating func appendClosing(into out: inout [UInt8]) {
        guard echoHidden else { return }
        echoHidden = false
        guard mode == .telnet else { return }
        TelnetOutput.append(command: TelnetCommand.wont, option: TelnetOption.echo, to: &out)
        out.append(contentsOf: [13, 10])
    }
}
