import CLinux
import Glibc
import LivePetSupport
import LivePetTelnet
import Synchronization

/// One TCP client on an event loop: a descriptor, its read loop, one bounded write queue and
/// one send path. It knows bytes only; what they mean is the business of its transport stack
/// (`TransportStack`: protocol sniffing, then the telnet stage), whose actions it performs.
///
/// Any thread may queue output (`Connection+Output.swift`); bytes land in one locked
/// `OutboundQueue` and the loop writes everything queued with one system call
/// (`Connection+Write.swift`); reads and timers are in `Connection+Loop.swift`. A client that stops reading is cut off when its queue passes
/// `maxQueuedBytes`, so it can never hold anyone else up.
public final class Connection: LoopHandler, @unchecked Sendable {
    // @unchecked: `io` is touched only on `loop`'s thread; shared state is in `outbound` (a
    // Mutex) or atomics; `delegate` and `closeHandler` are set once before registration and
    // then read and cleared on the loop thread.

    public let id: UInt64
    /// The TCP peer's address (a reverse proxy's, for a proxied browser).
    public let socketAddress: String
    /// The client's address, what bans, per-address limits, `users` and logs see: the TCP
    /// peer's, or, for a WebSocket session through a trusted proxy, the one it forwarded
    /// (`X-Forwarded-For`, set once before the session hears `.opened`).
    public var peerAddress: String {
        forwardedAddress.withLock { $0 } ?? socketAddress
    }
    let forwardedAddress = Mutex<String?>(nil)
    /// Bans and per-address limits for a forwarded address (the listener's gate), set once
    /// before registration; nil: none.
    var admission: (any ConnectionAdmission)?
    let fd: Int32
    /// Strong: `unowned` cost an atomic retain and release of the loop object, shared by
    /// every connection on it, at each use (a session's executor, each broadcast). The loop
    /// drops its connections when it stops, which breaks the cycle.
    package let loop: EventLoop
    let limits: ConnectionLimits
    /// Strong until the connection closes, so a session at the login prompt stays alive.
    var delegate: (any ConnectionDelegate)?
    /// Runs once when the connection closes (the listener releases its per-address count).
    var closeHandler: (@Sendable () -> Void)?
    let outbound: Mutex<OutboundQueue>
    /// The client's `TelnetCharset` (raw value), the one copy: broadcasts pick their variant
    /// by it, text is folded to ASCII by it (`Connection+Charset.swift`).
    package let charsetCode = Atomic<UInt8>(TelnetCharset.utf8.rawValue)
    /// Uptime nanoseconds of the last input line (for idle times).
    let lastInputNanos: Atomic<UInt64>
    /// Uptime nanoseconds at which to deliver `.deadline`; 0 for none.
    let deadlineNanos = Atomic<UInt64>(0)
    /// Uptime nanoseconds when the connection was accepted (the login timeout counts from it,
    /// sniff window and TLS handshake included).
    public let connectedNanos: UInt64
    /// Set once by the loop when the TLS stage starts (`.startTLS`); read from any thread.
    private let tlsFlag = Atomic<Bool>(false)
    let webSocketFlag = Atomic<Bool>(false)

    /// A connection's loop-thread state: its transport stack and its write cursor.
    struct LoopState {
        var stack: TransportStack
        /// Reused for each read's actions, so decoding allocates nothing per read.
        var actions: [TransportAction] = []
        var writing: [UInt8] = []
        var writeOffset = 0
        /// TLS records made on the loop thread and not yet moved to `writing`, in the order
        /// the TLS stage made them (their sequence numbers): handshake messages, alerts,
        /// tickets. Output is encrypted into it when the loop writes.
        var ciphertext: [UInt8] = []
        /// MCCP2: compresses output between the telnet framing and TLS, once the client said DO.
        var mccp = MCCPStage()
        var wantsWrite = false
        var readPaused = false
        var isClosed = false
        /// The client half-closed; we only write from now on.
        var inputEnded = false
        var inputEndedAt: UInt64 = 0
        /// When the stack asked to close once the output is written (an HTTP connection's last
        /// response, a WebSocket close frame); 0: it has not. A client that never reads it is let
        /// go `closeGrace` later, as one that half-closed is.
        var closingAt: UInt64 = 0
        var nextKeepalive: UInt64
        /// The transport stack asked for something during the current read (see `readAvailable`).
        var performedActions = false
        /// When housekeeping next looks for output buffers to free.
        var nextBufferCheck: UInt64 = 0
        /// What the connection is counted as in `NetMetrics` now.
        var wire = WireProtocol.negotiating
        var wireTLS = false
    }

