import Foundation
import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSupport

/// The HTTP endpoint's bounds and content rules over a real socket: gzip when asked (inflated
/// here and compared with the asset), HEAD, 304, keep-alive's end, and a request trickled in a
/// byte at a time cut off at the login timeout on the manual clock.
@Suite struct WebBoundsTests {
    @Test func assetsAreGzippedWhenAcceptedAndInflateToTheAsset() async throws {
        try await TestServer.run { server in
            for asset in WebAssets.all {
                let raw = try await Self.exchangeBytes(server, "GET \(asset.path) HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept-Encoding: br;q=1, gzip;q=0.8\r\nConnection: close\r\n\r\n")
                let (head, body) = Self.split(raw)
                #expect(head.contains("Content-Encoding: gzip\r\n"), "\(asset.path): \(head)")
                #expect(head.contains("Vary: Accept-Encoding\r\n"))
                #expect(head.contains("Content-Length: \(body.count)\r\n"))
                #expect(try HTTPContentTests.gunzip(body) == Array(asset.body.utf8), "\(asset.path)")
            }
            // gzip;q=0 refuses it: the asset as is.
            let (head, body) = Self.split(try await Self.exchangeBytes(server, "GET / HTTP/1.1\r\nHost: localhost\r\n"
                + "Accept-Encoding: gzip;q=0, identity\r\nConnection: close\r\n\r\n"))
            #expect(!head.contains("Content-Encoding"))
            #expect(head.contains("Vary: Accept-Encoding\r\n"))
            #expect(body == Array(WebAssets.html.utf8))
        }
    }

    @Test func headAndRevalidationAnswerWithoutContent() async throws {
        try await TestServer.run { server in
            let (head, body) = Self.split(try await Self.exchangeBytes(server, "HEAD /app.js HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(head.contains("Content-Length: \(WebAssets.js.utf8.count)\r\n"))
            #expect(body.isEmpty)
            let etag = try #require(head.split(separator: "\r\n").first { $0.hasPrefix("ETag: ") }?.dropFirst(6))
            let (revalidated, nothing) = Self.split(try await Self.exchangeBytes(server, "GET /app.js HTTP/1.1\r\nHost: localhost\r\n"
                + "If-None-Match: \(etag)\r\nConnection: close\r\n\r\n"))
            #expect(revalidated.hasPrefix("HTTP/1.1 304 Not Modified\r\n"), "got \(revalidated)")
            #expect(nothing.isEmpty)
        }
    }

    @Test func keepAliveEndsAfterAHundredRequests() async throws {
        try await TestServer.run { server in
            let many = String(repeating: "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", count: 101)
            let raw = String(decoding: try await Self.exchangeBytes(server, many), as: UTF8.self)
            let answers = raw.components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1
            #expect(answers == 100, "the 101st request is not answered")
            #expect(raw.components(separatedBy: "Connection: close\r\n").count - 1 == 1)
        }
    }

    @Test func aRequestTrickledAByteAtATimeIsCutOffAtTheLoginTimeout() async throws {
        let clock = ManualClock()
        try await TestServer.run(configure: {
            TestServer.useManualClock(clock, &$0)
            // HTTP must be recognised: a window on the manual clock, which the request line beats.
            $0.limits.protocolSniffWindow = .seconds(1)
            $0.loginTimeout = .seconds(60)
        }) { server in
            let start = clock.uptimeNanos()
            let web = try await server.connect()
            try await web.sendBytes(Array("GET / HTTP/1.1\r\n".utf8))
            try await server.waitUntil("the HTTP stage started") {
                server.server.metrics.net.connectionsByProtocol().contains { $0.label == "http" && $0.count == 1 }
            }
            // One byte every 5 s of the clock: never an idle gap, never done.
            for byte in Array("Host: localhost\r\nUser-Agent: slowloris-".utf8) {
                try await web.sendBytes([byte])
                clock.advance(by: .seconds(5))
                try await server.waitForHousekeeping()
                if clock.elapsed(since: start) > .seconds(61) { break }
            }
            try await web.expectClosed()
            let raw = String(decoding: web.rawReceived, as: UTF8.self)
            #expect(raw.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "got \(raw.debugDescription)")
        }
    }

    static func exchangeBytes(_ server: TestServer, _ request: String) async throws -> [UInt8] {
        let web = try await server.connect()
        try await web.sendBytes(Array(request.utf8))
        try await web.expectClosed()
        return web.rawReceived
    }

    static func split(_ raw: [UInt8]) -> (head: String, body: [UInt8]) {
        guard let end = raw.index(of: Array("\r\n\r\n".utf8), from: 0) else { return (String(decoding: raw, as: UTF8.self), []) }
        return (String(decoding: raw[..<end], as: UTF8.self) + "\r\n", Array(raw[(end + 4)...]))
    }
}
