import LivePetSupport
import LivePetTelnet

/// What the session (or a broadcast) queues for the client, from any thread. Each call goes
/// through `enqueue`, the one place the cap is checked; the framing (prompt, echo, telnet
/// mode) is the telnet stage's outbound half, `TelnetWriter`, inside the queue.
extension Connection {
    /// Queues text ("\n" becomes CRLF, 0xFF is doubled): UTF-8, or folded to ASCII for a
    /// client without UTF-8 (`setCharset`), as are prompts and the closing notice.
    public func send(_ text: String) {
        let text = forClient(text)
        limits.metrics?.linesDelivered.add(1, ordering: .relaxed)
        append { $0.appendText(text) }
    }

    /// Queues bytes already encoded with `TelnetOutput` (a broadcast encodes once).
    public func send(encoded bytes: [UInt8]) {
        limits.metrics?.linesDelivered.add(1, ordering: .relaxed)
        append { $0.appendLine(bytes) }
    }

    /// Queues a prompt: text without a line end, then `IAC EOR` or `IAC GA` for telnet clients.
    /// It is shown again after output that pushes it up, until the player answers it.
    public func sendPrompt(_ text: String) {
        let text = forClient(text)
        append { $0.appendPrompt(text) }
    }

    /// `sendPrompt` for a prompt named by `key`: `text` is called only when the key (or the
    /// client's framing) changed since the last prompt, and the connection holds the one copy.
    public func sendPrompt(key: PromptKey, text: () -> String) {
        append { $0.appendPrompt(key: key) { forClient(text()) } }
    }

    /// Changes the prompt shown next (after output pushes the current one up) if the one
    /// held has `key`'s scope: a room updating what its members' prompts say. Sends nothing.
    public func refreshPrompt(key: PromptKey, text: () -> String) {
        append { $0.replacePrompt(key: key) { forClient(text()) } }
    }

    /// Queues `IAC SB option payload IAC SE`, only for clients that speak telnet.
    public func sendSubnegotiation(option: UInt8, payload: [UInt8]) {
        append { queue in
            guard queue.telnet.speaksTelnet else { return }
            TelnetOutput.appendSubnegotiation(option: option, payload: payload, to: &queue.pending)
        }
    }

    /// Queues telnet bytes already encoded (a GMCP broadcast), only for telnet clients.
    public func sendTelnet(encoded bytes: [UInt8]) {
        append { $0.appendTelnet(bytes) }
    }

    /// Hides (`IAC WILL ECHO`) or shows (`IAC WONT ECHO` and a line end) typed input.
    public func setEchoHidden(_ hidden: Bool) {
        append { $0.setEchoHidden(hidden) }
    }

    /// Delivers `.deadline` once, `duration` from now (nil clears it).
    public func setDeadline(after duration: Duration?) {
        guard let duration else {
            deadlineNanos.store(0, ordering: .relaxed)
            return
        }
        deadlineNanos.store(clock.uptimeNanos() + UInt64(duration.nanoseconds), ordering: .relaxed)
    }

    /// Delivers `.deadline` once, `duration` after the connection was accepted (the login
    /// timeout: the sniff window and a TLS handshake count in it).
    public func setDeadline(afterConnecting duration: Duration) {
        deadlineNanos.store(max(1, connectedNanos + UInt64(duration.nanoseconds)), ordering: .relaxed)
    }

    /// Sends `notice` (if any), flushes what is queued and closes. Safe to call twice.
    /// A notice that takes the queue past its cap is an overflow like any other output.
    public func close(notice: String? = nil) {
        var first = false
        let outcome = enqueue { queue in
            first = true
            var text: [UInt8] = []
            if let notice { TelnetOutput.appendText(forClient(notice), to: &text) }
            queue.appendGoodbye(text)
        }
        guard first else { return }
        if case .overflowed = outcome {
            closeOverflowed()
        } else {
            loop.execute { [self] in closeNow(byPeer: false) }
        }
    }

    /// Starts reading again after the delegate refused an event.
    public func resumeReading() {
        loop.execute { [self] in
            guard io.readPaused, !io.isClosed else { return }
            io.readPaused = false
            updateInterest()
            // Data may already be waiting; level-triggered epoll reports it again.
        }
    }

    // MARK: Broadcasts

    /// Queues a broadcast's bytes (already encoded once for the room). The loop is not told
    /// here: `batch` collects the connection and the broadcaster submits it once at the end,
    /// so a line to a thousand members costs each loop one lock and at most one wake-up.
    package func send(encoded bytes: UnsafeRawBufferPointer, batch: inout FlushBatch) {
        batch.countLine(for: self)
        append({ $0.appendLine(bytes) }, batch: &batch)
    }

    /// `sendTelnet(encoded:)` for a broadcast (see `send(encoded:batch:)`).
    package func sendTelnet(encoded bytes: UnsafeRawBufferPointer, batch: inout FlushBatch) {
        append({ $0.appendTelnet(bytes) }, batch: &batch)
    }
}
