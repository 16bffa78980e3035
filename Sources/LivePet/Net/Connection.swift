import CLinux
import Dispatch
import Glibc
import LivePetSupport
import LivePetTelnet
import Synchronization

/// Whether the client speaks telnet. Until it answers (or 1.5 s pass) it is undetermined.
public enum TelnetMode: UInt8, Sendable {
    case undetermined
    case telnet
    case raw
}

/// One TCP client on an event loop: telnet decoding in, coalesced bounded output out.
///
/// Any thread may `send`; bytes land in one locked buffer and the loop writes everything
/// queued with one system call. A client that stops reading is cut off when its queue
/// passes `maxQueuedBytes`, so it can never hold anyone else up. Every byte queued counts,
/// whoever makes it (a session, a broadcast, the telnet engine's own answers, the prompt
/// shown again): all of it goes through `enqueue`, the one place the cap is checked.
public final class Connection: LoopHandler, @unchecked Sendable {
    // @unchecked: the `loop*` fields are touched only on `loop`'s thread; shared state is in
    // `outbound` (a Mutex) or atomics; `delegate` is set once before registration.

    struct Outbound {
        var pending: [UInt8] = []
        /// What `pending` and `inFlight` may add up to before the connection is cut off:
        /// `maxQueuedBytes` less one prompt. A flush adds the prompt again after output that
        /// pushed it up (`addPromptIfNeeded`) and cannot refuse it, so room for it is always
        /// kept; set where the prompt changes, so the check per append costs no more.
        var allowance: Int
        /// Bytes handed to the loop but not yet written.
        var inFlight = 0
        var scheduled = false
        var closing = false
        var mode = TelnetMode.undetermined
        var echoHidden = false
        var eor = false
        var overflowed = false
        /// The last prompt, encoded with its GA/EOR, to show again after asynchronous lines.
        var prompt: [UInt8] = []
        /// What `prompt` was made from.
        var promptText = ""
        var promptStyle = PromptStyle(mode: .undetermined, eor: false)
        /// The prompt is the last thing on the client's screen.
        var promptVisible = false
        /// Asynchronous output pushed the prompt up: send it again at the next flush.
        var promptNeeded = false
        /// Uptime nanoseconds of the last byte queued (for NOP keepalives).
        var lastOutput: UInt64 = 0

        init(cap: Int) {
            allowance = cap
        }
    }

    /// How a prompt ends, which depends on what the client negotiated.
    struct PromptStyle: Equatable {
        var mode: TelnetMode
        var eor: Bool
    }

    public let id: UInt64
    public let peerAddress: String
    public let connectedAt: ContinuousClock.Instant
    let fd: Int32
    /// Strong: `unowned` cost an atomic retain and release of the loop object, shared by
    /// every connection on it, at each use (a session's executor, each broadcast). The loop
    /// drops its connections when it stops, which breaks the cycle.
    package let loop: EventLoop
    let limits: ConnectionLimits
    /// Strong until the connection closes, so a session at the login prompt stays alive.
    private var delegate: (any ConnectionDelegate)?
    /// Runs once when the connection closes (the listener releases its per-address count).
    private var closeHandler: (@Sendable () -> Void)?
    private let outbound: Mutex<Outbound>
    /// Uptime nanoseconds of the last input line (for idle times).
    private let lastInputNanos: Atomic<UInt64>
    /// Uptime nanoseconds at which to deliver `.deadline`; 0 for none.
    private let deadlineNanos = Atomic<UInt64>(0)

