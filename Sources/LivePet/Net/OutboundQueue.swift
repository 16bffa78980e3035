import LivePetTelnet

/// A connection's one bounded write queue: what any thread has queued for the client and the
/// loop has not written yet, and the framing of that output (`TelnetWriter`). It lives in the
/// connection's lock; `admit` is the one way bytes get in, and the one place the cap is
/// checked, whoever makes them (a session, a broadcast, the telnet engine's own answers, the
/// prompt shown again). A client that stops reading is cut off when its queue passes the
/// cap, so it can never hold anyone else up.
package struct OutboundQueue {
    /// Written only by `admit`'s callers' appends and the connection's writer (this module).
    package internal(set) var pending: [UInt8] = []
    /// The telnet stage's outbound half.
    package var telnet = TelnetWriter()
    /// The cap: what `pending` and `inFlight` may add up to.
    package let cap: Int
    /// The cap less one prompt. A flush adds the prompt again after output that pushed it
    /// up and cannot refuse it, so room for it is always kept; set where the prompt changes,
    /// so the check per append costs no more.
    private var allowance: Int
    /// Bytes handed to the loop but not yet written.
    package var inFlight = 0
    /// The loop has been asked to write (or a broadcaster is about to ask it).
    package var scheduled = false
    package private(set) var closing = false
    /// Only the loop writes this connection, never a broadcaster directly
    /// (`Connection.flushDirect`): the loop transforms the bytes first — it encrypts them
    /// (TLS), or compresses them (MCCP2, once started: the zlib stream is the loop thread's,
    /// `MCCPStage`). Never cleared, so a broadcaster need not know when a stream ended.
    package var loopWritesOnly = false
    /// Where compression starts or ends within `pending` (empty but for the batch in which
    /// the client said DO or DONT MCCP2); the loop takes them with `pending`.
    package internal(set) var compressionSwitches: [CompressionSwitch] = []
    package private(set) var overflowed = false
    /// The connection speaks WebSocket (`WebSocketStage`): everything is framed as it is
    /// queued (`WebSocketOutput`), so `pending` holds wire bytes as for telnet and the
    /// broadcaster's direct write needs no exception.
    package private(set) var webSocket = false
    /// The client ended the connection (a WebSocket close frame): the session hears
    /// `closed(byPeer: true)`, as when a telnet client hangs up.
    package private(set) var peerClosed = false
    /// Uptime nanoseconds of the last byte written (for NOP keepalives and buffer trimming).
    package var lastOutput: UInt64 = 0

    package init(cap: Int) {
        self.cap = cap
        allowance = cap
    }

    /// What an append asks of the loop.
    package enum Outcome {
        /// Nothing new to ask: the loop already knows, or nothing was queued.
        case queued
        /// The loop must be told to write.
        case needsFlush
        /// The queue passed its cap: the connection must close now.
        case overflowed
    }

    /// Runs `body` to queue output (or nothing, when the connection is closing), then checks
    /// everything queued or in flight, with room for the prompt, against the cap.
    /// Always inlined: called from more places than the two per-line paths, the optimizer
    /// outlined it, and their closures then retained what they capture (callgrind, rooms:
    /// about 40 instructions per delivered line).
    @inline(__always)
    package mutating func admit(_ body: (inout OutboundQueue) -> Void) -> Outcome {
        guard !closing else { return .queued }
        body(&self)
        if pending.count + inFlight > allowance {
            // A client that stops reading loses its connection, never anyone's time.
            pending = []
            compressionSwitches = []
            closing = true
            overflowed = true
            return .overflowed
        }
        if scheduled || pending.isEmpty { return .queued }
        scheduled = true
        return .needsFlush
    }

    // MARK: What the session queues (each inside `admit`)

    /// Bytes already encoded for the wire: a line, or a broadcast's shared copy.
    @inline(__always)
    package mutating func appendLine<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        if webSocket {
            WebSocketOutput.appendText(telnet: bytes, to: &pending)
            return
        }
        telnet.leavePrompt(into: &pending)
        pending.append(contentsOf: bytes)
    }

    /// Telnet-only bytes (GMCP), dropped for other clients. They do not disturb the prompt:
    /// clients never show them.
    @inline(__always)
    package mutating func appendTelnet<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        guard telnet.speaksTelnet else {
            if webSocket { WebSocketOutput.appendGMCP(telnet: bytes, to: &pending) }
            return
        }
        pending.append(contentsOf: bytes)
    }

    /// Text (already folded for the client's charset): "\n" becomes CR LF, 0xFF is doubled.
    package mutating func appendText(_ text: String) {
        if webSocket {
            WebSocketOutput.appendMessage("text", text, to: &pending)
            return
        }
        telnet.leavePrompt(into: &pending)
        TelnetOutput.appendText(text, to: &pending)
    }

    package mutating func appendPrompt(_ text: String) {
        appendPrompt(key: nil) { text }
    }

    package mutating func appendPrompt(key: PromptKey?, text: () -> String) {
        if webSocket {
            WebSocketOutput.appendMessage("prompt", text(), to: &pending)
            return
        }
        if let size = telnet.appendPrompt(key: key, text: text, to: &pending) {
            allowance = cap - size
        }
    }

    /// `TelnetWriter.replacePrompt`: the prompt to show again, changed by its room. A
    /// WebSocket client's page shows the pet from GMCP instead.
    package mutating func replacePrompt(key: PromptKey, text: () -> String) {
        guard !webSocket else { return }
        if let size = telnet.replacePrompt(key: key, text: text) {
            allowance = cap - size
        }
    }

    package mutating func setEchoHidden(_ hidden: Bool) {
        if webSocket, telnet.echoHidden != hidden { WebSocketOutput.appendEcho(shown: !hidden, to: &pending) }
        telnet.setEchoHidden(hidden, into: &pending)
    }

    /// The client turned out to be a telnet client (or raw): the prompt is framed for it,
    /// and one still on screen gets its mark.
    package mutating func setMode(_ mode: TelnetMode) {
        if let size = telnet.setMode(mode, into: &pending) { allowance = cap - size }
    }

    /// The client enabled or disabled EOR: prompts end with the matching mark.
    package mutating func setEndOfRecord(_ enabled: Bool) {
        if let size = telnet.setEndOfRecord(enabled, into: &pending) { allowance = cap - size }
    }

    /// The last bytes before the socket closes: an optional notice, then input shown again.
    package mutating func appendGoodbye(_ notice: [UInt8]) {
        if webSocket {
            WebSocketOutput.appendText(telnet: notice, to: &pending)
            pending.append(contentsOf: WebSocketFrameEncoder.close(.normalClosure))
            closing = true
            return
        }
        pending.append(contentsOf: notice)
        telnet.appendClosing(into: &pending)
        closing = true
    }

    /// Plain bytes replacing anything queued, for a client that is not a telnet client at
    /// all (a TLS or HTTP request answered and closed).
    package mutating func replace(with bytes: [UInt8]) {
        _ = telnet.setMode(.raw, into: &pending)
        pending = bytes
        compressionSwitches = []
    }

    /// MCCP2 starts: `IAC SB MCCP2 IAC SE`, the last uncompressed bytes, then everything
    /// queued after it is compressed (the loop switches at this offset).
    package mutating func startCompression() {
        TelnetOutput.appendSubnegotiation(option: TelnetOption.mccp2, payload: EmptyCollection(), to: &pending)
        compressionSwitches.append(CompressionSwitch(offset: pending.count, compress: true))
        loopWritesOnly = true
    }

    /// MCCP2 ends here (the client said DONT): what is queued before is compressed and the
    /// stream finished, what follows is plain.
    package mutating func stopCompression() {
        compressionSwitches.append(CompressionSwitch(offset: pending.count, compress: false))
    }

    /// The connection upgraded to WebSocket: from now on everything is framed for it.
    package mutating func startWebSocket() {
        webSocket = true
    }

    /// A WebSocket close frame (the answer to the client's, or an error's), then closing
    /// once it is written.
    package mutating func appendWebSocketClose(_ code: WebSocketCloseCode?, byPeer: Bool) {
        pending.append(contentsOf: WebSocketFrameEncoder.close(code))
        peerClosed = byPeer
        closing = true
    }

    /// Nothing more is queued; the connection closes once what is queued is written (an HTTP
    /// connection's last response).
    package mutating func finish() {
        closing = true
    }

    // MARK: The writer's side

    /// Before the queue is written: output that pushed the prompt up is followed by the
    /// prompt again (the cap kept room for it).
    @inline(__always)
    package mutating func addPromptIfNeeded() {
        if !closing { telnet.reshowPromptIfNeeded(after: &pending) }
    }

    /// From now on nothing more is queued: the loop is closing the descriptor.
    package mutating func markClosing() {
        closing = true
    }
}
