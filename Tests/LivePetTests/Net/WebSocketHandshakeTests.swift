import Testing
@testable import LivePetNet

/// The opening handshake: RFC 6455's accept example, every requirement on the request, and
/// the Origin check.
@Suite struct WebSocketHandshakeTests {
    static let key = "dGhlIHNhbXBsZSBub25jZQ=="

    static func request(method: HTTPRequest.Method = .get, version: HTTPRequest.Version = .http11,
                        host: String = "pets.example:4000", _ fields: [(String, String)]? = nil,
                        adding extra: [(String, String)] = []) -> HTTPRequest {
        let base = fields ?? [("Host", host), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                              ("Sec-WebSocket-Key", key), ("Sec-WebSocket-Version", "13"),
                              ("Origin", "http://\(host)")]
        return HTTPRequest(method: method, target: "/ws", path: "/ws", query: nil, version: version,
                           headers: HTTPHeaders(base + extra), host: host, keepAlive: true)
    }

    static func status(_ request: HTTPRequest, requireOrigin: Bool = false) -> Int? {
        switch WebSocketHandshake.evaluate(request, requireOrigin: requireOrigin) {
        case .accept(let response): return response.status.code
        case .reject(let status, _): return status.code
        }
    }

    static func replacing(_ name: String, with value: String?) -> HTTPRequest {
        var fields = [("Host", "pets.example:4000"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
                      ("Sec-WebSocket-Key", key), ("Sec-WebSocket-Version", "13"), ("Origin", "http://pets.example:4000")]
        fields.removeAll { $0.0 == name }
        if let value { fields.append((name, value)) }
        return request(fields)
    }

    @Test func theAcceptValueOfRFC6455() {
        #expect(WebSocketHandshake.acceptValue(forKey: Self.key) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func aGoodRequestIsAcceptedWithA101() throws {
        guard case .accept(let response) = WebSocketHandshake.evaluate(Self.request()) else {
            Issue.record("not accepted")
            return
        }
        let text = String(decoding: response.encoded(), as: UTF8.self)
        #expect(text.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"))
        #expect(text.contains("\r\nUpgrade: websocket\r\n"))
        #expect(text.contains("\r\nConnection: Upgrade\r\n"))
        #expect(text.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"))
        #expect(!text.contains("Content-Length"))
        #expect(!text.contains("Sec-WebSocket-Protocol") && !text.contains("Sec-WebSocket-Extensions"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }

    @Test func headerNamesAndTokensIgnoreCaseAndListsAreSplit() {
        let fields = [("HOST", "pets.example:4000"), ("upgrade", "WebSocket"), ("CONNECTION", "keep-alive, Upgrade"),
                      ("sec-websocket-key", Self.key), ("Sec-Websocket-Version", "13")]
        #expect(Self.status(Self.request(fields)) == 101)
    }

    @Test func theRequestMustBeAnHTTP11Get() {
        #expect(Self.status(Self.request(method: .head)) == 405)
        #expect(Self.status(Self.request(version: .http10)) == 400)
    }

    @Test func upgradeAndConnectionAreRequired() {
        #expect(Self.status(Self.replacing("Upgrade", with: nil)) == 400)
        #expect(Self.status(Self.replacing("Upgrade", with: "h2c")) == 400)
        #expect(Self.status(Self.replacing("Connection", with: nil)) == 400)
        #expect(Self.status(Self.replacing("Connection", with: "keep-alive")) == 400)
        #expect(Self.status(Self.replacing("Connection", with: "upgraded")) == 400)
    }

    @Test func version13Only() {
        #expect(Self.status(Self.replacing("Sec-WebSocket-Version", with: nil)) == 400)
        #expect(Self.status(Self.replacing("Sec-WebSocket-Version", with: "8")) == 426)
        #expect(Self.status(Self.request(adding: [("Sec-WebSocket-Version", "13")])) == 400)
        let response = HTTPResponse.rejection(.upgradeRequired, reason: "13 only")
        #expect(String(decoding: response.encoded(), as: UTF8.self).contains("\r\nSec-WebSocket-Version: 13\r\n"))
    }

    @Test(arguments: ["", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "AAAAAAAAAAAAAAAAAAAAAAAA",
                      "dGhlIHNhbXBsZSBub25jZQ===", "dGhlIHNhbXBsZSBub25j!Q==", "aGk="])
    func badKeysAreRefused(key: String) {
        #expect(Self.status(Self.replacing("Sec-WebSocket-Key", with: key)) == 400)
    }

    @Test func aKeyIsNeededOnce() {
        #expect(Self.status(Self.replacing("Sec-WebSocket-Key", with: nil)) == 400)
        #expect(Self.status(Self.request(adding: [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")])) == 400)
        #expect(Self.status(Self.replacing("Sec-WebSocket-Key", with: "AAAAAAAAAAAAAAAAAAAAAA==")) == 101)
    }

    @Test(arguments: [
        ("http://pets.example:4000", "pets.example:4000"),
        ("https://pets.example:4000", "pets.example:4000"),
        ("HTTP://Pets.Example:4000", "pets.example:4000"),
        ("http://pets.example", "pets.example"),
        ("http://pets.example", "pets.example:80"),
        ("http://pets.example:80", "pets.example"),
        ("https://pets.example", "pets.example:443"),
        ("https://pets.example:443", "pets.example"),
        ("http://[::1]:4000", "[::1]:4000"),
        ("http://127.0.0.1:4000", "127.0.0.1:4000"),
    ])
    func originsOfTheSameSite(origin: String, host: String) {
        #expect(WebSocketHandshake.originMatchesHost(origin: origin, host: host))
        #expect(Self.status(Self.request(host: host, adding: []).withOrigin(origin)) == 101)
    }

    @Test(arguments: [
        ("http://evil.example:4000", "pets.example:4000"),
        ("http://pets.example:4001", "pets.example:4000"),
        ("http://pets.example", "pets.example:4000"),
        ("http://pets.example:4000", "pets.example"),
        ("https://pets.example", "pets.example:80"),
        ("http://pets.example.evil.example:4000", "pets.example:4000"),
        ("http://pets.example:4000/", "pets.example:4000"),
        ("http://pets.example:4000@evil.example", "pets.example:4000"),
        ("ws://pets.example:4000", "pets.example:4000"),
        ("file://pets.example:4000", "pets.example:4000"),
        ("null", "pets.example:4000"),
        ("", "pets.example:4000"),
        ("http://pets.example:+4000", "pets.example:4000"),
        ("http://[::1]:4000", "[::2]:4000"),
    ])
    func originsOfAnotherSite(origin: String, host: String) {
        #expect(!WebSocketHandshake.originMatchesHost(origin: origin, host: host))
        #expect(Self.status(Self.request(host: host).withOrigin(origin)) == 403)
    }

    @Test func aRequestWithoutOriginIsAProgramsAndAllowedUnlessRequired() {
        #expect(Self.status(Self.replacing("Origin", with: nil)) == 101)
        #expect(Self.status(Self.replacing("Origin", with: nil), requireOrigin: true) == 403)
        #expect(Self.status(Self.request(adding: [("Origin", "http://pets.example:4000")])) == 403)
    }
}

extension HTTPRequest {
    /// The same request with its Origin field replaced.
    fileprivate func withOrigin(_ origin: String) -> HTTPRequest {
        var copy = self
        var headers = HTTPHeaders()
        for field in self.headers.fields where field.name != "origin" { headers.append(name: field.name, value: field.value) }
        headers.append(name: "Origin", value: origin)
        copy.headers = headers
        return copy
    }
}