    // Loop-thread state. Only this connection's loop thread touches it, so the runtime's
    // exclusivity checks (a thread-local access set on every use of a class property, 6 %
    // of the server's instructions in `rooms`, mostly here) could only catch an overlap
    // within this file's own code; they are off for these private properties.
    @exclusivity(unchecked) private var input: TelnetInput
    @exclusivity(unchecked) private var negotiator = TelnetNegotiator(
        localOptions: [TelnetOption.eor, TelnetOption.mssp, TelnetOption.gmcp],
        remoteOptions: [TelnetOption.ttype, TelnetOption.naws]
    )
    @exclusivity(unchecked) private var writing: [UInt8] = []
    @exclusivity(unchecked) private var writeOffset = 0
    @exclusivity(unchecked) private var wantsWrite = false
    @exclusivity(unchecked) private var readPaused = false
    @exclusivity(unchecked) private var isClosed = false
    /// The client half-closed; we only write from now on.
    @exclusivity(unchecked) private var inputEnded = false
    @exclusivity(unchecked) private var inputEndedAt: UInt64 = 0
    @exclusivity(unchecked) private var negotiationDeadline: UInt64
    @exclusivity(unchecked) private var nextKeepalive: UInt64
    /// When housekeeping next looks for output buffers to free.
    @exclusivity(unchecked) private var nextBufferCheck: UInt64 = 0
    @exclusivity(unchecked) private var terminalTypes: [String] = []
    /// MSSP and GMCP are offered only once the client has shown it speaks telnet, so a
    /// raw client never sees more than the opening offer.
    @exclusivity(unchecked) private var offeredExtras = false
    /// True while the first bytes are examined for TLS or HTTP (see `ProtocolSniffer`).
    @exclusivity(unchecked) private var sniffing = false
    @exclusivity(unchecked) private var sniffed: [UInt8] = []

    init(fd: Int32, peerAddress: String, loop: EventLoop, id: UInt64, limits: ConnectionLimits) {
        self.fd = fd
        self.peerAddress = peerAddress
        self.loop = loop
        self.id = id
        self.limits = limits
        self.connectedAt = .now
        outbound = Mutex(Outbound(cap: limits.maxQueuedBytes))
        let now = Self.uptimeNanos()
        lastInputNanos = Atomic(now)
        negotiationDeadline = now + UInt64(limits.negotiationTimeout.nanoseconds)
        nextKeepalive = now + limits.keepaliveInterval
        input = TelnetInput(
            maxLineBytes: limits.maxLineBytes,
            maxPendingBytes: limits.maxPendingBytes,
            maxSubnegotiationBytes: limits.maxSubnegotiationBytes
        )
    }

    /// Sets the receiver of events; call once, before the connection is registered.
    func attach(_ delegate: any ConnectionDelegate) {
        self.delegate = delegate
    }

    /// Sets what runs once the connection has closed; call once, before it is registered.
    func whenClosed(_ handler: @escaping @Sendable () -> Void) {
        closeHandler = handler
    }

    @inlinable package static func uptimeNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    // MARK: Any thread

    public var mode: TelnetMode { outbound.withLock { $0.mode } }

    /// The queue passed `maxQueuedBytes` and the connection is being cut off (for tests).
    var hasOverflowed: Bool { outbound.withLock { $0.overflowed } }

    /// Seconds since the last input line.
    public var idleSeconds: Int {
        Int(idleNanos / 1_000_000_000)
    }

    /// Nanoseconds since the last input line (telnet negotiation and partial lines do not count).
    public var idleNanos: UInt64 {
        let last = lastInputNanos.load(ordering: .relaxed)
        let now = Self.uptimeNanos()
        return now > last ? now - last : 0
    }

    /// Queues UTF-8 text ("\n" becomes CRLF, 0xFF is doubled).
    public func send(_ text: String) {
        append { state in
            Self.leavePrompt(&state)
            TelnetOutput.appendText(text, to: &state.pending)
        }
    }

    /// Queues bytes already encoded with `TelnetOutput` (a broadcast encodes once).
    public func send(encoded bytes: [UInt8]) {
        append { state in
            Self.leavePrompt(&state)
            state.pending.append(contentsOf: bytes)
        }
    }

    /// Output arriving while the prompt is on screen starts on a fresh line (clients that
    /// take EOR already end the prompt there) and brings the prompt back afterwards.
    private static func leavePrompt(_ state: inout Outbound) {
        guard state.promptVisible else { return }
        state.promptVisible = false
        state.promptNeeded = true
        if !state.eor { state.pending.append(contentsOf: [13, 10]) }
    }

