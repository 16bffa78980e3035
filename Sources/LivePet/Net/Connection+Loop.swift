import CLinux
import Glibc
import LivePetSupport
import LivePetTelnet

/// The loop thread's side: registration, reads through the transport stack, and timers
/// (writes and closing are in `Connection+Write.swift`).
extension Connection {
    /// Registers with the loop and, once the client has had a moment to show it is not a
    /// telnet client (TLS, HTTP), starts the telnet stage (its opening offer, then `.opened`).
    func open() throws {
        try loop.register(fd, handler: self, events: EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
        limits.metrics?.opened(.negotiating, tls: false)
        if let window = runStack({ $0.open(now: clock.uptimeNanos(), into: &$1) }) {
            startSniffTimer(window, insideTLS: false)
        }
    }

    /// Ends the moment a client has to speak first (`sniffWindowEnded`, or inside TLS
    /// `innerSniffWindowEnded`) after `window`.
    private func startSniffTimer(_ window: Duration, insideTLS: Bool) {
        let loop = loop
        let clock = clock
        // A strong capture on purpose: a weak reference would give every connection a
        // refcount side table, and every later retain on the broadcast path the slow path.
        Task { [self] in
            try? await clock.sleep(for: window)
            loop.execute {
                guard !self.io.isClosed else { return }
                // What arrived while the loop was busy is read first: a ClientHello
                // waiting in the socket when the window ends (a loop stalled by a storm
                // of TLS handshakes) is still a TLS client, not a telnet one.
                self.readAvailable()
                guard !self.io.isClosed else { return }
                if insideTLS {
                    self.runStack { $0.innerSniffWindowEnded(now: clock.uptimeNanos(), into: &$1) }
                } else {
                    self.runStack { $0.sniffWindowEnded(now: clock.uptimeNanos(), into: &$1) }
                }
            }
        }
    }

    func handle(events: UInt32) {
        if io.inputEnded {
            // Only our output is left; a full hang-up or an error ends that too.
            if events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                closeNow(byPeer: true)
                return
            }
        } else if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue) != 0 {
            readAvailable()
        }
        if !io.isClosed, events & EPOLLOUT.rawValue != 0 {
            flushFromLoop()
        }
    }

    func loopDidStop() {
        closeNow(byPeer: false)
    }

    private func readAvailable() {
        let buffer = loop.readBuffer
        var rounds = 0
        while !io.isClosed, !io.readPaused, rounds < 4 {
            rounds += 1
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 {
                // A slice at a time: a read of 64 KiB of line ends is 65,536 events, and
                // the actions of one slice are all that is held before they run.
                var start = 0
                io.performedActions = false
                while start < count, !io.isClosed {
                    let end = min(count, start + Self.sliceBytes)
                    let bytes = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
                    runStack(flush: false) { $0.receive(bytes, now: clock.uptimeNanos(), into: &$1) }
                    start = end
                }
                // One write for the whole read, as many slices as it took.
                if io.performedActions, !io.isClosed { flushFromLoop() }
                if count < buffer.count { break }
            } else if count == 0 {
                peerFinishedSending()
                return
            } else {
                let error = errno
                if error == EINTR { continue }
                if error == EAGAIN || error == EWOULDBLOCK { break }
                closeNow(byPeer: true)
                return
            }
        }
    }

    /// The most input bytes decoded before their actions run (see `readAvailable`).
    static let sliceBytes = 2048

    /// Lets the transport stack decide, then performs its actions in order and writes what
    /// they queued. The stack is done before any action runs, so an action (a session
    /// answering at once) never finds it in the middle of a call.
    @discardableResult
    /// `flush` false: the caller writes once after several calls (`readAvailable`).
    func runStack<Result>(flush: Bool = true, _ body: (inout TransportStack, inout [TransportAction]) -> Result) -> Result {
        var actions = io.actions
        io.actions = []
        let result = body(&io.stack, &actions)
        guard !actions.isEmpty else {
            io.actions = actions
            return result
        }
        for action in actions where !io.isClosed {
            perform(action)
        }
        io.performedActions = true
        if flush, !io.isClosed { flushFromLoop() }
        actions.removeAll(keepingCapacity: actions.capacity <= Self.sliceBytes)
        io.actions = actions
        return result
    }

    private func perform(_ action: TransportAction) {
        switch action {
        case .event(.line(let text, let truncated)):
            lastInputNanos.store(clock.uptimeNanos(), ordering: .relaxed)
            outbound.withLock { $0.telnet.promptAnswered() }
            let accepted = delegate?.connection(self, didReceive: .line(text, truncated: truncated)) ?? true
            if !accepted, !io.readPaused {
                io.readPaused = true
                updateInterest()
            }
        case .event(.opened):
            count(webSocketFlag.load(ordering: .relaxed) ? .webSocket : .telnet, tls: io.wireTLS)
            _ = delegate?.connection(self, didReceive: .opened)
        case .event(let event):
            _ = delegate?.connection(self, didReceive: event)
        case .reply(let bytes):
            enqueueFromLoop { $0.pending.append(contentsOf: bytes) }
        case .mode(let mode):
            enqueueFromLoop { $0.setMode(mode) }
        case .endOfRecord(let enabled):
            enqueueFromLoop { $0.setEndOfRecord(enabled) }
        case .markEndsLine(let ends):
            outbound.withLock { $0.telnet.setMarkEndsLine(ends) }
        case .refuse(let answer, let name):
            Logger.shared.info("wrong_protocol", ["ip": peerAddress, "protocol": name])
            enqueueFromLoop { $0.replace(with: answer) }
            closeNow(byPeer: false)
        case .startTLS:
            outbound.withLock { $0.loopWritesOnly = true }
            markTLS()
            count(io.wire, tls: true)
        case .transmit(let records):
            io.ciphertext.append(contentsOf: records)
            // Records the peer provokes (key updates, alerts) while it reads nothing are
            // bounded like any other output.
            if io.ciphertext.count > limits.maxQueuedBytes { closeNow(byPeer: true) }
        case .webSocket:
            if peerAddress != socketAddress {
                Logger.shared.info("websocket", ["ip": peerAddress, "via": socketAddress])
            } else {
                Logger.shared.info("websocket", ["ip": peerAddress])
            }
            webSocketFlag.store(true, ordering: .releasing)
            enqueueFromLoop { $0.startWebSocket() }
        case .closeWebSocket(let code, let byPeer):
            closeOnceWritten()
            enqueueFromLoop { $0.appendWebSocketClose(code, byPeer: byPeer) }
        case .finish:
            closeOnceWritten()
            enqueueFromLoop { $0.finish() }
        case .tlsFailed(let reason):
            Logger.shared.info("tls_failed", ["ip": peerAddress, "reason": reason])
            closeNow(byPeer: false)
        case .startCompression:
            // Output goes through the MCCP2 stage from the marker on (`MCCPStage`).
            io.mccp.engage()
            enqueueFromLoop { $0.startCompression() }
        case .stopCompression:
            enqueueFromLoop { $0.stopCompression() }
        case .forwarded(let address):
            forward(to: address)
        case .sniffInsideTLS(let window):
            startSniffTimer(window, insideTLS: true)
        case .serving(let wire):
            count(wire, tls: io.wireTLS)
        }
    }

    /// Moves this connection to another gauge of `NetMetrics`.
    private func count(_ wire: WireProtocol, tls: Bool) {
        guard wire != io.wire || tls != io.wireTLS else { return }
        limits.metrics?.changed(from: io.wire, oldTLS: io.wireTLS, to: wire, tls: tls)
        io.wire = wire
        io.wireTLS = tls
    }

    /// A trusted proxy's client (`X-Forwarded-For`), before its 101 and its session: the gate
    /// admits the address (bans, the rate and per-address limits, as at accept), or the
    /// handshake is answered 403 with the gate's sentence and the connection closed.
    private func forward(to address: String) {
        if let admission {
            if let refusal = admission.forwardedRefusal(for: address) {
                Logger.shared.info("forwarded_refused", ["ip": address, "via": socketAddress])
                let response = HTTPResponse.text(.forbidden, refusal.replacingCRLF()).encoded(keepAlive: false)
                enqueueFromLoop { $0.replace(with: response) }
                closeNow(byPeer: false)
                return
            }
            let previous = closeHandler
            closeHandler = {
                previous?()
                admission.releaseForwarded(address)
            }
        }
        forwardedAddress.withLock { $0 = address }
    }

    /// How long a connection that is to close once its output is written may take to write
    /// it (`LoopState.closingAt`), and one that half-closed to be answered.
    static let closeGrace: UInt64 = 10_000_000_000

    /// The connection closes once what is queued is written: if that never happens (a client
    /// that stopped reading), housekeeping closes it `closeGrace` later.
    private func closeOnceWritten() {
        if io.closingAt == 0 { io.closingAt = max(1, clock.uptimeNanos()) }
    }

    /// End of input: stop reading (level-triggered epoll would report it forever) and let
    /// the session answer what came before, then close. If it never does, housekeeping does.
    private func peerFinishedSending() {
        guard !io.inputEnded, !io.isClosed else { return }
        runStack { $0.inputEnded(now: clock.uptimeNanos(), into: &$1) }
        guard !io.isClosed else { return }
        io.inputEnded = true
        io.inputEndedAt = clock.uptimeNanos()
        updateInterest()
        _ = delegate?.connection(self, didReceive: .inputEnded)
    }

    func updateInterest() {
        var events: UInt32 = io.inputEnded ? 0 : EPOLLRDHUP.rawValue
        if !io.readPaused, !io.inputEnded { events |= EPOLLIN.rawValue }
        if io.wantsWrite { events |= EPOLLOUT.rawValue }
        loop.modify(fd, events: events)
    }

    /// Timers, four times a second: output buffers freed when quiet, a half-closed client
    /// let go, the telnet decision made for a silent client, keepalives, the session's deadline.
    func housekeep(now: UInt64) {
        // Sniffing before TLS has its timer only; inside TLS, and in the grace for a browsing
        // address, housekeeping may end it too.
        guard !io.isClosed, !io.stack.waitsForSniffTimer else { return }
        if io.writing.isEmpty, now >= io.nextBufferCheck {
            // Idle connections hold no output buffers (a thousand quiet players should
            // cost kilobytes, not a buffer each). `pending` is checked too: a broadcaster
            // writing directly (`flushDirect`) keeps it without the loop seeing it.
            io.nextBufferCheck = now + 5_000_000_000
            let quiet = outbound.withLock { state -> Bool in
                guard now &- state.lastOutput > 5_000_000_000, state.pending.isEmpty, io.ciphertext.isEmpty,
                      state.pending.capacity > 0 || io.writing.capacity > 0 || io.ciphertext.capacity > 0
                else { return false }
                state.pending = []
                return true
            }
            if quiet {
                io.writing = []
                io.ciphertext = []
            }
        }
        if io.inputEnded, now &- io.inputEndedAt > Self.closeGrace {
            closeNow(byPeer: true)
            return
        }
        if io.closingAt != 0, now &- io.closingAt > Self.closeGrace {
            // A WebSocket close or a last HTTP response the client has not read: let it go.
            closeNow(byPeer: true)
            return
        }
        runStack { $0.expire(now: now, into: &$1) }
        guard !io.isClosed else { return }
        if now >= io.nextKeepalive {
            let interval = UInt64(limits.keepaliveInterval.nanoseconds)
            io.nextKeepalive = now + interval
            // Telnet clients get an IAC NOP when the line has been quiet, so NAT boxes keep
            // the connection; raw clients never get a telnet byte.
            // WebSocket clients get a ping instead (their pong is not waited for).
            var needsNOP = false
            let open = enqueueFromLoop { state in
                guard state.telnet.speaksTelnet || state.webSocket, now &- state.lastOutput >= interval else { return }
                if state.webSocket {
                    state.pending.append(contentsOf: WebSocketFrameEncoder.ping())
                } else {
                    TelnetOutput.append(command: TelnetCommand.nop, to: &state.pending)
                }
                needsNOP = true
            }
            if needsNOP, open { flushFromLoop() }
        }
        let deadline = deadlineNanos.load(ordering: .relaxed)
        if deadline != 0, now >= deadline,
           deadlineNanos.compareExchange(expected: deadline, desired: 0, ordering: .relaxed).exchanged {
            _ = delegate?.connection(self, didReceive: .deadline)
        }
    }
}

extension String {
    /// A gate's sentence ends in CR LF for telnet; an HTTP body ends in LF.
    fileprivate func replacingCRLF() -> String {
        hasSuffix("\r\n") ? String(dropLast(2)) + "\n" : self
    }
}
