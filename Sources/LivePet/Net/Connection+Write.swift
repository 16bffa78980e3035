import CLinux
import Glibc
import LivePetSupport

/// The loop thread's writes and the close.
extension Connection {
    /// Writes as much queued output as the socket takes, coalesced into as few writes as possible.
    ///
    /// One buffer per connection in the common case: the queued bytes are taken, written, and
    /// the emptied buffer handed back as the next `pending` (warm, and no malloc next time);
    /// `writing` is then the shared empty array, so the next flush finds it without a cache
    /// miss (a second buffer per connection, cold by the next flush, was a third of this
    /// function's cost with 5,000 clients). Only bytes queued while a write was in progress
    /// get a buffer of their own.
    func flushFromLoop() {
        guard !io.isClosed else { return }
        var closingAfter = false
        var wroteSomething = false
        // One lock per round in the common case: the swap also records the time of output
        // and, when nothing is left, that nothing is in flight.
        let now = clock.uptimeNanos()
        while true {
            if io.writeOffset >= io.writing.count {
                io.writeOffset = 0
                if io.stack.tls != nil || io.mccp.engaged {
                    guard let closing = refillTransformed(now: now, wroteSomething: wroteSomething) else {
                        closeNow(byPeer: true)
                        return
                    }
                    closingAfter = closing
                    if io.writing.isEmpty { break }
                    continue
                }
                closingAfter = outbound.withLock { state -> Bool in
                    state.addPromptIfNeeded()
                    if wroteSomething { state.lastOutput = now }
                    if state.pending.isEmpty {
                        // All written: the buffer goes back to `pending` if that has none (a
                        // busy connection keeps one; housekeeping frees it once quiet).
                        if state.pending.capacity == 0, io.writing.capacity > 0, io.writing.capacity <= 16 * 1024 {
                            io.writing.removeAll(keepingCapacity: true)
                            swap(&io.writing, &state.pending)
                        } else if io.writing.capacity > 0 {
                            io.writing = []
                        }
                        state.inFlight = 0
                    } else {
                        if io.writing.capacity > 0 { io.writing.removeAll(keepingCapacity: io.writing.capacity <= 16 * 1024) }
                        swap(&io.writing, &state.pending)
                        state.inFlight = io.writing.count
                    }
                    state.scheduled = false
                    return state.closing
                }
                if io.writing.isEmpty { break }
            }
            let offset = io.writeOffset
            let written = io.writing.withUnsafeBytes { transmit(UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if written > 0 {
                io.writeOffset += written
                wroteSomething = true
                continue
            }
            let error = errno
            if written < 0, error == EAGAIN || error == EWOULDBLOCK {
                // What is left of `writing` is what counts against the cap now.
                if wroteSomething {
                    let unwritten = io.writing.count - io.writeOffset
                    outbound.withLock {
                        $0.lastOutput = now
                        $0.inFlight = unwritten
                    }
                }
                if !io.wantsWrite {
                    io.wantsWrite = true
                    updateInterest()
                }
                return
            }
            closeNow(byPeer: true)
            return
        }
        if io.wantsWrite {
            io.wantsWrite = false
            updateInterest()
        }
        if closingAfter {
            // Everything queued before `close` has gone out (or the queue overflowed).
            closeNow(byPeer: outbound.withLock { $0.overflowed || $0.peerClosed })
        }
    }

    /// `writing` for a TLS or MCCP2 connection: the TLS records made since the last refill,
    /// then what is queued, compressed where its switches say (one sync flush for the
    /// batch), then encrypted. (The plain path's buffer swap does not apply: both copy.)
    /// Returns whether the connection is closing, or nil when zlib failed.
    private func refillTransformed(now: UInt64, wroteSomething: Bool) -> Bool? {
        var plaintext: [UInt8] = []
        var switches: [CompressionSwitch] = []
        let queuedRecords = io.ciphertext.count
        let closing = outbound.withLock { state -> Bool in
            state.addPromptIfNeeded()
            if wroteSomething { state.lastOutput = now }
            swap(&plaintext, &state.pending)
            if !state.compressionSwitches.isEmpty { swap(&switches, &state.compressionSwitches) }
            // Counted against the cap until written; records add a few bytes each.
            state.inFlight = plaintext.count + queuedRecords
            state.scheduled = false
            return state.closing
        }
        io.writing.removeAll(keepingCapacity: io.writing.capacity <= 16 * 1024)
        swap(&io.writing, &io.ciphertext)
        guard !plaintext.isEmpty || !switches.isEmpty else { return closing }
        guard let tls = io.stack.tls else {
            return compress(plaintext, switches: switches, into: &io.writing) ? closing : nil
        }
        if io.mccp.engaged {
            var compressed: [UInt8] = []
            guard compress(plaintext, switches: switches, into: &compressed) else { return nil }
            plaintext = compressed
        }
        if !plaintext.isEmpty {
            _ = plaintext.withUnsafeBytes { tls.encrypt($0, into: &io.writing) }
        }
        return closing
    }

    /// The MCCP2 stage's part of a batch (plain where no stream runs).
    private func compress(_ plaintext: [UInt8], switches: [CompressionSwitch], into out: inout [UInt8]) -> Bool {
        let done = plaintext.withUnsafeBytes { io.mccp.encode($0, switches: switches, into: &out) }
        if !done { Logger.shared.error("mccp_failed", ["ip": peerAddress]) }
        return done
    }

    /// Closes the socket now (loop thread). Output still queued is attempted once.
    func closeNow(byPeer: Bool) {
        guard !io.isClosed else { return }
        if !byPeer {
            // One last non-blocking attempt at what is queued (goodbye lines, WONT ECHO).
            var switches: [CompressionSwitch] = []
            var rest = outbound.withLock { state -> [UInt8] in
                state.markClosing()
                swap(&switches, &state.compressionSwitches)
                defer { state.pending = [] }
                return state.pending
            }
            var tail = Array(io.writing[min(io.writeOffset, io.writing.count)...])
            if io.mccp.engaged {
                // What is left, compressed, and the stream's end: the client sees a clean end.
                var compressed: [UInt8] = []
                if compress(rest, switches: switches, into: &compressed) { io.mccp.finish(into: &compressed) }
                rest = compressed
            }
            if let tls = io.stack.tls {
                // Records already made first, then the rest encrypted and close_notify
                // (both only once the handshake has completed; an alert is in `ciphertext`).
                tail.append(contentsOf: io.ciphertext)
                io.ciphertext = []
                if !rest.isEmpty { _ = rest.withUnsafeBytes { tls.encrypt($0, into: &tail) } }
                tls.close(into: &tail)
            } else {
                tail.append(contentsOf: rest)
            }
            if !tail.isEmpty {
                _ = tail.withUnsafeBytes { transmit($0) }
            }
            _ = shutdown(fd, Int32(SHUT_WR))
            // Drain unread input so close() sends FIN, not RST, and the goodbye arrives.
            var scratch = [UInt8](repeating: 0, count: 4096)
            while recv(fd, &scratch, scratch.count, Int32(MSG_DONTWAIT)) > 0 {}
        } else {
            let overflowed = outbound.withLock { state -> Bool in
                state.markClosing()
                state.pending = []
                return state.overflowed
            }
            if overflowed { limits.metrics?.outputDrops.add(1, ordering: .relaxed) }
        }
        limits.metrics?.closed(io.wire, tls: io.wireTLS)
        io.isClosed = true
        io.writing = []
        io.stack.close()
        io.ciphertext = []
        io.mccp = MCCPStage()
        loop.deregister(fd)
        Glibc.close(fd)
        let handler = closeHandler
        closeHandler = nil
        handler?()
        let delegate = self.delegate
        self.delegate = nil
        _ = delegate?.connection(self, didReceive: .closed(byPeer: byPeer))
    }
}