    /// Queues a prompt: text without a line end, then `IAC EOR` or `IAC GA` for telnet clients.
    public func sendPrompt(_ text: String) {
        append { state in
            // Usually the same prompt as last time (after every line typed): keep its bytes.
            let style = PromptStyle(mode: state.mode, eor: state.eor)
            if text != state.promptText || style != state.promptStyle {
                var prompt: [UInt8] = []
                TelnetOutput.appendText(text, to: &prompt)
                if state.mode == .telnet {
                    TelnetOutput.append(command: state.eor ? TelnetCommand.eor : TelnetCommand.ga, to: &prompt)
                }
                state.allowance = limits.maxQueuedBytes - prompt.count
                state.prompt = prompt
                state.promptText = text
                state.promptStyle = style
            }
            state.pending.append(contentsOf: state.prompt)
            state.promptVisible = true
            state.promptNeeded = false
        }
    }

    /// Forgets the prompt (the player typed a line, so the cursor is on a new line).
    func promptAnswered() {
        outbound.withLock {
            $0.promptVisible = false
            $0.promptNeeded = false
        }
    }

    /// Queues `IAC SB option payload IAC SE`, only for clients that speak telnet.
    public func sendSubnegotiation(option: UInt8, payload: [UInt8]) {
        append { state in
            guard state.mode == .telnet else { return }
            TelnetOutput.appendSubnegotiation(option: option, payload: payload, to: &state.pending)
        }
    }

    /// Queues telnet bytes already encoded (a GMCP broadcast), only for telnet clients.
    /// They do not disturb the prompt: clients never show them.
    public func sendTelnet(encoded bytes: [UInt8]) {
        append { state in
            guard state.mode == .telnet else { return }
            state.pending.append(contentsOf: bytes)
        }
    }


    /// Hides (`IAC WILL ECHO`) or shows (`IAC WONT ECHO` and a line end) typed input.
    /// Only telnet clients get the bytes; nobody waits for an answer. A client that has not
    /// answered yet gets `WILL ECHO` when it does (see `process`): until then it may be raw.
    public func setEchoHidden(_ hidden: Bool) {
        append { state in
            guard state.echoHidden != hidden else { return }
            state.echoHidden = hidden
            guard state.mode == .telnet else { return }
            TelnetOutput.append(command: hidden ? TelnetCommand.will : TelnetCommand.wont, option: TelnetOption.echo, to: &state.pending)
            if !hidden { state.pending.append(contentsOf: [13, 10]) }
        }
    }

    /// Delivers `.deadline` once, `seconds` from now (nil clears it).
    public func setDeadline(after duration: Duration?) {
        guard let duration else {
            deadlineNanos.store(0, ordering: .relaxed)
            return
        }
        deadlineNanos.store(Self.uptimeNanos() + UInt64(duration.nanoseconds), ordering: .relaxed)
    }

    /// Sends `notice` (if any), flushes what is queued and closes. Safe to call twice.
    /// A notice that takes the queue past its cap is an overflow like any other output.
    public func close(notice: String? = nil) {
        var first = false
        let outcome = enqueue { state in
            first = true
            if let notice { TelnetOutput.appendText(notice, to: &state.pending) }
            if state.echoHidden {
                state.echoHidden = false
                if state.mode == .telnet {
                    TelnetOutput.append(command: TelnetCommand.wont, option: TelnetOption.echo, to: &state.pending)
                    state.pending.append(contentsOf: [13, 10])
                }
            }
            state.closing = true
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
            guard readPaused, !isClosed else { return }
            readPaused = false
            updateInterest()
            // Data may already be waiting; level-triggered epoll reports it again.
        }
    }

    private func append(_ body: (inout Outbound) -> Void) {
        switch enqueue(body) {
        case .queued: break
        case .needsFlush: loop.flush(CollectionOfOne(self))
        case .overflowed: closeOverflowed()
        }
    }

