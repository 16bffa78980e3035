/// Parses HTTP/1.1 request heads (RFC 9112) from bytes as they arrive, split anywhere: a value
/// type with no I/O, in the manner of SwiftNIO's state machines. `append` what a read brought,
/// then call `next()` until it answers `.needMore`.
///
/// It is small and strict, for a server that serves a page and a WebSocket and takes no
/// uploads:
/// - the head (request line, header fields, the empty line) is at most `maxHeadBytes` (8 KiB)
///   and `maxHeaderFields` (100) fields: a longer request line is 414, longer fields 431;
/// - only GET and HEAD (any other method: 405), HTTP/1.1 and HTTP/1.0 (other versions: 505);
/// - no content: `Content-Length: 0` is the only length accepted (more: 413; invalid, or in
///   more than one field or list element, even with equal values: 400); any
///   `Transfer-Encoding` is 411 (400 beside a Content-Length, or in HTTP/1.0);
/// - lines end with CRLF: a line ending in LF alone, a CR anywhere else, a NUL, a
///   continuation line (obs-fold), whitespace before a field's colon, an invalid method or
///   field name token, a control character in a value: 400;
/// - HTTP/1.1 needs exactly one Host field, HTTP/1.0 at most one (400).
///
/// Every rejection is final: `next()` repeats it and further bytes are dropped; the caller
/// answers it (`HTTPResponse.rejection`) and closes. Verdicts depend on the bytes only, not on
/// how they were split. Empty lines before a request line are skipped (RFC 9112 section 2.2).
/// After a request that does not keep the connection alive (HTTP/1.0, `Connection: close`, or
/// the last of `maxRequests`), the parser ignores what follows.
package struct HTTPRequestParser {
    package struct Limits: Sendable {
        package var maxHeadBytes: Int
        package var maxHeaderFields: Int
        /// Requests on one connection: the last one allowed is answered with
        /// `Connection: close` (its `keepAlive` is false), so keep-alive is bounded.
        package var maxRequests: Int

        package init(maxHeadBytes: Int = 8 * 1024, maxHeaderFields: Int = 100, maxRequests: Int = 100) {
            precondition(maxHeadBytes > 0 && maxHeaderFields >= 0 && maxRequests > 0)
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderFields = maxHeaderFields
            self.maxRequests = maxRequests
        }
    }

    package enum Verdict: Equatable, Sendable {
        /// No complete request yet.
        case needMore
        case request(HTTPRequest)
        /// Answer with this status and close the connection.
        case reject(HTTPStatus, reason: String)
    }

    private struct RequestLine {
        var method: HTTPRequest.Method
        var target: String
        var path: String
        var query: String?
        var authority: String?
        var version: HTTPRequest.Version
    }

    package let limits: Limits
    /// Bytes received and not yet consumed start at `start`.
    private var buffer: [UInt8] = []
    private var start = 0
    /// How many bytes after `start` are known to hold no line end.
    private var scanned = 0
    /// Bytes of the current request's head consumed so far.
    private var headBytes = 0
    private var requestLine: RequestLine?
    private var headers = HTTPHeaders()
    private var failure: Verdict?
    private var finished = false
    private var requests = 0

    package init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Bytes as they came from the connection.
    package mutating func append<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        guard failure == nil && !finished else { return }
        buffer.append(contentsOf: bytes)
    }

    /// The next request, a rejection, or `.needMore`. After `.needMore`, the parser holds less
    /// than one head's worth of bytes.
    package mutating func next() -> Verdict {
        if let failure { return failure }
        if finished { return .needMore }
        while true {
            let available = buffer.count - start
            let allowed = limits.maxHeadBytes - headBytes
            let searchEnd = start + min(available, allowed)
            var index = start + scanned
            while index < searchEnd && buffer[index] != 0x0A { index += 1 }
            guard index < searchEnd else {
                if available >= allowed {
                    return requestLine == nil
                        ? reject(.uriTooLong, "request line longer than \(limits.maxHeadBytes) bytes")
                        : reject(.requestHeaderFieldsTooLarge, "header section longer than \(limits.maxHeadBytes) bytes")
                }
                scanned = available
                compact()
                return .needMore
            }
            let line = buffer[start..<index]
            headBytes += index + 1 - start
            start = index + 1
            scanned = 0
            if let verdict = take(line) { return verdict }
        }
    }

    /// Bytes received and not yet parsed.
    package var bufferedByteCount: Int { buffer.count - start }

    /// Whether part of a request has arrived but not all of it: the time a client may take
    /// over that (a slow request) is the caller's deadline, apart from the idle time between
    /// requests.
    package var isInsideRequest: Bool {
        failure == nil && !finished && (headBytes > 0 || bufferedByteCount > 0)
    }

    /// What is left after the last request (the first bytes of the protocol a request upgraded
    /// to); the parser takes no more bytes afterwards. Empty after a request that did not keep
    /// the connection alive: those bytes are dropped.
    package mutating func takeRemainingBytes() -> [UInt8] {
        let rest = Array(buffer[start...])
        buffer = []
        start = 0
        scanned = 0
        finished = true
        return rest
    }

    private mutating func compact() {
        guard start > 0 else { return }
        buffer.removeFirst(start)
        start = 0
    }

    private mutating func reject(_ status: HTTPStatus, _ reason: String) -> Verdict {
        let verdict = Verdict.reject(status, reason: reason)
        failure = verdict
        buffer = []
        start = 0
        return verdict
    }

    /// One line, without its LF; a verdict when it completes a request or breaks the rules.
    private mutating func take(_ line: ArraySlice<UInt8>) -> Verdict? {
        guard line.last == Byte.cr else { return reject(.badRequest, "line ended by LF without CR") }
        let content = line.dropLast()
        if content.contains(0) { return reject(.badRequest, "NUL in request head") }
        if content.contains(Byte.cr) { return reject(.badRequest, "CR without LF in request head") }
        guard requestLine != nil else {
            return content.isEmpty ? nil : parseRequestLine(content)
        }
        return content.isEmpty ? finish() : parseField(content)
    }

    // MARK: Request line (RFC 9112 section 3)

    private mutating func parseRequestLine(_ content: ArraySlice<UInt8>) -> Verdict? {
        let parts = content.split(separator: Byte.space, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return reject(.badRequest, "malformed request line") }
        let (method, target, version) = (parts[0], parts[1], parts[2])
        guard Byte.isToken(method) else { return reject(.badRequest, "invalid method") }
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)),
              Byte.isDigit(version[version.startIndex + 5]), version[version.startIndex + 6] == Byte.dot,
              Byte.isDigit(version[version.startIndex + 7]) else {
            return reject(.badRequest, "malformed HTTP version")
        }
        guard let parsedVersion = HTTPRequest.Version(rawValue: Byte.string(version)) else {
            return reject(.httpVersionNotSupported, "HTTP version \(Byte.string(version)) not supported")
        }
        guard let parsedMethod = HTTPRequest.Method(rawValue: Byte.string(method)) else {
            return reject(.methodNotAllowed, "method \(Byte.string(method)) not allowed")
        }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) else {
            return reject(.badRequest, "invalid request target")
        }
        let text = Byte.string(target)
        var rest = Substring(text)
        var authority: String?
        let scheme = ["http://", "https://"].first { text.lowercased().hasPrefix($0) }
        if let scheme {
            rest = rest.dropFirst(scheme.count)
            let end = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            guard end > rest.startIndex else { return reject(.badRequest, "absolute target without a host") }
            authority = String(rest[..<end])
            rest = rest[end...]
        } else if !text.hasPrefix("/") {
            return reject(.badRequest, "request target is neither origin-form nor absolute-form")
        }
        let question = rest.firstIndex(of: "?")
        var path = String(rest[..<(question ?? rest.endIndex)])
        if path.isEmpty { path = "/" }
        let query = question.map { String(rest[rest.index(after: $0)...]) }
        requestLine = RequestLine(method: parsedMethod, target: text, path: path, query: query,
                                  authority: authority, version: parsedVersion)
        return nil
    }

    // MARK: Header fields (RFC 9112 section 5)

    private mutating func parseField(_ content: ArraySlice<UInt8>) -> Verdict? {
        if content.first == Byte.space || content.first == Byte.tab {
            return reject(.badRequest, "obsolete line folding")
        }
        guard let colon = content.firstIndex(of: UInt8(ascii: ":")) else {
            return reject(.badRequest, "header field without a colon")
        }
        let name = content[..<colon]
        guard !name.isEmpty, Byte.isToken(name) else { return reject(.badRequest, "invalid header field name") }
        var value = content[(colon + 1)...]
        while let first = value.first, first == Byte.space || first == Byte.tab { value = value.dropFirst() }
        while let last = value.last, last == Byte.space || last == Byte.tab { value = value.dropLast() }
        guard value.allSatisfy({ $0 == Byte.tab || ($0 >= 0x20 && $0 != 0x7F) }) else {
            return reject(.badRequest, "control character in header field value")
        }
        guard headers.count < limits.maxHeaderFields else {
            return reject(.requestHeaderFieldsTooLarge, "more than \(limits.maxHeaderFields) header fields")
        }
        headers.append(name: Byte.string(name), value: Byte.string(value))
        return nil
    }

    // MARK: The head's end (RFC 9112 sections 3.2 and 6)

    private mutating func finish() -> Verdict {
        guard let line = requestLine else { preconditionFailure("a head ends after its request line") }
        let hosts = headers.values("host")
        if hosts.count > 1 { return reject(.badRequest, "more than one Host field") }
        if hosts.isEmpty && line.version == .http11 { return reject(.badRequest, "HTTP/1.1 request without Host") }
        if let host = hosts.first, !Byte.isHost(host) { return reject(.badRequest, "invalid Host") }
        if headers.contains("transfer-encoding") {
            if line.version == .http10 { return reject(.badRequest, "Transfer-Encoding in HTTP/1.0") }
            if headers.contains("content-length") { return reject(.badRequest, "both Transfer-Encoding and Content-Length") }
            return reject(.lengthRequired, "request content is not accepted")
        }
        let lengths = headers.values("content-length")
        if lengths.count > 1 { return reject(.badRequest, "more than one Content-Length field") }
        if let length = lengths.first {
            guard !length.isEmpty, length.utf8.allSatisfy(Byte.isDigit) else {
                return reject(.badRequest, "invalid Content-Length")
            }
            guard length.utf8.allSatisfy({ $0 == UInt8(ascii: "0") }) else {
                return reject(.contentTooLarge, "request content is not accepted")
            }
        }
        requests += 1
        let keepAlive = line.version == .http11 && !headers.hasToken("close", in: "connection")
            && requests < limits.maxRequests
        let request = HTTPRequest(method: line.method, target: line.target, path: line.path, query: line.query,
                                  version: line.version, headers: headers,
                                  host: line.authority ?? hosts.first ?? "", keepAlive: keepAlive)
        requestLine = nil
        headers = HTTPHeaders()
        headBytes = 0
        if !keepAlive {
            finished = true
            buffer = []
            start = 0
        }
        return .request(request)
    }
}

/// Byte classes of RFC 9110 and 9112.
private enum Byte {
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let dot = UInt8(ascii: ".")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// tchar (RFC 9110 section 5.6.2).
    static func isTokenByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || isAlpha(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    static func isToken(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isTokenByte)
    }

    /// uri-host [":" port], loosely: the characters of a reg-name, an IPv4 address or an IP
    /// literal in brackets, and a port; not empty.
    static func isHost(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { byte in
            isDigit(byte) || isAlpha(byte) || "-._~!$&'()*+,;=%:[]".utf8.contains(byte)
        }
    }

    /// One character per byte (ISO-8859-1).
    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
        return String(scalars)
    }
}
