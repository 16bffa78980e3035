/// An HTTP status code with its reason phrase (RFC 9110 section 15): the ones the web
/// endpoint answers with.
package struct HTTPStatus: Hashable, Sendable, CustomStringConvertible {
    package var code: Int
    package var reason: String

    package init(_ code: Int, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package static let switchingProtocols = HTTPStatus(101, "Switching Protocols")
    package static let ok = HTTPStatus(200, "OK")
    package static let noContent = HTTPStatus(204, "No Content")
    package static let notModified = HTTPStatus(304, "Not Modified")
    package static let badRequest = HTTPStatus(400, "Bad Request")
    package static let forbidden = HTTPStatus(403, "Forbidden")
    package static let notFound = HTTPStatus(404, "Not Found")
    package static let methodNotAllowed = HTTPStatus(405, "Method Not Allowed")
    package static let requestTimeout = HTTPStatus(408, "Request Timeout")
    package static let lengthRequired = HTTPStatus(411, "Length Required")
    package static let contentTooLarge = HTTPStatus(413, "Content Too Large")
    package static let uriTooLong = HTTPStatus(414, "URI Too Long")
    package static let upgradeRequired = HTTPStatus(426, "Upgrade Required")
    package static let requestHeaderFieldsTooLarge = HTTPStatus(431, "Request Header Fields Too Large")
    package static let internalServerError = HTTPStatus(500, "Internal Server Error")
    package static let notImplemented = HTTPStatus(501, "Not Implemented")
    package static let serviceUnavailable = HTTPStatus(503, "Service Unavailable")
    package static let httpVersionNotSupported = HTTPStatus(505, "HTTP Version Not Supported")

    /// 1xx, 204 and 304 responses never have content (RFC 9110 section 6.4.1).
    package var allowsContent: Bool {
        code >= 200 && code != 204 && code != 304
    }

    package var description: String { "\(code) \(reason)" }
}
