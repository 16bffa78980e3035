import LivePetSupport
import LivePetTelnet

/// Recognises clients that are not telnet clients from their first bytes: a TLS ClientHello
/// or an HTTP request line. Such clients speak first, so a connection waits a moment (see
/// `ConnectionLimits.protocolSniffWindow`) before its telnet offer, to answer them in a form
/// they can read: a browser or curl gets a real HTTP response instead of telnet bytes.
/// Telnet clients and people never speak first: they get the offer when the moment passes.
package enum ProtocolSniffer {
    enum Verdict: Equatable {
        /// Not enough bytes yet to tell.
        case undecided
        case telnet
        case tls
        case http
    }

    static let methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"]
    /// Beyond this many bytes of a request line's start without a line end, the client is
    /// taken for HTTP without waiting for the rest (so sniffing holds at most this much).
    static let maxRequestLine = 2048

    static func classify(_ bytes: [UInt8]) -> Verdict {
        guard let first = bytes.first else { return .undecided }
        if first == 0x16 {
            // TLS record: handshake (0x16), version 3.x (SSL 3.0 to TLS 1.3 all say 3.x).
            guard bytes.count >= 3 else { return bytes.count == 2 && bytes[1] != 0x03 ? .telnet : .undecided }
            return bytes[1] == 0x03 && bytes[2] <= 0x04 ? .tls : .telnet
        }
        guard (0x41...0x5A).contains(first) else { return .telnet }
        if let end = bytes.firstIndex(where: { $0 == 13 || $0 == 10 }) {
            return isRequestLine(bytes[..<end]) ? .http : .telnet
        }
        guard couldBeRequestLine(bytes) else { return .telnet }
        // A method and a space, then this much without a line end: a browser with a long URL,
        // whose request the HTTP stage answers (414 past its limit), not telnet bytes.
        return bytes.count < maxRequestLine ? .undecided : .http
    }

    /// "METHOD SP target SP HTTP/d.d", as a whole line.
    static func isRequestLine<Bytes: Collection<UInt8>>(_ line: Bytes) -> Bool {
        let parts = line.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty,
              methods.contains(String(decoding: parts[0], as: UTF8.self)) else { return false }
        let version = Array(parts[2])
        return version.count == 8 && version.starts(with: Array("HTTP/".utf8))
            && isDigit(version[5]) && version[6] == UInt8(ascii: ".") && isDigit(version[7])
    }

    /// The same test for a decoded line (the session's fallback, for requests that arrived late).
    package static func isRequestLine(_ line: String) -> Bool {
        isRequestLine(Array(line.utf8))
    }

    /// Whether what came so far is the start of a request line.
    private static func couldBeRequestLine(_ bytes: [UInt8]) -> Bool {
        for method in methods {
            let word = Array(method.utf8) + [0x20]
            if bytes.count <= word.count ? word.starts(with: bytes) : bytes.starts(with: word) { return true }
        }
        return false
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    // MARK: Answers

    static let explanation = "This is LivePet, a telnet server: connect with telnet or a MUD client (for example: telnet <host> <port>)."

    /// A complete HTTP/1.0 response a browser or curl shows as is.
    package static var httpResponse: String {
        let body = explanation + "\r\n"
        return "HTTP/1.0 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
    }

    /// Plain text for a client on the TLS-only port that did not open with a ClientHello
    /// (telnet, nc, a browser): what it can read before the close.
    static let tlsOnlyResponse = "This is LivePet's TLS port: connect with TLS (a MUD client's SSL/TLS option, or openssl s_client), or use the plain telnet port.\r\n"

    /// Plain text for a TLS client; its TLS library will not show it, but a packet capture will.
    static let tlsResponse = "This is LivePet, a telnet server without TLS: connect with plain telnet or a MUD client, not TLS or SSL.\r\n"
}