    /// Only this connection's loop thread touches `io`, so the runtime's exclusivity checks
    /// (a thread-local access set on every use of a class property, 6 % of the server's
    /// instructions in `rooms`, mostly here) could only catch an overlap within this type's
    /// own code, which never hands `io` out: they are off for it. This is the one such
    /// property in the server.
    @exclusivity(unchecked) var io: LoopState

    init(fd: Int32, peerAddress: String, loop: EventLoop, id: UInt64, limits: ConnectionLimits) {
        self.fd = fd
        self.socketAddress = peerAddress
        self.loop = loop
        self.id = id
        self.limits = limits
        let now = loop.clock.uptimeNanos()
        outbound = Mutex(OutboundQueue(cap: limits.maxQueuedBytes))
        lastInputNanos = Atomic(now)
        connectedNanos = now
        io = LoopState(stack: TransportStack(limits: limits, peerAddress: peerAddress), nextKeepalive: now + UInt64(limits.keepaliveInterval.nanoseconds))
    }

    /// Sets the receiver of events; call once, before the connection is registered.
    func attach(_ delegate: any ConnectionDelegate) {
        self.delegate = delegate
    }

    /// Sets what runs once the connection has closed; call once, before it is registered.
    func whenClosed(_ handler: @escaping @Sendable () -> Void) {
        closeHandler = handler
    }

    /// The server's clock (its loop's).
    @inline(__always)
    public var clock: any ServerClock { loop.clock }

    // MARK: Any thread

    public var mode: TelnetMode { outbound.withLock { $0.telnet.mode } }

    /// Whether this connection is encrypted (a ClientHello on the telnet port, or the TLS
    /// port). A session sees it true from `.opened` on: telnet starts after the handshake.
    public var isTLS: Bool { tlsFlag.load(ordering: .acquiring) }

    /// Loop thread, when the TLS stage starts.
    func markTLS() { tlsFlag.store(true, ordering: .releasing) }

    /// Whether this connection is a browser's WebSocket (the web client). True from
    /// `.opened` on: the session starts after the upgrade.
    public var isWebSocket: Bool { webSocketFlag.load(ordering: .acquiring) }

    /// The queue passed `maxQueuedBytes` and the connection is being cut off (for tests).
    var hasOverflowed: Bool { outbound.withLock { $0.overflowed } }

    /// Seconds since the last input line.
    public var idleSeconds: Int {
        Int(idleNanos / 1_000_000_000)
    }

    /// Nanoseconds since the last input line (telnet negotiation and partial lines do not count).
    public var idleNanos: UInt64 {
        let last = lastInputNanos.load(ordering: .relaxed)
        let now = clock.uptimeNanos()
        return now > last ? now - last : 0
    }

    /// The one way into the write queue (`OutboundQueue.admit`, under its lock), from any
    /// thread; loop-thread callers use `enqueueFromLoop`.
    @inline(__always)
    func enqueue(_ body: (inout OutboundQueue) -> Void) -> OutboundQueue.Outcome {
        outbound.withLock { $0.admit(body) }
    }

    func append(_ body: (inout OutboundQueue) -> Void) {
        switch enqueue(body) {
        case .queued: break
        case .needsFlush: loop.flush(CollectionOfOne(self))
        case .overflowed: closeOverflowed()
        }
    }

    /// `append` for a broadcast: the loop is not told here; `batch` collects the connection
    /// and the broadcaster submits it once at the end.
    @inline(__always)
    func append(_ body: (inout OutboundQueue) -> Void, batch: inout FlushBatch) {
        switch enqueue(body) {
        case .queued: break
        case .needsFlush: batch.add(self)
        case .overflowed: closeOverflowed()
        }
    }

    /// Close at once: a flush with a half-written buffer would wait for EPOLLOUT, which a
    /// peer that stopped reading never gives, leaving it connected (and listed) forever.
    func closeOverflowed() {
        loop.execute { [self] in closeNow(byPeer: true) }
    }

    /// `enqueue` on the loop thread, whose caller writes next (`flushFromLoop`, or `closeNow`
    /// for a goodbye), so the loop need not be asked to; an overflow closes the connection at
    /// once. Returns false when it did.
    @discardableResult
    func enqueueFromLoop(_ body: (inout OutboundQueue) -> Void) -> Bool {
        guard case .overflowed = enqueue(body) else { return true }
        closeNow(byPeer: true)
        return false
    }

