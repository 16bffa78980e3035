/// What the HTTP stage serves that the network layer cannot know: the page's resources
/// (compiled into the server, `WebAssets`), the player count for `/healthz` and the metrics
/// for `/metrics`. The server installs one in `ConnectionLimits.web`; without one, an HTTP
/// request on the port is answered with `ProtocolSniffer.httpResponse` and closed, as before.
/// Called on a loop thread: every answer must be immediate (no I/O, no awaiting an actor).
/// A class (one per server), so a connection's stack holds one reference to it.
public protocol WebSite: AnyObject, Sendable {
    /// The resource at `path` (no query string), or nil (404).
    func resource(at path: String) -> WebResource?
    /// Players online now, for `/healthz`.
    func playersOnline() -> Int
    /// The Prometheus text exposition for `/metrics` (no names in it), made now.
    func metrics() -> String
}

/// One static resource, made once: its bytes, its gzip form (`Gzip`, when smaller) and an
/// entity tag for revalidation.
public struct WebResource: Sendable {
    public let contentType: String
    public let body: [UInt8]
    public let gzipped: [UInt8]?
    /// A strong validator: a hash of the body, quoted.
    public let etag: String

    public init(contentType: String, body: [UInt8]) {
        self.contentType = contentType
        self.body = body
        let compressed = Gzip.compress(body)
        gzipped = compressed.flatMap { $0.count < body.count ? $0 : nil }
        // FNV-1a, 64 bits: changes with any byte of the page (a new build), which is all a
        // validator of content compiled into the binary needs.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        etag = "\"" + String(hash, radix: 16) + "\""
    }
}
