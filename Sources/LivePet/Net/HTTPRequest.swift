/// A request head `HTTPRequestParser` accepted: GET or HEAD, HTTP/1.0 or 1.1, no content.
package struct HTTPRequest: Equatable, Sendable {
    package enum Method: String, Sendable {
        case get = "GET"
        case head = "HEAD"
    }

    package enum Version: String, Sendable {
        case http10 = "HTTP/1.0"
        case http11 = "HTTP/1.1"
    }

    package var method: Method
    /// The request-target as sent (origin-form `/path?query`, or absolute-form).
    package var target: String
    /// The target's path, not percent-decoded: "/" for an absolute-form target without one.
    package var path: String
    /// What follows the first "?", if there is one.
    package var query: String?
    package var version: Version
    package var headers: HTTPHeaders
    /// The authority the request is for: an absolute-form target's, else the Host field's
    /// (RFC 9112 section 3.2.2); empty only for an HTTP/1.0 request without Host.
    package var host: String
    /// Whether the connection may carry another request after this one's response: HTTP/1.1
    /// without `Connection: close`. HTTP/1.0 connections are always closed (no HTTP/1.0
    /// keep-alive).
    package var keepAlive: Bool
}
