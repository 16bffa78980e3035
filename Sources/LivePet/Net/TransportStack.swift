import LivePetSupport
import LivePetTelnet

/// The stages between one connection's socket and its session, chosen per connection.
///
/// ```
///  socket bytes ─▶ [TLS stage]¹ ─▶ framing stage ─────────────────▶ ConnectionEvents ─▶ session
///                                   telnet: TelnetEndpoint (in)
///                                   or WebSocket framing²
///  session output ─▶ OutboundQueue (framing: TelnetWriter) ─▶ [MCCP2]³ ─▶ [TLS stage]¹ ─▶ socket
/// ```
/// ¹ The TLS stage (`TLSStage`, when `ConnectionLimits.tls` is set and the client opens with
/// a ClientHello) goes below the framing: it decrypts what `receive` is given and encrypts
/// what `Connection` writes, on the loop thread (a TLS connection never takes the
/// broadcaster's direct write, `Connection.flushDirect`). ² For a client that opens with an
/// HTTP request line (and a `ConnectionLimits.web`), `HTTPStage` answers requests until a `/ws`
/// handshake starts `WebSocketStage` in the telnet stage's place; its output is framed in the
/// `OutboundQueue` (`WebSocketOutput`), so direct writes stay possible. Both web stages are
/// boxed (`WebStages`), made only for an HTTP client, so a telnet connection does not carry
/// them. Inside TLS on a port that serves the web, the first decrypted bytes are sniffed again
/// (`.sniffInsideTLS`): `https://` and `wss://` work on the same port. ³ MCCP2 compression
/// (`MCCPStage`), after the client's `DO MCCP2`, also on the loop thread only.
///
/// Protocol sniffing picks the stack: a connection waits `protocolSniffWindow` for a client
/// that speaks first (TLS ClientHello, HTTP request line, see `ProtocolSniffer`) and otherwise
/// starts the telnet stage, as telnet clients and people never speak first; but a browser's
/// spare connection is silent too, so when the peer's address asked for the page lately
/// (`RecentHTTPClients`) the wait goes on, up to its `grace`, until the client speaks. On a TLS-only
/// listener (`ConnectionLimits.tlsOnly`, `--tls-port`) there is no window: the first bytes must
/// be a ClientHello, anything else is answered in plain text and closed, and silence fails at
/// the handshake deadline (counted from the connection, as everywhere). Like its stages,
/// the stack is a value type without I/O: it returns `TransportAction`s that the connection
/// performs, so it is tested with byte arrays.
package struct TransportStack {
    /// True while the first bytes are examined for TLS or HTTP.
    package private(set) var sniffing = false
    /// True while a TLS-only connection (`ConnectionLimits.tlsOnly`) waits for its ClientHello:
    /// no timer of its own, the handshake deadline counts from the connection.
    package private(set) var awaitingHello = false
    private let tlsOnly: Bool
    /// The window passed while the peer's address was browsing: waiting on until `sniffDeadline`.
    private var inGrace = false
    private var sniffed: [UInt8] = []
    private var telnet: TelnetEndpoint
    /// `protocolSniffWindow` and `webRequestTimeout` in nanoseconds (a `Duration` is twice the
    /// size, and every connection holds a stack).
    private let sniffWindow: UInt64
    private let tlsContext: TLSContext?
    private let tlsHandshakeTimeout: UInt64
    /// The TLS stage, once a ClientHello started it (loop thread only, as the stack).
    package private(set) var tls: TLSStage?
    /// When the connection opened: a TLS handshake's deadline counts from it, as the login
    /// timeout does (the server makes `tlsHandshakeTimeout` at most that).
    private var openedAt: UInt64 = 0
    /// When the current wait for a client that speaks first ends: the window (inside TLS,
    /// `.sniffInsideTLS`, ended by its timer or by housekeeping if that comes first: the
    /// timer's task needs Swift's pool, housekeeping runs on the loop), then the grace for a
    /// browsing address (housekeeping only).
    private var sniffDeadline: UInt64 = 0
    /// Addresses that asked for the page lately (`ConnectionLimits.httpClients`); nil when the
    /// port serves no web or the peer is a trusted proxy (it carries many clients, and sends
    /// its requests at once).
    private let httpClients: RecentHTTPClients?
    /// The TCP peer, for `httpClients` (its `AddressKey` is made when needed).
    private let peerAddress: String
    /// Reused for each read's decrypted bytes.
    private var plaintext: [UInt8] = []
    /// What HTTP clients are served (`ConnectionLimits.web`); nil: HTTP is refused.
    private let site: (any WebSite)?
    private let webRequestTimeout: UInt64
    /// A WebSocket line's and message's limits (`maxLineBytes`, `maxPendingBytes`).
    private let maxLineBytes: Int
    private let maxMessageBytes: Int
    /// What the HTTP stage knows of the peer: a trusted proxy (`X-Forwarded-For` believed),
    /// allowed `/metrics`.
    private let peer: HTTPStage.Peer
    /// The HTTP stage, then the WebSocket stage, once sniffing recognised a request line (and
    /// a site is installed): boxed, so a telnet connection does not carry them.
    private var web: WebStages?
    /// The HTTP stage, until a `/ws` handshake.
    package var http: HTTPStage? { web?.http }
    /// Pongs a second a WebSocket client may have after `pingBurst` (0: no limit).
    private let pingRate: Double
    private let pingBurst: Int
    /// The WebSocket stage, once the HTTP stage accepted a `/ws` handshake.
    package var webSocket: WebSocketStage? { web?.webSocket }

    /// `peerAddress`: the TCP peer, checked against `limits.trustedProxies` and loopback.
    package init(limits: ConnectionLimits, peerAddress: String = "") {
        telnet = TelnetEndpoint(limits: limits)
        sniffWindow = UInt64(max(0, limits.protocolSniffWindow.nanoseconds))
        tlsContext = limits.tls
        tlsHandshakeTimeout = UInt64(limits.tlsHandshakeTimeout.nanoseconds)
        tlsOnly = limits.tlsOnly
        site = limits.web
        webRequestTimeout = UInt64(max(0, limits.webRequestTimeout.nanoseconds))
        maxLineBytes = limits.maxLineBytes
        maxMessageBytes = limits.maxPendingBytes
        self.peerAddress = peerAddress
        if limits.web != nil {
            let trusted = limits.trustedProxies.contains(peerAddress)
            peer = HTTPStage.Peer(proxies: trusted ? limits.trustedProxies : nil,
                                  mayReadMetrics: trusted || TrustedProxies.isLoopback(peerAddress))
            httpClients = trusted ? nil : limits.httpClients
        } else {
            peer = HTTPStage.Peer()
            httpClients = nil
        }
        pingRate = limits.pingRate
        pingBurst = limits.pingBurst
    }

    /// The connection is registered. Returns how long to wait for a client that speaks first
    /// (call `sniffWindowEnded` then), or nil when the telnet stage started at once.
    package mutating func open(now: UInt64, into actions: inout [TransportAction]) -> Duration? {
        openedAt = now
        if tlsOnly {
            awaitingHello = true
            return nil
        }
        guard sniffWindow > 0 else {
            startTelnet(now: now, into: &actions)
            return nil
        }
        sniffing = true
        sniffDeadline = now &+ sniffWindow
        return .nanoseconds(Int64(sniffWindow))
    }

    /// True while the connection waits for its sniff window's timer (`sniffWindowEnded`):
    /// housekeeping leaves it alone; inside TLS and in the grace it is housekeeping's.
    package var waitsForSniffTimer: Bool { sniffing && tls == nil && !inGrace }

    /// Decodes one read.
    package mutating func receive(_ bytes: UnsafeRawBufferPointer, now: UInt64, into actions: inout [TransportAction]) {
        if awaitingHello {
            receiveHello(bytes, now: now, into: &actions)
            return
        }
        if let tls {
            receiveTLS(bytes, tls, now: now, into: &actions)
            return
        }
        receivePlain(bytes, now: now, into: &actions)
    }

    /// Bytes in the clear (decrypted, for TLS): sniffed, or given to the framing stage.
    private mutating func receivePlain(_ bytes: UnsafeRawBufferPointer, now: UInt64, into actions: inout [TransportAction]) {
        guard sniffing else {
            if let web {
                if web.webSocket != nil {
                    web.webSocket!.receive(bytes, now: now, into: &actions)
                } else {
                    receiveHTTP(web, bytes, now: now, into: &actions)
                }
            } else {
                telnet.receive(bytes, into: &actions)
            }
            return
        }
        sniffed.append(contentsOf: bytes)
        switch ProtocolSniffer.classify(sniffed) {
        case .undecided:
            return
        case .telnet:
            finishSniffing(now: now, into: &actions)
        case .tls where tls != nil:
            // Not TLS inside TLS: whatever it is, the telnet stage reads it.
            finishSniffing(now: now, into: &actions)
        case .tls:
            if let tlsContext, let stage = tlsContext.makeStage() {
                startTLS(stage, now: now, into: &actions)
            } else {
                refuse(ProtocolSniffer.tlsResponse, protocol: "tls", into: &actions)
            }
        case .http:
            guard let site else {
                refuse(ProtocolSniffer.httpResponse, protocol: "http", into: &actions)
                return
            }
            sniffing = false
            let stages = WebStages(http: HTTPStage(site: site, timeout: .nanoseconds(Int64(webRequestTimeout)), now: openedAt, peer: peer))
            web = stages
            actions.append(.serving(.http))
            let request = sniffed
            sniffed = []
            receiveHTTP(stages, request, now: now, into: &actions)
        }
    }

    /// The client had its moment to speak first and did not, or did not finish: it is a
    /// telnet client (or a person), so the telnet stage starts and decodes what came; unless
    /// its address is browsing (`sniffTimeUp`).
    package mutating func sniffWindowEnded(now: UInt64, into actions: inout [TransportAction]) {
        guard sniffing, tls == nil, !inGrace else { return }
        sniffTimeUp(now: now, into: &actions)
    }

    /// The window after a TLS handshake (`.sniffInsideTLS`) passed without an HTTP request:
    /// telnet inside TLS, as before; unless its address is browsing (`sniffTimeUp`).
    package mutating func innerSniffWindowEnded(now: UInt64, into actions: inout [TransportAction]) {
        guard sniffing, tls != nil, !inGrace else { return }
        sniffTimeUp(now: now, into: &actions)
    }

    /// The window passed in silence. A browser opens a spare connection as it navigates and
    /// may send nothing on it for seconds (Chromium closes it unused after 10 s): telnet bytes
    /// sent to it would meet its request. So when the peer's address asked for the page
    /// within the grace (`RecentHTTPClients`), the wait goes on until the grace has passed
    /// since the wait began (the connection, or its TLS handshake); any byte ends it as in
    /// the window. Otherwise, or when the grace is over, the telnet stage starts.
    private mutating func sniffTimeUp(now: UInt64, into actions: inout [TransportAction]) {
        if !inGrace, let httpClients, httpClients.isBrowsing(AddressKey.make(peerAddress), now: now) {
            inGrace = true
            sniffDeadline = sniffDeadline &- sniffWindow &+ UInt64(httpClients.grace.nanoseconds)
            if now < sniffDeadline { return }
        }
        finishSniffing(now: now, into: &actions)
    }

    /// A request for the page came: the peer's address is browsing.
    private func noteBrowsing(now: UInt64) {
        httpClients?.note(AddressKey.make(peerAddress), now: now)
    }

    /// The client half-closed: a script that sends and half-closes at once is greeted and
    /// what it sent is read first.
    package mutating func inputEnded(now: UInt64, into actions: inout [TransportAction]) {
        if awaitingHello {
            // On the TLS port: nothing to answer without a ClientHello.
            awaitingHello = false
            sniffed = []
            actions.append(.tlsFailed("closed before a ClientHello"))
            return
        }
        guard sniffing else { return }
        if inGrace, sniffed.isEmpty {
            // A browser let its spare connection go unused: no telnet client to greet (the
            // session closes the connection on `.inputEnded`).
            sniffing = false
            return
        }
        finishSniffing(now: now, into: &actions)
    }

    /// The connection closed: what was held for sniffing goes.
    package mutating func close() {
        sniffing = false
        awaitingHello = false
        sniffed = []
        web = nil
    }

    /// How the telnet stage reads input lines from now on (`Connection.setCharset`).
    package mutating func setInputCharset(_ charset: TelnetCharset) {
        telnet.setInputCharset(charset)
    }

    /// Housekeeping: a client silent in telnet past its deadline is raw; a TLS handshake
    /// past its deadline fails.
    package mutating func expire(now: UInt64, into actions: inout [TransportAction]) {
        guard !sniffing else {
            if tls != nil || inGrace, now >= sniffDeadline { sniffTimeUp(now: now, into: &actions) }
            return
        }
        if let web {
            if web.http != nil { web.http!.expire(now: now, into: &actions) }
            return
        }
        if awaitingHello {
            if now &- openedAt > tlsHandshakeTimeout {
                awaitingHello = false
                sniffed = []
                actions.append(.tlsFailed("no ClientHello in time"))
            }
            return
        }
        if let tls {
            guard tls.state == .established else {
                if tls.state == .handshaking, now &- openedAt > tlsHandshakeTimeout {
                    tls.fail("handshake timed out")
                    actions.append(.tlsFailed("handshake timed out"))
                }
                return
            }
        }
        telnet.expire(now: now, into: &actions)
    }

    /// HTTP requests, until one upgrades to WebSocket: the WebSocket stage starts and decodes
    /// what followed the handshake.
    private func receiveHTTP<Bytes: Sequence<UInt8>>(_ web: WebStages, _ bytes: Bytes, now: UInt64,
                                                     into actions: inout [TransportAction]) {
        guard web.http != nil else { return }
        let pageRequests = web.http!.pageRequests
        let rest = web.http!.receive(bytes, now: now, into: &actions)
        if web.http!.pageRequests > pageRequests { noteBrowsing(now: now) }
        guard let rest else { return }
        web.http = nil
        var stage = WebSocketStage(maxLineBytes: maxLineBytes, maxMessageBytes: maxMessageBytes,
                                   pingRate: pingRate, pingBurst: pingBurst, now: now)
        stage.start(into: &actions)
        if !rest.isEmpty { stage.receive(rest, now: now, into: &actions) }
        web.webSocket = stage
    }

    private mutating func startTelnet(now: UInt64, into actions: inout [TransportAction]) {
        actions.append(.reply(telnet.start(now: now)))
        actions.append(.event(.opened))
    }

    private mutating func finishSniffing(now: UInt64, into actions: inout [TransportAction]) {
        sniffing = false
        startTelnet(now: now, into: &actions)
        let early = sniffed
        sniffed = []
        if !early.isEmpty {
            early.withUnsafeBytes { telnet.receive($0, into: &actions) }
        }
    }

    /// A TLS-only connection's first bytes: a ClientHello starts the TLS stage (its deadline
    /// still counted from the connection); anything else is answered in plain text and closed.
    private mutating func receiveHello(_ bytes: UnsafeRawBufferPointer, now: UInt64, into actions: inout [TransportAction]) {
        sniffed.append(contentsOf: bytes)
        // A TLS record header is told from anything else by its first three bytes at most.
        switch ProtocolSniffer.classify(sniffed) {
        case .undecided where sniffed.first == 0x16:
            return
        case .tls:
            if let tlsContext, let stage = tlsContext.makeStage() {
                awaitingHello = false
                startTLS(stage, now: now, into: &actions)
                return
            }
        default:
            break
        }
        awaitingHello = false
        refuse(ProtocolSniffer.tlsOnlyResponse, protocol: "not-tls", into: &actions)
    }

    private mutating func startTLS(_ stage: TLSStage, now: UInt64, into actions: inout [TransportAction]) {
        sniffing = false
        tls = stage
        actions.append(.startTLS)
        let hello = sniffed
        sniffed = []
        hello.withUnsafeBytes { receiveTLS($0, stage, now: now, into: &actions) }
    }

    /// Decrypts one read; the telnet stage starts when the handshake completes and decodes
    /// what was decrypted.
    private mutating func receiveTLS(_ bytes: UnsafeRawBufferPointer, _ stage: TLSStage, now: UInt64,
                                     into actions: inout [TransportAction]) {
        let wasHandshaking = stage.state == .handshaking
        guard wasHandshaking || stage.state == .established else { return }  // failed or closed: said once
        var ciphertext: [UInt8] = []
        plaintext.removeAll(keepingCapacity: plaintext.capacity <= 16 * 1024)
        let state = stage.receive(bytes, plaintext: &plaintext, ciphertext: &ciphertext)
        if !ciphertext.isEmpty { actions.append(.transmit(ciphertext)) }
        switch state {
        case .failed(let reason):
            actions.append(.tlsFailed(reason))
            return
        case .established where wasHandshaking:
            if site != nil, sniffWindow > 0 {
                // A browser speaks first inside TLS too (https://, wss://): sniff again.
                sniffing = true
                sniffDeadline = now &+ sniffWindow
                actions.append(.sniffInsideTLS(.nanoseconds(Int64(sniffWindow))))
            } else {
                startTelnet(now: now, into: &actions)
            }
        default:
            break
        }
        if !plaintext.isEmpty {
            let decrypted = plaintext
            decrypted.withUnsafeBytes { receivePlain($0, now: now, into: &actions) }
        }
    }

    private mutating func refuse(_ answer: String, protocol name: String, into actions: inout [TransportAction]) {
        sniffing = false
        sniffed = []
        // Plain bytes, not telnet: nothing of telnet was sent, and this client is not one.
        actions.append(.refuse(Array(answer.utf8), protocol: name))
    }
}
