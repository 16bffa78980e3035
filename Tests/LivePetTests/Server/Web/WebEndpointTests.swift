import Foundation
import Testing
@testable import LivePet
@testable import LivePetNet

/// HTTP on the telnet port (issue 18): the page, `/healthz`, refusals, keep-alive and the
/// deadline for a slow request, over a real socket.
@Suite struct WebEndpointTests {
    static func request(_ path: String, method: String = "GET", close: Bool = false) -> String {
        "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n\(close ? "Connection: close\r\n" : "")\r\n"
    }

    /// Sends `request` on a new connection and returns everything until the server closes it.
    static func exchange(_ server: TestServer, _ request: String) async throws -> String {
        let web = try await server.connect()
        try await web.sendBytes(Array(request.utf8))
        try await web.expectClosed()
        #expect(!web.rawReceived.contains(0xFF), "no telnet bytes")
        return String(decoding: web.rawReceived, as: UTF8.self)
    }

    @Test func thePageIsServedWithItsHeadersOnOneKeptAliveConnection() async throws {
        try await TestServer.run { server in
            let web = try await server.connect()
            try await web.sendBytes(Array((Self.request("/") + Self.request("/app.js") + Self.request("/app.css", close: true)).utf8))
            try await web.expectClosed()
            let raw = String(decoding: web.rawReceived, as: UTF8.self)
            let responses = raw.components(separatedBy: "HTTP/1.1 200 OK\r\n").dropFirst()
            #expect(responses.count == 3, "got \(raw.prefix(600).debugDescription)")
            for (response, asset) in zip(responses, WebAssets.all) {
                #expect(response.contains("Content-Type: \(asset.contentType)\r\n"))
                #expect(response.contains("Content-Length: \(asset.body.utf8.count)\r\n"))
                #expect(response.contains("Content-Security-Policy: default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'\r\n"))
                #expect(response.contains("X-Frame-Options: DENY\r\n"))
                #expect(response.contains("X-Content-Type-Options: nosniff\r\n"))
                #expect(response.contains("Cache-Control: no-cache\r\n"))
                #expect(response.contains("\r\n\r\n" + asset.body))
            }
            #expect(raw.hasSuffix(WebAssets.css))
            #expect(!raw.contains(TestServer.motd.prefix(20)), "no telnet greeting")
            #expect(!web.rawReceived.contains(0xFF), "no telnet bytes")
        }
    }

    /// No other site may frame the page (clickjacking), in CSP and for older browsers in
    /// X-Frame-Options, on the full answer and on a 304 alike.
    @Test func thePageCannotBeFramed() async throws {
        try await TestServer.run { server in
            let page = try await Self.exchange(server, Self.request("/", close: true))
            #expect(page.hasPrefix("HTTP/1.1 200 OK\r\n"))
            let tag = try #require(page.components(separatedBy: "\r\n").first { $0.hasPrefix("ETag: ") }?.dropFirst(6))
            let cached = try await Self.exchange(server, "GET / HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \(tag)\r\nConnection: close\r\n\r\n")
            #expect(cached.hasPrefix("HTTP/1.1 304 Not Modified\r\n"), "got \(cached.debugDescription)")
            for raw in [page, cached] {
                let head = raw.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
                let policy = try #require(head.first { $0.hasPrefix("Content-Security-Policy: ") })
                let directives = Set(policy.dropFirst(25).components(separatedBy: "; "))
                for directive in ["frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'", "default-src 'none'"] {
                    #expect(directives.contains(directive), "\(directive) in \(policy)")
                }
                #expect(head.filter { $0 == "X-Frame-Options: DENY" }.count == 1, "got \(head)")
            }
        }
    }

    @Test func healthzCountsThePlayersOnline() async throws {
        try await TestServer.run { server in
            let player = try await server.connect()
            _ = try await player.loginGuest()
            let raw = try await Self.exchange(server, Self.request("/healthz", close: true))
            #expect(raw.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(raw.hasSuffix("\r\n\r\nok 1\n"), "got \(raw.debugDescription)")
        }
    }

    @Test func unknownPathsMethodsAndBadRequestsAreRefused() async throws {
        try await TestServer.run { server in
            // A 404 keeps the connection; the next request is answered.
            let raw = try await Self.exchange(server, Self.request("/etc/passwd") + Self.request("/healthz", close: true))
            #expect(raw.hasPrefix("HTTP/1.1 404 Not Found\r\n"), "got \(raw.debugDescription)")
            #expect(raw.contains("HTTP/1.1 200 OK\r\n"))
            // A method the parser refuses: 405 and closed.
            let refused = try await Self.exchange(server, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
            #expect(refused.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"), "got \(refused.debugDescription)")
            #expect(refused.contains("Allow: GET, HEAD\r\n"))
            // No Host: 400; a handshake from another site's page: 403.
            #expect(try await Self.exchange(server, "GET / HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            let foreign = try await Self.exchange(server, "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
                + "Origin: https://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            #expect(foreign.hasPrefix("HTTP/1.1 403 Forbidden\r\n"), "got \(foreign.debugDescription)")
        }
    }

    @Test func aRequestNotFinishedInTheLoginTimeoutIsCutOff() async throws {
        try await TestServer.run(configure: { $0.loginTimeout = .milliseconds(500) }) { server in
            let web = try await server.connect()
            try await web.sendBytes(Array("GET / HTTP/1.1\r\nHost: localhost\r\n".utf8))
            try await web.expectClosed(timeout: .seconds(10))
            let raw = String(decoding: web.rawReceived, as: UTF8.self)
            #expect(raw.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "got \(raw.debugDescription)")
        }
    }
}
