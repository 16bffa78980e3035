import LivePetSupport

/// The transport stack's HTTP stage, for a client whose first bytes were an HTTP request
/// line (`ProtocolSniffer`): it parses requests (`HTTPRequestParser`) and answers them from
/// the `WebSite` the server installed, until a request to `/ws` upgrades the connection to
/// WebSocket (`WebSocketHandshake`), the client closes, keep-alive ends, or a request is
/// refused. A value type without I/O, like every stage: it returns `TransportAction`s.
///
/// - `GET`/`HEAD` of `/`, `/app.js`, `/app.css`: the page, with `contentSecurityPolicy`,
///   `no-cache` with an `ETag` (a matching `If-None-Match` gets 304), `Vary: Accept-Encoding`,
///   `X-Frame-Options: DENY` and, when `Accept-Encoding` allows it, the gzip form made once
///   (`WebResource`); always (from `HTTPResponse`) `X-Content-Type-Options: nosniff`;
/// - `/healthz`: `200`, `ok <players online>`;
/// - `/metrics`: the Prometheus text (`WebSite.metrics`), only for a client on loopback or in
///   `--trusted-proxies` (after `X-Forwarded-For` from a trusted proxy): others, and a request
///   carrying a forwarding field without a believed `X-Forwarded-For`, get 404;
/// - `/ws` from a trusted proxy without a usable `X-Forwarded-For`: 400 (its address is not
///   limited per address, so the session must name its client);
/// - anything else: 404; the parser's rejections (400, 405, 413, 414, 431, 505...) and a
///   refused handshake (400, 403, 405, 426) are answered and the connection closed.
/// - Keep-alive is bounded by the parser's `maxRequests`; a request must be complete within
///   `timeout` of the connection (the first) or of the previous response (the next ones),
///   or the connection is closed (408 if part of a request had come).
package struct HTTPStage {
    /// The policy the page runs under: no inline script or style, nothing from elsewhere.
    /// No other site may frame it (clickjacking), and no `<base>` or form can send anything elsewhere.
    package static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    /// Who sent the requests, as far as the stage needs to know.
    package struct Peer: Sendable {
        /// The peer is a trusted proxy: its `X-Forwarded-For` names the client (nil: ignored).
        package var proxies: TrustedProxies?
        /// The peer may read `/metrics` when no forwarded address says otherwise: it is on
        /// loopback or a trusted proxy.
        package var mayReadMetrics: Bool

        package init(proxies: TrustedProxies? = nil, mayReadMetrics: Bool = false) {
            self.proxies = proxies
            self.mayReadMetrics = mayReadMetrics
        }
    }

    private var parser = HTTPRequestParser()
    private let site: any WebSite
    private let timeout: UInt64
    private var deadline: UInt64
    private let peer: Peer
    /// Answered for the last time: everything after is ignored.
    package private(set) var finished = false
    /// Requests received but for `/healthz`, `/metrics` and WebSocket handshakes (monitoring
    /// and the page's live connection): a browser is loading the page (`RecentHTTPClients`).
    package private(set) var pageRequests = 0

    package init(site: any WebSite, timeout: Duration, now: UInt64, peer: Peer = Peer()) {
        self.site = site
        self.timeout = UInt64(timeout.nanoseconds)
        self.peer = peer
        deadline = now &+ self.timeout
    }

    /// Parses what came and answers every complete request. Returns the bytes after an
    /// accepted WebSocket handshake (the first frames), or nil while the connection stays HTTP.
    package mutating func receive<Bytes: Sequence<UInt8>>(_ bytes: Bytes, now: UInt64,
                                                         into actions: inout [TransportAction]) -> [UInt8]? {
        guard !finished else { return nil }
        parser.append(bytes)
        while true {
            switch parser.next() {
            case .needMore:
                return nil
            case .reject(let status, let reason):
                finish(HTTPResponse.rejection(status, reason: reason).encoded(keepAlive: false), into: &actions)
                return nil
            case .request(let request):
                if !["/ws", "/healthz", "/metrics"].contains(request.path) { pageRequests += 1 }
                if request.path == "/ws" {
                    switch WebSocketHandshake.evaluate(request) {
                    case .accept(let response):
                        // The client's address, for bans, limits and logs, before the session starts.
                        let client = forwardedClient(request)
                        // A trusted proxy's own address skips per-address limits: a session through
                        // it must say whose it is, or anyone reaching the proxy's address (a TCP
                        // forwarder, a Docker gateway) would escape them.
                        if peer.proxies != nil, client == nil {
                            let refusal = HTTPResponse.rejection(.badRequest, reason: "a request through a trusted proxy needs X-Forwarded-For")
                            finish(refusal.encoded(headOnly: request.method == .head, keepAlive: false), into: &actions)
                            return nil
                        }
                        finished = true
                        if let client { actions.append(.forwarded(client)) }
                        actions.append(.reply(response.encoded()))
                        return parser.takeRemainingBytes()
                    case .reject(let status, let reason):
                        let response = HTTPResponse.rejection(status, reason: reason)
                        finish(response.encoded(headOnly: request.method == .head, keepAlive: false), into: &actions)
                        return nil
                    }
                }
                let response = respond(to: request)
                let encoded = response.encoded(headOnly: request.method == .head, keepAlive: request.keepAlive)
                guard request.keepAlive else {
                    finish(encoded, into: &actions)
                    return nil
                }
                actions.append(.reply(encoded))
                deadline = now &+ timeout
            }
        }
    }

    /// The answer to a request that is not a WebSocket handshake.
    package func respond(to request: HTTPRequest) -> HTTPResponse {
        if request.path == "/healthz" {
            return .text(.ok, "ok \(site.playersOnline())\n")
        }
        if request.path == "/metrics", mayReadMetrics(request) {
            return HTTPResponse(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", cacheControl: "no-store",
                                body: Array(site.metrics().utf8))
        }
        guard let resource = site.resource(at: request.path) else {
            return .rejection(.notFound, reason: "no such page")
        }
        // X-Frame-Options for browsers older than CSP's frame-ancestors.
        var extra: [(name: String, value: String)] = [(name: "ETag", value: resource.etag), (name: "Vary", value: "Accept-Encoding"),
                                                      (name: "X-Frame-Options", value: "DENY")]
        if request.headers.tokens("if-none-match").contains(where: { $0 == resource.etag || $0 == "*" }) {
            return HTTPResponse(status: .notModified, cacheControl: "no-cache", contentSecurityPolicy: Self.contentSecurityPolicy,
                                extraHeaders: extra)
        }
        var body = resource.body
        if let gzipped = resource.gzipped, request.headers.acceptsGzip {
            body = gzipped
            extra.append((name: "Content-Encoding", value: "gzip"))
        }
        return HTTPResponse(status: .ok, contentType: resource.contentType, cacheControl: "no-cache",
                            contentSecurityPolicy: Self.contentSecurityPolicy, extraHeaders: extra, body: body)
    }

    /// The client a trusted proxy forwarded the request for (`TrustedProxies.client`), or nil.
    private func forwardedClient(_ request: HTTPRequest) -> String? {
        guard let proxies = peer.proxies else { return nil }
        return proxies.client(forwardedFor: request.headers.values("x-forwarded-for"))
    }

    /// `/metrics` is for the operator's scraper: a client on loopback or in `--trusted-proxies`,
    /// judged by the forwarded address when a trusted proxy gives one (a public client behind
    /// the proxy gets 404). A request that says it was forwarded (`Forwarded`,
    /// `X-Forwarded-For`, `X-Real-IP`, `Via`) without a client we believe gets 404 too: a
    /// same-host proxy connects from loopback, and nothing else tells its visitors apart from
    /// the operator when `--trusted-proxies` is not set.
    private func mayReadMetrics(_ request: HTTPRequest) -> Bool {
        if let client = forwardedClient(request), let proxies = peer.proxies {
            return TrustedProxies.isLoopback(client) || proxies.contains(client)
        }
        if Self.forwardingFields.contains(where: { request.headers.contains($0) }) { return false }
        return peer.mayReadMetrics
    }

    /// The fields a proxy adds to a request it forwards.
    private static let forwardingFields = ["forwarded", "x-forwarded-for", "x-real-ip", "via"]

    /// Housekeeping: a request not complete in time ends the connection.
    package mutating func expire(now: UInt64, into actions: inout [TransportAction]) {
        // At the deadline, as the login timeout it is (a session's `.deadline` comes at `>=`).
        guard !finished, now >= deadline else { return }
        if parser.isInsideRequest {
            finish(HTTPResponse.rejection(.requestTimeout, reason: "the request took too long").encoded(keepAlive: false),
                   into: &actions)
        } else {
            finished = true
            actions.append(.finish)
        }
    }

    private mutating func finish(_ answer: [UInt8], into actions: inout [TransportAction]) {
        finished = true
        actions.append(.reply(answer))
        actions.append(.finish)
    }
}
