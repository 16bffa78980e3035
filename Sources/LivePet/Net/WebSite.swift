/// What the HTTP stage serves that the network layer cannot know: the page's resources
/// (compiled into the server, `WebAssets`) and the player count for `/healthz`. The server
/// installs one in `ConnectionLimits.web`; without one, an HTTP request on the port is
/// answered with `ProtocolSniffer.httpResponse` and closed, as before. Called on a loop
/// thread: both answers must be immediate (no I/O, no awaiting an actor).
public protocol WebSite: Sendable {
    /// The resource at `path` (no query string): its content type and bytes, or nil (404).
    func resource(at path: String) -> (contentType: String, body: [UInt8])?
    /// Players online now, for `/healthz`.
    func playersOnline() -> Int
}
