/// A response to encode: status, the headers this server sends, content. `encoded` writes the
/// status line and headers in a fixed order, always with `X-Content-Type-Options: nosniff`
/// and a Content-Length (but for 1xx, 204 and 304), and leaves the content out for HEAD.
package struct HTTPResponse: Equatable, Sendable {
    package var status: HTTPStatus
    package var contentType: String?
    package var cacheControl: String?
    package var contentSecurityPolicy: String?
    /// Any other fields, in order (Allow, Upgrade, Sec-WebSocket-Accept and the like).
    package var extraHeaders: [(name: String, value: String)]
    package var body: [UInt8]

    package init(status: HTTPStatus, contentType: String? = nil, cacheControl: String? = nil,
                 contentSecurityPolicy: String? = nil, extraHeaders: [(name: String, value: String)] = [],
                 body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.cacheControl = cacheControl
        self.contentSecurityPolicy = contentSecurityPolicy
        self.extraHeaders = extraHeaders
        self.body = body
    }

    package static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
        lhs.status == rhs.status && lhs.contentType == rhs.contentType && lhs.cacheControl == rhs.cacheControl
            && lhs.contentSecurityPolicy == rhs.contentSecurityPolicy && lhs.body == rhs.body
            && lhs.extraHeaders.map(\.name) == rhs.extraHeaders.map(\.name)
            && lhs.extraHeaders.map(\.value) == rhs.extraHeaders.map(\.value)
    }

    /// A plain-text response.
    package static func text(_ status: HTTPStatus, _ text: String, cacheControl: String? = "no-store") -> HTTPResponse {
        HTTPResponse(status: status, contentType: "text/plain; charset=utf-8", cacheControl: cacheControl,
                     body: Array(text.utf8))
    }

    /// The answer to a `HTTPRequestParser` or `WebSocketHandshake` rejection, to send before
    /// closing: the status and reason as text, with `Allow` for 405 and
    /// `Sec-WebSocket-Version` for 426 as RFC 9110 and RFC 6455 require.
    package static func rejection(_ status: HTTPStatus, reason: String) -> HTTPResponse {
        var response = text(status, "\(status.code) \(status.reason): \(reason)\n")
        if status == .methodNotAllowed { response.extraHeaders.append((name: "Allow", value: "GET, HEAD")) }
        if status == .upgradeRequired {
            response.extraHeaders.append((name: "Upgrade", value: "websocket"))
            response.extraHeaders.append((name: "Sec-WebSocket-Version", value: "13"))
        }
        return response
    }

    /// The bytes to send. `headOnly` (the request was HEAD) sends the headers of the full
    /// response, Content-Length included, without the content. `keepAlive` false adds
    /// `Connection: close`. A 101 carries its own Connection field in `extraHeaders`.
    package func encoded(headOnly: Bool = false, keepAlive: Bool = true) -> [UInt8] {
        var head = "HTTP/1.1 \(status.code) \(Self.clean(status.reason))\r\n"
        func field(_ name: String, _ value: String?) {
            guard let value else { return }
            head += "\(Self.clean(name)): \(Self.clean(value))\r\n"
        }
        field("Content-Type", contentType)
        if status.allowsContent { field("Content-Length", String(body.count)) }
        field("Cache-Control", cacheControl)
        field("Content-Security-Policy", contentSecurityPolicy)
        field("X-Content-Type-Options", "nosniff")
        for extra in extraHeaders { field(extra.name, extra.value) }
        if !keepAlive && status != .switchingProtocols { field("Connection", "close") }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !headOnly && status.allowsContent { bytes += body }
        return bytes
    }

    /// No CR, LF or other control character reaches the head (no response splitting).
    private static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
