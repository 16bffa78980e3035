import Testing
@testable import LivePetNet

/// Encoding responses: the exact bytes, HEAD, Connection, statuses without content, the
/// fields rejections need, and no response splitting.
@Suite struct HTTPResponseTests {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func aPageResponse() {
        let response = HTTPResponse(status: .ok, contentType: "text/html; charset=utf-8", cacheControl: "no-cache",
                                    contentSecurityPolicy: "default-src 'self'", body: Array("<p>hi</p>".utf8))
        #expect(Self.text(response.encoded()) == "HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/html; charset=utf-8\r\nContent-Length: 9\r\nCache-Control: no-cache\r\n"
            + "Content-Security-Policy: default-src 'self'\r\nX-Content-Type-Options: nosniff\r\n\r\n<p>hi</p>")
    }

    @Test func headSendsTheLengthButNotTheContent() {
        let response = HTTPResponse.text(.ok, "ok 3\n")
        let head = Self.text(response.encoded(headOnly: true))
        #expect(head.contains("\r\nContent-Length: 5\r\n"))
        #expect(head.hasSuffix("\r\n\r\n"))
        #expect(Self.text(response.encoded()) == head + "ok 3\n")
    }

    @Test func closingAddsConnectionClose() {
        let response = HTTPResponse.text(.notFound, "no\n")
        #expect(Self.text(response.encoded(keepAlive: false)).contains("\r\nConnection: close\r\n"))
        #expect(!Self.text(response.encoded()).contains("Connection"))
    }

    @Test func statusesWithoutContentHaveNoLengthOrBody() {
        for status in [HTTPStatus.noContent, .notModified, .switchingProtocols] {
            let text = Self.text(HTTPResponse(status: status, body: Array("ignored".utf8)).encoded())
            #expect(!text.contains("Content-Length"), "\(status)")
            #expect(text.hasSuffix("\r\n\r\n"), "\(status)")
        }
    }

    @Test func rejectionsCarryTheFieldsTheirStatusNeeds() {
        let notAllowed = Self.text(HTTPResponse.rejection(.methodNotAllowed, reason: "POST").encoded(keepAlive: false))
        #expect(notAllowed.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(notAllowed.contains("\r\nAllow: GET, HEAD\r\n"))
        #expect(notAllowed.contains("\r\nConnection: close\r\n"))
        #expect(notAllowed.hasSuffix("405 Method Not Allowed: POST\n"))
        let tooLarge = Self.text(HTTPResponse.rejection(.requestHeaderFieldsTooLarge, reason: "big").encoded())
        #expect(tooLarge.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        #expect(!tooLarge.contains("Allow"))
    }

    @Test func controlCharactersNeverReachTheHead() {
        let response = HTTPResponse(status: .ok, contentType: "text/plain\r\nSet-Cookie: x=1",
                                    extraHeaders: [(name: "X-A\r\nB", value: "1\n2\u{0}")])
        let head = Self.text(response.encoded()).components(separatedBy: "\r\n\r\n")[0]
        #expect(!head.contains("\r\nSet-Cookie"))
        #expect(head.contains("Content-Type: text/plain  Set-Cookie: x=1\r\n"))
        #expect(head.hasSuffix("\r\nX-A  B: 1 2 "))
        #expect(head.split(separator: "\r\n").count == 5)
    }
}
