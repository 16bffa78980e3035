import Testing
@testable import LivePetNet

/// The request head parser: what it accepts, each rule it enforces, and keep-alive.
@Suite struct HTTPRequestParserTests {
    @Test func aBrowsersRequest() throws {
        let text = "GET /ws?room=lobby HTTP/1.1\r\nHost: pets.example:4000\r\nUser-Agent: Mozilla/5.0 (X11)\r\n"
            + "Accept:  text/html, */*  \r\nAccept-Encoding: gzip\r\n\r\n"
        let request = try #require(HTTPParse.request(text))
        #expect(request.method == .get)
        #expect(request.target == "/ws?room=lobby")
        #expect(request.path == "/ws")
        #expect(request.query == "room=lobby")
        #expect(request.version == .http11)
        #expect(request.host == "pets.example:4000")
        #expect(request.keepAlive)
        #expect(request.headers.count == 4)
        #expect(request.headers.single("accept") == "text/html, */*")
        #expect(request.headers.single("USER-AGENT") == "Mozilla/5.0 (X11)")
        #expect(request.headers.tokens("Accept") == ["text/html", "*/*"])
    }

    @Test func headIsAcceptedAndAnEmptyQueryKept() throws {
        let request = try #require(HTTPParse.request("HEAD /healthz? HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(request.method == .head)
        #expect(request.path == "/healthz")
        #expect(request.query == "")
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH", "get", "BREW"])
    func otherMethodsAre405(method: String) {
        #expect(HTTPParse.status("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n") == 405)
    }

    @Test(arguments: [
        "G(T / HTTP/1.1\r\n", "GET  / HTTP/1.1\r\n", "GET / HTTP/1.1 \r\n", " GET / HTTP/1.1\r\n", "GET /\r\n",
        "GET / http/1.1\r\n", "GET / HTTP/1.10\r\n", "GET / HTTP/11\r\n", "GET / HTTP/1.x\r\n", "GET\r\n",
        "GET * HTTP/1.1\r\n", "GET index.html HTTP/1.1\r\n", "GET /a#b HTTP/1.1\r\n", "GET /\u{7F} HTTP/1.1\r\n",
        "GET /é HTTP/1.1\r\n", "GET http:/// HTTP/1.1\r\n", "GET /\tx HTTP/1.1\r\n",
    ])
    func malformedRequestLinesAre400(line: String) {
        #expect(HTTPParse.status(line + "Host: a\r\n\r\n") == 400)
    }

    @Test(arguments: ["HTTP/2.0", "HTTP/0.9", "HTTP/1.2", "HTTP/3.0"])
    func otherVersionsAre505(version: String) {
        #expect(HTTPParse.status("GET / \(version)\r\nHost: a\r\n\r\n") == 505)
    }

    @Test func anAbsoluteFormTargetNamesTheHost() throws {
        let request = try #require(HTTPParse.request("GET HTTP://pets.example:4000/ws?x=1 HTTP/1.1\r\nHost: other\r\n\r\n"))
        #expect(request.path == "/ws")
        #expect(request.query == "x=1")
        #expect(request.host == "pets.example:4000")
        let bare = try #require(HTTPParse.request("GET https://pets.example HTTP/1.1\r\nHost: pets.example\r\n\r\n"))
        #expect(bare.path == "/")
        #expect(bare.host == "pets.example")
    }

    // MARK: Host

    @Test func hostRules() {
        #expect(HTTPParse.status("GET / HTTP/1.1\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost:\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nhOsT: [::1]:4000\r\n\r\n") == 200)
        #expect(HTTPParse.status("GET / HTTP/1.0\r\n\r\n") == 200)
        #expect(HTTPParse.request("GET / HTTP/1.0\r\n\r\n")?.host == "")
        #expect(HTTPParse.status("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n") == 400)
    }

    // MARK: Content

    @Test func contentLengthRules() {
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n") == 200)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 000\r\n\r\n") == 200)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello") == 413)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n") == 413)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n") == 400)
        // Duplicates are refused even when they agree (RFC 9110 section 8.6 allows either).
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0, 0\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\ncontent-length: 5\r\n\r\n") == 400)
    }

    @Test func transferEncodingRules() {
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 411)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n") == 411)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
    }

    // MARK: Line and field syntax

    @Test func lineEndsMustBeCRLF() {
        #expect(HTTPParse.status("GET / HTTP/1.1\nHost: a\n\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\n\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\rHost: a\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") == 400)
        #expect(HTTPParse.status("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n") == 400)
    }

    @Test func fieldSyntax() {
        let start = "GET / HTTP/1.1\r\nHost: a\r\n"
        let folded = HTTPRequestParser.Verdict.reject(.badRequest, reason: "obsolete line folding")
        #expect(HTTPParse.verdicts(start + "X-Folded: a\r\n  b\r\n\r\n") == [folded])
        #expect(HTTPParse.verdicts(start + "X-Folded: a\r\n\tb: c\r\n\r\n") == [folded])
        #expect(HTTPParse.verdicts(start + "X-Space : a\r\n\r\n") == [.reject(.badRequest, reason: "invalid header field name")])
        #expect(HTTPParse.status(start + "X Space: a\r\n\r\n") == 400)
        #expect(HTTPParse.status(start + ": a\r\n\r\n") == 400)
        #expect(HTTPParse.status(start + "No-Colon\r\n\r\n") == 400)
        #expect(HTTPParse.status(start + "X-Ctl: a\u{01}b\r\n\r\n") == 400)
        #expect(HTTPParse.status(start + "X-Del: a\u{7F}\r\n\r\n") == 400)
        #expect(HTTPParse.status(start + "X-Nul: a\u{0}b\r\n\r\n") == 400)
        #expect(HTTPParse.status(start + "X-Tab: a\tb\r\n\r\n") == 200)
        #expect(HTTPParse.status(start + "X-Empty:\r\n\r\n") == 200)
        #expect(HTTPParse.status(start + "X-Odd-But-Token!#$%&'*+.^_`|~: v\r\n\r\n") == 200)
    }

    @Test func aNulInTheRequestLineIs400() {
        #expect(HTTPParse.verdicts(Array("GET /".utf8) + [0] + Array(" HTTP/1.1\r\nHost: a\r\n\r\n".utf8)).first
                == .reject(.badRequest, reason: "NUL in request head"))
    }

    @Test func bytesPast127InAValueAreKeptOneCharacterPerByte() throws {
        let bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: ".utf8) + [0xE9] + Array("\r\n\r\n".utf8)
        guard case .request(let request)? = HTTPParse.verdicts(bytes).first else {
            Issue.record("not accepted")
            return
        }
        #expect(request.headers.single("x-name") == "\u{E9}")
    }

    @Test func emptyLinesBeforeARequestLineAreSkipped() {
        #expect(HTTPParse.status("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == 200)
    }

    // MARK: Connections

    @Test func keepAlive() {
        #expect(HTTPParse.request("GET / HTTP/1.1\r\nHost: a\r\n\r\n")?.keepAlive == true)
        #expect(HTTPParse.request("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Close\r\n\r\n")?.keepAlive == false)
        #expect(HTTPParse.request("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\n\r\n")?.keepAlive == true)
        #expect(HTTPParse.request("GET / HTTP/1.0\r\n\r\n")?.keepAlive == false)
        #expect(HTTPParse.request("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.keepAlive == false)
    }

    @Test func pipelinedRequestsComeOneByOne() {
        let one = "GET /a HTTP/1.1\r\nHost: a\r\n\r\n"
        let verdicts = HTTPParse.verdicts(one + one.replacingOccurrences("/a", "/b") + "GET /c HT")
        #expect(verdicts.count == 2)
        guard case .request(let first) = verdicts[0], case .request(let second) = verdicts[1] else {
            Issue.record("not two requests")
            return
        }
        #expect(first.path == "/a" && second.path == "/b")
    }

    @Test func nothingIsParsedAfterARequestThatClosesTheConnection() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() != .needMore)
        #expect(parser.next() == .needMore)
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() == .needMore)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func aRejectionIsFinal() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\nHost: a\r\n\r\n".utf8))
        let verdict = parser.next()
        #expect(verdict == .reject(.badRequest, reason: "line ended by LF without CR"))
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() == verdict)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func theBytesAfterAnUpgradeAreHandedOver() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /ws HTTP/1.1\r\nHost: a\r\n\r\n".utf8) + [0x81, 0x85])
        guard case .request = parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(parser.takeRemainingBytes() == [0x81, 0x85])
        parser.append([1, 2, 3])
        #expect(parser.next() == .needMore)
        #expect(parser.bufferedByteCount == 0)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
