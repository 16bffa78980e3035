import CZlib
import Testing
@testable import LivePetNet

/// The HTTP stage's content rules without sockets: `Accept-Encoding`, gzip made once, entity
/// tags, and who may read `/metrics`.
@Suite struct HTTPContentTests {
    final class Site: WebSite {
        func resource(at path: String) -> WebResource? {
            path == "/" ? Self.page : nil
        }
        func playersOnline() -> Int { 0 }
        func metrics() -> String { "livepet_test 1\n" }
        static let page = WebResource(contentType: "text/html", body: Array(String(repeating: "<p>LivePet</p>\n", count: 200).utf8))
    }

    static func request(_ path: String, _ fields: [(String, String)] = []) -> HTTPRequest {
        HTTPRequest(method: .get, target: path, path: path, query: nil, version: .http11,
                    headers: HTTPHeaders([("host", "localhost")] + fields), host: "localhost", keepAlive: true)
    }

    @Test(arguments: [
        ("gzip", true), ("gzip, deflate, br", true), ("GZIP", true), ("x-gzip", true), ("deflate, gzip;q=0.5", true),
        ("gzip;q=0", false), ("gzip; q=0.000", false), ("gzip;q=0, *", false), ("*", true), ("*;q=0", false),
        ("br", false), ("", false), ("identity", false), ("gzip;q=2", false), ("gzip;q=0.0001", false),
        ("*;q=0.3, gzip;q=0", false), ("gzip;q=1.000", true), ("gzip ; q=0.8", true),
    ])
    func acceptEncodingWeights(_ value: String, _ gzip: Bool) {
        #expect(HTTPHeaders([("accept-encoding", value)]).acceptsGzip == gzip)
    }

    @Test func noAcceptEncodingMeansNoGzip() {
        #expect(!HTTPHeaders([("host", "x")]).acceptsGzip)
    }

    @Test func theGzipFormInflatesToTheResourceAndIsSentOnlyWhenAccepted() throws {
        let stage = HTTPStage(site: Site(), timeout: .seconds(60), now: 0)
        let plain = stage.respond(to: Self.request("/"))
        #expect(plain.body == Site.page.body)
        #expect(plain.extraHeaders.contains { $0.name == "Vary" && $0.value == "Accept-Encoding" })
        #expect(!plain.extraHeaders.contains { $0.name == "Content-Encoding" })
        let compressed = stage.respond(to: Self.request("/", [("accept-encoding", "gzip, deflate")]))
        #expect(compressed.extraHeaders.contains { $0.name == "Content-Encoding" && $0.value == "gzip" })
        #expect(compressed.body.count < Site.page.body.count / 4)
        #expect(compressed.body.starts(with: [0x1F, 0x8B]), "a gzip member")
        #expect(try Self.gunzip(compressed.body) == Site.page.body)
        // Made once: the same bytes each time.
        #expect(stage.respond(to: Self.request("/", [("accept-encoding", "gzip")])).body == compressed.body)
    }

    @Test func aMatchingEntityTagIs304WithoutContent() {
        let stage = HTTPStage(site: Site(), timeout: .seconds(60), now: 0)
        let response = stage.respond(to: Self.request("/", [("if-none-match", Site.page.etag)]))
        #expect(response.status == .notModified)
        #expect(response.body.isEmpty)
        #expect(stage.respond(to: Self.request("/", [("if-none-match", "\"other\"")])).status == .ok)
        let head = String(decoding: response.encoded(), as: UTF8.self)
        #expect(head.contains("ETag: \(Site.page.etag)\r\n") && !head.contains("Content-Length"))
    }

    @Test func metricsAreForLoopbackAndTrustedProxiesOnly() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.1")
        func status(_ peer: HTTPStage.Peer, _ fields: [(String, String)] = []) -> Int {
            HTTPStage(site: Site(), timeout: .seconds(60), now: 0, peer: peer).respond(to: Self.request("/metrics", fields)).status.code
        }
        #expect(status(HTTPStage.Peer(mayReadMetrics: true)) == 200)
        #expect(status(HTTPStage.Peer(mayReadMetrics: false)) == 404)
        // Not a trusted proxy: its header changes nothing.
        #expect(status(HTTPStage.Peer(mayReadMetrics: false), [("x-forwarded-for", "127.0.0.1")]) == 404)
        // Through a trusted proxy: the forwarded client decides.
        let proxy = HTTPStage.Peer(proxies: proxies, mayReadMetrics: true)
        #expect(status(proxy) == 200)
        #expect(status(proxy, [("x-forwarded-for", "203.0.113.9")]) == 404)
        #expect(status(proxy, [("x-forwarded-for", "127.0.0.1")]) == 200)
    }

    /// Inflates one gzip member (zlib, windowBits 31).
    static func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard livepet_inflate_init2(stream, 31) == Z_OK else { throw HTTPContentError() }
        defer { inflateEnd(stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: 1 << 20)
        let result = input.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.pointee.next_in = input.baseAddress
                stream.pointee.avail_in = UInt32(input.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                return inflate(stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { throw HTTPContentError() }
        return Array(output.prefix(Int(stream.pointee.total_out)))
    }
}

struct HTTPContentError: Error {}
