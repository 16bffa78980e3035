import Foundation
import Testing
@testable import LivePet
@testable import LivePetNet

/// Who may read `/metrics`, over real sockets: loopback and `--trusted-proxies`, but not a
/// visitor a proxy on the same host forwards (it connects from loopback too).
@Suite struct WebMetricsAccessTests {
    /// The status line of a `/metrics` request with `fields`, sent from `source`.
    static func status(_ server: TestServer, from source: String = "127.0.0.1", _ fields: String = "") async throws -> String {
        var options = TestClient.Options.raw
        options.source = source
        let client = try await server.connect(options)
        try await client.sendBytes(Array("GET /metrics HTTP/1.1\r\nHost: localhost\r\n\(fields)Connection: close\r\n\r\n".utf8))
        try await client.expectClosed()
        let raw = String(decoding: client.rawReceived, as: UTF8.self)
        return raw.components(separatedBy: "\r\n")[0]
    }

    /// Expects `/metrics` to answer `statusLine` to a request from `source` with `fields`.
    static func expect(_ statusLine: String, _ server: TestServer, from source: String = "127.0.0.1", _ fields: String = "",
                       sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let got = try await status(server, from: source, fields)
        #expect(got == statusLine, "\(fields.debugDescription) from \(source)", sourceLocation: sourceLocation)
    }

    static let forwardingFields = [
        "Forwarded: for=203.0.113.9\r\n", "X-Forwarded-For: 203.0.113.9\r\n", "x-real-ip: 203.0.113.9\r\n",
        "Via: 1.1 nginx\r\n", "X-Forwarded-For: 127.0.0.1\r\n", "X-Forwarded-For: \r\n",
    ]

    @Test func aForwardedRequestFromAnUntrustedLoopbackPeerIs404() async throws {
        // nginx on the same host without --trusted-proxies: every visitor arrives from loopback.
        try await TestServer.run { server in
            try await Self.expect("HTTP/1.1 200 OK", server)
            for field in Self.forwardingFields {
                try await Self.expect("HTTP/1.1 404 Not Found", server, field)
            }
            try await Self.expect("HTTP/1.1 200 OK", server, "X-Forwarded-Host: example.org\r\n")
        }
    }

    @Test func throughATrustedProxyOnlyABelievedLocalClientReadsIt() async throws {
        try await TestServer.run(configure: { $0.limits.trustedProxies = try! TrustedProxies(parsing: "127.0.0.1") }) { server in
            try await Self.expect("HTTP/1.1 200 OK", server)
            try await Self.expect("HTTP/1.1 200 OK", server, "X-Forwarded-For: 127.0.0.5\r\n")
            try await Self.expect("HTTP/1.1 200 OK", server, "X-Forwarded-For: 127.0.0.5\r\nVia: 1.1 nginx\r\n")
            try await Self.expect("HTTP/1.1 404 Not Found", server, "X-Forwarded-For: 203.0.113.9\r\n")
            // Forwarded by the proxy without an X-Forwarded-For it can be judged by.
            try await Self.expect("HTTP/1.1 404 Not Found", server, "X-Real-IP: 127.0.0.5\r\n")
            try await Self.expect("HTTP/1.1 404 Not Found", server, "X-Forwarded-For: unknown\r\n")
            // A loopback peer that is not the proxy: its header is not believed, so 404.
            try await Self.expect("HTTP/1.1 200 OK", server, from: "127.0.0.2")
            try await Self.expect("HTTP/1.1 404 Not Found", server, from: "127.0.0.2", "X-Forwarded-For: 127.0.0.1\r\n")
        }
    }
}