    /// Writes what is queued from the calling thread, for a broadcaster whose target loop is
    /// idle (see `EventLoop.flush`). Returns false when the loop must do
    /// it instead: its own write is unfinished (order), the connection is closing (the
    /// descriptor is the loop's to close), or the socket took only part of it.
    ///
    /// The lock is held across `send`: the loop closes the descriptor only after marking
    /// the connection closing under this lock, so the descriptor cannot be reused meanwhile,
    /// and no other thread can queue bytes in between.
    func flushDirect() -> Bool {
        outbound.withLock { state -> Bool in
            guard !state.closing, state.inFlight == 0 else { return false }
            Self.addPromptIfNeeded(&state)
            var sent = 0
            let total = state.pending.count
            while sent < total {
                let written = state.pending.withUnsafeBytes { raw in
                    Glibc.send(fd, raw.baseAddress! + sent, total - sent, Int32(MSG_NOSIGNAL))
                }
                if written > 0 {
                    sent += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            if sent > 0 { state.lastOutput = Self.uptimeNanos() }
            guard sent == total else {
                state.pending.removeFirst(sent)
                return false
            }
            state.pending.removeAll(keepingCapacity: state.pending.capacity <= 4096)
            state.scheduled = false
            return true
        }
    }

    /// Output that pushed the prompt up is followed by the prompt again. The cap keeps room
    /// for it (`allowance`), so the queue still fits.
    private static func addPromptIfNeeded(_ state: inout Outbound) {
        if state.promptNeeded, !state.pending.isEmpty, !state.closing {
            state.pending.append(contentsOf: state.prompt)
            state.promptNeeded = false
            state.promptVisible = true
        }
    }

    /// What an append asks of the loop.
    enum AppendOutcome {
        /// Nothing new to ask: the loop already knows, or nothing was queued.
        case queued
        /// The loop must be told to write.
        case needsFlush
        /// The queue passed `maxQueuedBytes`: the connection must close now.
        case overflowed
    }

    /// The one way into `pending`: `body` queues (or does nothing, when the connection is
    /// closing), then everything queued or in flight, with room for the prompt, is checked
    /// against `maxQueuedBytes` (`allowance`). Any thread; loop-thread callers use `enqueueFromLoop`.
    /// Always inlined: called from more places than the two per-line paths, the optimizer
    /// outlined it, and their closures then retained what they capture (callgrind, rooms:
    /// about 40 instructions per delivered line).
    @inline(__always)
    private func enqueue(_ body: (inout Outbound) -> Void) -> AppendOutcome {
        outbound.withLock { state -> AppendOutcome in
            guard !state.closing else { return .queued }
            body(&state)
            if state.pending.count + state.inFlight > state.allowance {
                // A client that stops reading loses its connection, never anyone's time.
                state.pending = []
                state.closing = true
                state.overflowed = true
                return .overflowed
            }
            if state.scheduled || state.pending.isEmpty { return .queued }
            state.scheduled = true
            return .needsFlush
        }
    }

    /// Close at once: a flush with a half-written buffer would wait for EPOLLOUT, which a
    /// peer that stopped reading never gives, leaving it connected (and listed) forever.
    private func closeOverflowed() {
        loop.execute { [self] in closeNow(byPeer: true) }
    }

    /// `enqueue` on the loop thread, whose caller writes next (`flushFromLoop`, or `closeNow`
    /// for a goodbye), so the loop need not be asked to; an overflow closes the connection at
    /// once. Returns false when it did.
    @discardableResult
    private func enqueueFromLoop(_ body: (inout Outbound) -> Void) -> Bool {
        guard case .overflowed = enqueue(body) else { return true }
        closeNow(byPeer: true)
        return false
    }

    private func append(_ body: (inout Outbound) -> Void, batch: inout FlushBatch) {
        switch enqueue(body) {
        case .queued: break
        case .needsFlush: batch.add(self)
        case .overflowed: closeOverflowed()
        }
    }

    /// Queues a broadcast's bytes (already encoded once for the room). The loop is not told
    /// here: `batch` collects the connection and the broadcaster submits it once at the end,
    /// so a line to a thousand members costs each loop one lock and at most one wake-up.
    package func send(encoded bytes: UnsafeRawBufferPointer, batch: inout FlushBatch) {
        append({ state in
            Self.leavePrompt(&state)
            state.pending.append(contentsOf: bytes)
        }, batch: &batch)
    }

    /// `sendTelnet(encoded:)` for a broadcast (see `send(encoded:batch:)`).
    package func sendTelnet(encoded bytes: UnsafeRawBufferPointer, batch: inout FlushBatch) {
        append({ state in
            guard state.mode == .telnet else { return }
            state.pending.append(contentsOf: bytes)
        }, batch: &batch)
    }

    // MARK: Loop thread

    /// Registers with the loop and, once the client has had a moment to show it is not a
    /// telnet client (TLS, HTTP), sends the opening offer (DO TTYPE, DO NAWS, WILL EOR).
    func open() throws {
        try loop.register(fd, handler: self, events: EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
        let window = limits.protocolSniffWindow
        guard window > .zero else {
            start()
            return
        }
        sniffing = true
        let loop = loop
        // A strong capture on purpose: a weak reference would give every connection a
        // refcount side table, and every later retain on the broadcast path the slow path.
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(window.nanoseconds))) { [self] in
            loop.execute { self.finishSniffing() }
        }
    }

    /// The telnet session begins: the offer, then `.opened`.
    private func start() {
        // The client gets its full negotiation time from the offer, which it cannot answer earlier.
        negotiationDeadline = Self.uptimeNanos() + UInt64(limits.negotiationTimeout.nanoseconds)
        var offer: [UInt8] = []
        negotiator.requestRemote(TelnetOption.ttype, enabled: true, into: &offer)
        negotiator.requestRemote(TelnetOption.naws, enabled: true, into: &offer)
        negotiator.requestLocal(TelnetOption.eor, enabled: true, into: &offer)
        enqueueFromLoop { $0.pending.append(contentsOf: offer) }
        _ = delegate?.connection(self, didReceive: .opened)
        flushFromLoop()
    }

    /// The client is a telnet client (or said nothing in time): start, then decode what it sent.
    private func finishSniffing() {
        guard sniffing, !isClosed else { return }
        sniffing = false
        start()
        let early = sniffed
        sniffed = []
        if !early.isEmpty, !isClosed {
            early.withUnsafeBytes { process($0) }
            if !isClosed { flushFromLoop() }
        }
    }

    /// Examines the first bytes; answers and closes a TLS or HTTP client.
    private func sniff(_ bytes: UnsafeRawBufferPointer) {
        sniffed.append(contentsOf: bytes)
        let answer: String
        switch ProtocolSniffer.classify(sniffed) {
        case .undecided:
            return
        case .telnet:
            finishSniffing()
            return
        case .tls:
            answer = ProtocolSniffer.tlsResponse
        case .http:
            answer = ProtocolSniffer.httpResponse
        }
        sniffing = false
        sniffed = []
        Logger.shared.info("wrong_protocol", ["ip": peerAddress, "protocol": answer == ProtocolSniffer.tlsResponse ? "tls" : "http"])
        // Plain bytes, not telnet: nothing of telnet was sent, and this client is not one.
        enqueueFromLoop { state in
            state.mode = .raw
            state.pending = Array(answer.utf8)
        }
        closeNow(byPeer: false)
    }

    func handle(events: UInt32) {
        if inputEnded {
            // Only our output is left; a full hang-up or an error ends that too.
            if events & (EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
                closeNow(byPeer: true)
                return
            }
        } else if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue | EPOLLRDHUP.rawValue) != 0 {
            readAvailable()
        }
        if !isClosed, events & EPOLLOUT.rawValue != 0 {
            flushFromLoop()
        }
    }