    /// The one send path: every byte a connection writes leaves through here (`send(2)`
    /// without SIGPIPE, retried on EINTR). Returns the count written, or -1 with `errno` set.
    /// A TLS stage encrypts before this (see `TransportStack`).
    @inline(__always)
    func transmit(_ bytes: UnsafeRawBufferPointer) -> Int {
        while true {
            let written = Glibc.send(fd, bytes.baseAddress!, bytes.count, Int32(MSG_NOSIGNAL))
            if written < 0, errno == EINTR { continue }
            if written > 0 { limits.metrics?.bytesOut.add(UInt64(written), ordering: .relaxed) }
            return written
        }
    }

    /// Writes what is queued from the calling thread, for a broadcaster whose target loop is
    /// idle (see `EventLoop.flush`). Returns false when the loop must do it instead: its own
    /// write is unfinished (order), the connection is closing (the descriptor is the loop's
    /// to close), the socket took only part of it, or the connection is TLS or MCCP2 (its
    /// output is encrypted or compressed by its stage, which belongs to the loop thread).
    ///
    /// The lock is held across `send`: the loop closes the descriptor only after marking
    /// the connection closing under this lock, so the descriptor cannot be reused meanwhile,
    /// and no other thread can queue bytes in between.
    func flushDirect() -> Bool {
        outbound.withLock { state -> Bool in
            guard !state.closing, state.inFlight == 0, !state.loopWritesOnly else { return false }
            state.addPromptIfNeeded()
            var sent = 0
            let total = state.pending.count
            while sent < total {
                let written = state.pending.withUnsafeBytes { transmit(UnsafeRawBufferPointer(rebasing: $0[sent...])) }
                guard written > 0 else { break }
                sent += written
            }
            if sent > 0 { state.lastOutput = clock.uptimeNanos() }
            guard sent == total else {
                state.pending.removeFirst(sent)
                return false
            }
            state.pending.removeAll(keepingCapacity: state.pending.capacity <= 4096)
            state.scheduled = false
            return true
        }
    }
}

/// Bounds for one connection.
public struct ConnectionLimits: Sendable {
    public var maxLineBytes = 512
    public var maxPendingBytes = 4096
    public var maxSubnegotiationBytes = 8192
    public var maxQueuedBytes = 256 * 1024
    public var negotiationTimeout: Duration = .milliseconds(1500)
    /// Quiet before a telnet client gets an `IAC NOP`.
    public var keepaliveInterval: Duration = .seconds(60)
    /// How long a new connection waits for a TLS ClientHello or an HTTP request line before
    /// its telnet offer (zero: no wait, no detection at the byte level). Telnet clients do not
    /// speak first, so they see the MOTD this much later; TLS and HTTP clients speak at once.
    public var protocolSniffWindow: Duration = .milliseconds(100)
    /// With a context, a client whose first bytes are a TLS ClientHello gets TLS, with telnet
    /// inside it; without one it is answered in plain text and closed (needs a sniff window).
    public var tls: TLSContext?
    /// How long a TLS client has to complete its handshake, counted from the connection
    /// (on a TLS-only listener, the wait for its ClientHello too). The server makes it at most
    /// the login timeout, which also counts from the connection (`Connection.connectedNanos`).
    public var tlsHandshakeTimeout: Duration = .seconds(10)
    /// The listener speaks TLS only (`--tls-port`): a ClientHello is expected at once, without
    /// a sniff window; anything else gets a plain-text explanation and is closed. Needs `tls`.
    public var tlsOnly = false
    /// MCCP2 (zlib) compression is offered to telnet clients (`MCCPStage`).
    public var mccp = true
    /// What an HTTP client on the port is served (the page, `/healthz`, the `/ws` upgrade;
    /// `HTTPStage`). Without one, HTTP is answered with one plain response and closed.
    public var web: (any WebSite)?
    /// How long an HTTP request may take to arrive complete, counted from the connection or
    /// the previous response (the server sets its login timeout).
    public var webRequestTimeout: Duration = .seconds(60)
    /// The addresses that asked for the page lately, shared by the port's connections: a
    /// silent connection from one waits for its request instead of getting telnet
    /// (`RecentHTTPClients`, `TransportStack`); nil: no such wait.
    package var httpClients: RecentHTTPClients?
    /// Reverse proxies whose `X-Forwarded-For` names the client of a WebSocket session
    /// (`--trusted-proxies`); from anyone else the header is ignored.
    public var trustedProxies = TrustedProxies()
    /// The server's network counters (`/metrics`); nil: not counted.
    public var metrics: NetMetrics?
    /// Pings a WebSocket client gets answered a second, after a burst of `pingBurst` (the
    /// server sets its command rate, `--command-rate`; 0: every ping is answered).
    public var pingRate = 0.0
    public var pingBurst = 20

    public init() {}
}
