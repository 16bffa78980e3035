import Foundation

/// The server's side of the WebSocket opening handshake (RFC 6455 section 4.2): whether a
/// parsed request may become a WebSocket connection, and the 101 response that makes it one.
///
/// A request must be GET over HTTP/1.1 with `Upgrade: websocket`, a `Connection` list with
/// `upgrade`, `Sec-WebSocket-Version: 13` (another version: 426, which tells the client
/// the version we speak) and one `Sec-WebSocket-Key` that is base64 for 16 bytes; other
/// failures are 400 (405 for HEAD). A browser's `Origin` must name the host and port the
/// request was sent to (the `Host`), by http or https: a page on another site cannot drive a
/// player's session (403). A request without `Origin` comes from a program, not a page, and is
/// allowed unless `requireOrigin` says otherwise. No subprotocol and no extension
/// (permessage-deflate included) is agreed: the 101 names neither, so clients use none.
package enum WebSocketHandshake {
    /// The GUID RFC 6455 appends to the client's key.
    package static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    package enum Verdict: Equatable, Sendable {
        /// Send this 101 response; the connection speaks WebSocket from the next byte.
        case accept(HTTPResponse)
        /// Send `HTTPResponse.rejection(status, reason:)` and close.
        case reject(HTTPStatus, reason: String)
    }

    package static func evaluate(_ request: HTTPRequest, requireOrigin: Bool = false) -> Verdict {
        let headers = request.headers
        guard request.method == .get else { return .reject(.methodNotAllowed, reason: "a WebSocket handshake is a GET") }
        guard request.version == .http11 else { return .reject(.badRequest, reason: "a WebSocket handshake needs HTTP/1.1") }
        guard headers.hasToken("websocket", in: "upgrade") else {
            return .reject(.badRequest, reason: "no Upgrade: websocket")
        }
        guard headers.hasToken("upgrade", in: "connection") else {
            return .reject(.badRequest, reason: "no Connection: upgrade")
        }
        guard let version = headers.single("sec-websocket-version") else {
            return .reject(.badRequest, reason: "no single Sec-WebSocket-Version")
        }
        guard version == "13" else { return .reject(.upgradeRequired, reason: "WebSocket version 13 only") }
        guard let key = headers.single("sec-websocket-key"), isValidKey(key) else {
            return .reject(.badRequest, reason: "no valid Sec-WebSocket-Key")
        }
        let origins = headers.values("origin")
        if origins.isEmpty {
            if requireOrigin { return .reject(.forbidden, reason: "no Origin") }
        } else {
            guard origins.count == 1, originMatchesHost(origin: origins[0], host: request.host) else {
                return .reject(.forbidden, reason: "Origin is not this site")
            }
        }
        return .accept(HTTPResponse(status: .switchingProtocols, extraHeaders: [
            (name: "Upgrade", value: "websocket"),
            (name: "Connection", value: "Upgrade"),
            (name: "Sec-WebSocket-Accept", value: acceptValue(forKey: key)),
        ]))
    }

    /// base64(SHA-1(key + GUID)): what proves the server read this handshake.
    package static func acceptValue(forKey key: String) -> String {
        Data(SHA1.hash(Array((key + guid).utf8))).base64EncodedString()
    }

    /// A key is 16 bytes (a random nonce), base64-encoded: 24 characters ending in "==".
    package static func isValidKey(_ key: String) -> Bool {
        guard key.utf8.count == 24, let bytes = Data(base64Encoded: key) else { return false }
        return bytes.count == 16
    }

    /// Whether `origin` (an ASCII serialisation, `scheme://host[:port]`) names the same host
    /// and port as the `Host` value `host`, by http or https. Hosts compare without case; a
    /// port left out is the scheme's default, and Host without a port matches only that.
    package static func originMatchesHost(origin: String, host: String) -> Bool {
        let lowered = origin.lowercased()
        let scheme: String
        let defaultPort: Int
        if lowered.hasPrefix("http://") {
            (scheme, defaultPort) = ("http://", 80)
        } else if lowered.hasPrefix("https://") {
            (scheme, defaultPort) = ("https://", 443)
        } else {
            return false
        }
        guard let from = authority(lowered.dropFirst(scheme.count)),
              let to = authority(Substring(host.lowercased())), from.host == to.host else { return false }
        return (from.port ?? defaultPort) == (to.port ?? defaultPort)
    }

    /// host [":" port], with IPv6 literals in brackets; nil if it has anything else (a path).
    private static func authority(_ text: Substring) -> (host: Substring, port: Int?)? {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = text[...close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = rest.dropFirst()
            }
        } else if let colon = text.firstIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains("/") else { return nil }
        guard let portText else { return (host, nil) }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0 >= "0" && $0 <= "9" }),
              let port = Int(portText), port <= 65535 else { return nil }
        return (host, port)
    }
}