    func loopDidStop() {
        closeNow(byPeer: false)
    }

    func housekeep(now: UInt64) {
        guard !isClosed, !sniffing else { return }
        if writing.isEmpty, now >= nextBufferCheck {
            // Idle connections hold no output buffers (a thousand quiet players should
            // cost kilobytes, not a buffer each). `pending` is checked too: a broadcaster
            // writing directly (`flushDirect`) keeps it without the loop seeing it.
            nextBufferCheck = now + 5_000_000_000
            let quiet = outbound.withLock { state -> Bool in
                guard now &- state.lastOutput > 5_000_000_000, state.pending.isEmpty,
                      state.pending.capacity > 0 || writing.capacity > 0 else { return false }
                state.pending = []
                return true
            }
            if quiet { writing = [] }
        }
        if inputEnded, now &- inputEndedAt > 10_000_000_000 {
            closeNow(byPeer: true)
            return
        }
        if now >= negotiationDeadline, negotiationDeadline != 0 {
            negotiationDeadline = 0
            let telnet = outbound.withLock { state -> Bool in
                if state.mode == .undetermined { state.mode = .raw }
                return state.mode == .telnet
            }
            _ = delegate?.connection(self, didReceive: .negotiated(telnet: telnet))
        }
        if now >= nextKeepalive {
            nextKeepalive = now + limits.keepaliveInterval
            // Telnet clients get an IAC NOP when the line has been quiet, so NAT boxes keep
            // the connection; raw clients never get a telnet byte.
            var needsNOP = false
            let open = enqueueFromLoop { state in
                guard state.mode == .telnet, now &- state.lastOutput >= limits.keepaliveInterval else { return }
                TelnetOutput.append(command: TelnetCommand.nop, to: &state.pending)
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

    private func readAvailable() {
        let buffer = loop.readBuffer
        var rounds = 0
        while !isClosed, !readPaused, rounds < 4 {
            rounds += 1
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 {
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                if sniffing { sniff(bytes) } else { process(bytes) }
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
        if !isClosed { flushFromLoop() }
    }

    /// The answer to `IAC AYT`, encoded once.
    private static let aytAnswer: [UInt8] = {
        var bytes: [UInt8] = []
        TelnetOutput.appendText("[LivePet is here]\n", to: &bytes)
        return bytes
    }()

    /// Decodes one read. The telnet engine's answers are gathered, then queued once, through
    /// `enqueue` like any output: a client that asks and never reads is cut off at the cap.
    private func process(_ bytes: UnsafeRawBufferPointer) {
        let spokeBefore = input.peerSpokeTelnet
        var replies: [UInt8] = []
        var askedAYT = false
        input.feed(bytes) { event in
            handle(event, replies: &replies, askedAYT: &askedAYT)
        }
        // Any number of AYTs in one read get one answer.
        if askedAYT { replies.append(contentsOf: Self.aytAnswer) }
        if !spokeBefore, input.peerSpokeTelnet {
            let open = enqueueFromLoop { state in
                // A late first answer (after the raw decision) still makes it a telnet client:
                // raw clients never send IAC, so this cannot mislabel one.
                guard state.mode != .telnet else { return }
                state.mode = .telnet
                // A password prompt sent before this first answer could not hide the typing yet.
                if state.echoHidden {
                    TelnetOutput.append(command: TelnetCommand.will, option: TelnetOption.echo, to: &state.pending)
                }
            }
            guard open else { return }
            if !offeredExtras {
                offeredExtras = true
                negotiator.requestLocal(TelnetOption.mssp, enabled: true, into: &replies)
                negotiator.requestLocal(TelnetOption.gmcp, enabled: true, into: &replies)
            }
            if negotiationDeadline != 0 {
                negotiationDeadline = 0
                _ = delegate?.connection(self, didReceive: .negotiated(telnet: true))
            }
        }
        if !replies.isEmpty, !isClosed {
            // The client spoke telnet, so replies are safe to send even to an undetermined peer.
            enqueueFromLoop { $0.pending.append(contentsOf: replies) }
        }
    }

    private func handle(_ event: TelnetEvent, replies: inout [UInt8], askedAYT: inout Bool) {
        switch event {
        case .line(let text, let truncated):
            guard !isClosed else { return }
            lastInputNanos.store(Self.uptimeNanos(), ordering: .relaxed)
            promptAnswered()
            let accepted = delegate?.connection(self, didReceive: .line(text, truncated: truncated)) ?? true
            if !accepted, !readPaused {
                readPaused = true
                updateInterest()
            }
        case .will, .wont, .do, .dont:
            if let change = negotiator.receive(event, into: &replies) {
                optionChanged(change, replies: &replies)
            }
        case .subnegotiation(let option, let data):
            if option == TelnetOption.naws, let size = TelnetSubnegotiation.naws(data) {
                _ = delegate?.connection(self, didReceive: .windowSize(width: size.width, height: size.height))
            } else if option == TelnetOption.ttype, let name = TelnetSubnegotiation.terminalType(data) {
                // MTTS: ask again until the answer repeats, at most three rounds.
                let repeated = terminalTypes.last == name
                if !repeated, terminalTypes.count < 3 {
                    terminalTypes.append(name)
                    _ = delegate?.connection(self, didReceive: .terminalType(name))
                    if terminalTypes.count < 3 { TelnetSubnegotiation.requestTerminalType(into: &replies) }
                }
            } else if option == TelnetOption.gmcp, negotiator.isLocalEnabled(TelnetOption.gmcp) {
                _ = delegate?.connection(self, didReceive: .subnegotiation(option: option, data: data))
            }
        case .command(let command):
            if command == TelnetCommand.ayt { askedAYT = true }
        case .lineTooLong:
            _ = delegate?.connection(self, didReceive: .lineTooLong)
        }
    }

    private func optionChanged(_ change: TelnetOptionChange, replies: inout [UInt8]) {
        switch (change.option, change.enabled) {
        case (TelnetOption.ttype, true):
            TelnetSubnegotiation.requestTerminalType(into: &replies)
        case (TelnetOption.eor, let enabled):
            outbound.withLock { $0.eor = enabled }
            _ = delegate?.connection(self, didReceive: .localOption(change.option, enabled: enabled))
        case (TelnetOption.gmcp, let enabled), (TelnetOption.mssp, let enabled):
            _ = delegate?.connection(self, didReceive: .localOption(change.option, enabled: enabled))
        default:
            break
        }
    }

    /// End of input: stop reading (level-triggered epoll would report it forever) and let
    /// the session answer what came before, then close. If it never does, housekeeping does.
    private func peerFinishedSending() {
        guard !inputEnded, !isClosed else { return }
        // A script that sends and half-closes at once: greet it and read what it sent first.
        if sniffing { finishSniffing() }
        guard !isClosed else { return }
        inputEnded = true
        inputEndedAt = Self.uptimeNanos()
        updateInterest()
        _ = delegate?.connection(self, didReceive: .inputEnded)
    }

    private func updateInterest() {
        var events: UInt32 = inputEnded ? 0 : EPOLLRDHUP.rawValue
        if !readPaused, !inputEnded { events |= EPOLLIN.rawValue }
        if wantsWrite { events |= EPOLLOUT.rawValue }
        loop.modify(fd, events: events)
    }

    /// Writes as much queued output as the socket takes, coalesced into as few writes as possible.
    ///
    /// One buffer per connection in the common case: the queued bytes are taken, written, and
    /// the emptied buffer handed back as the next `pending` (warm, and no malloc next time);
    /// `writing` is then the shared empty array, so the next flush finds it without a cache
    /// miss (a second buffer per connection, cold by the next flush, was a third of this
    /// function's cost with 5,000 clients). Only bytes queued while a write was in progress
    /// get a buffer of their own.
    func flushFromLoop() {
        guard !isClosed else { return }
        var closingAfter = false
        var wroteSomething = false
        // One lock per round in the common case: the swap also records the time of output
        // and, when nothing is left, that nothing is in flight.
        let now = Self.uptimeNanos()
        while true {
            if writeOffset >= writing.count {
                writeOffset = 0
                closingAfter = outbound.withLock { state -> Bool in
                    Self.addPromptIfNeeded(&state)
                    if wroteSomething { state.lastOutput = now }
                    if state.pending.isEmpty {
                        // All written: the buffer goes back to `pending` if that has none (a
                        // busy connection keeps one; housekeeping frees it once quiet).
                        if state.pending.capacity == 0, writing.capacity > 0, writing.capacity <= 16 * 1024 {
                            writing.removeAll(keepingCapacity: true)
                            swap(&writing, &state.pending)
                        } else if writing.capacity > 0 {
                            writing = []
                        }
                        state.inFlight = 0
                    } else {
                        if writing.capacity > 0 { writing.removeAll(keepingCapacity: writing.capacity <= 16 * 1024) }
                        swap(&writing, &state.pending)
                        state.inFlight = writing.count
                    }
                    state.scheduled = false
                    return state.closing
                }
                if writing.isEmpty { break }
            }
            let written = writing.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + writeOffset, raw.count - writeOffset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                writeOffset += written
                wroteSomething = true
                continue
            }
            let error = errno
            if written < 0, error == EINTR { continue }
            if written < 0, error == EAGAIN || error == EWOULDBLOCK {
                // What is left of `writing` is what counts against the cap now.
                if wroteSomething {
                    let unwritten = writing.count - writeOffset
                    outbound.withLock {
                        $0.lastOutput = now
                        $0.inFlight = unwritten
                    }
                }
                if !wantsWrite {
                    wantsWrite = true
                    updateInterest()
                }
                return
            }
            closeNow(byPeer: true)
            return
        }
        if wantsWrite {
            wantsWrite = false
            updateInterest()
        }
        if closingAfter {
            // Everything queued before `close` has gone out (or the queue overflowed).
            closeNow(byPeer: outbound.withLock { $0.overflowed })
        }
    }

    /// Closes the socket now (loop thread). Output still queued is attempted once.
    func closeNow(byPeer: Bool) {
        guard !isClosed else { return }
        if !byPeer {
            // One last non-blocking attempt at what is queued (goodbye lines, WONT ECHO).
            let rest = outbound.withLock { state -> [UInt8] in
                state.closing = true
                defer { state.pending = [] }
                return state.pending
            }
            var tail = Array(writing[min(writeOffset, writing.count)...])
            tail.append(contentsOf: rest)
            if !tail.isEmpty {
                _ = tail.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
            }
            _ = shutdown(fd, Int32(SHUT_WR))
            // Drain unread input so close() sends FIN, not RST, and the goodbye arrives.
            var scratch = [UInt8](repeating: 0, count: 4096)
            while recv(fd, &scratch, scratch.count, Int32(MSG_DONTWAIT)) > 0 {}
        } else {
            outbound.withLock { $0.closing = true; $0.pending = [] }
        }
        isClosed = true
        writing = []
        sniffed = []
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

/// Bounds for one connection.
public struct ConnectionLimits: Sendable {
    public var maxLineBytes = 512
    public var maxPendingBytes = 4096
    public var maxSubnegotiationBytes = 8192
    public var maxQueuedBytes = 256 * 1024
    public var negotiationTimeout: Duration = .milliseconds(1500)
    /// Nanoseconds of quiet before a telnet client gets an `IAC NOP`.
    public var keepaliveInterval: UInt64 = 60_000_000_000
    /// How long a new connection waits for a TLS ClientHello or an HTTP request line before
    /// its telnet offer (zero: no wait, no detection at the byte level). Telnet clients do not
    /// speak first, so they see the MOTD this much later; TLS and HTTP clients speak at once.
    public var protocolSniffWindow: Duration = .milliseconds(100)

    public init() {}
}
