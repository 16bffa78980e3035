import Testing
@testable import LivePetNet
@testable import LivePetSupport

/// The parser's bounds (8 KiB of head, 100 fields), and its verdicts however the bytes are
/// cut: every example split at every byte, and seeded fuzzing.
@Suite struct HTTPRequestParserBoundsTests {
    static let limit = HTTPRequestParser.Limits().maxHeadBytes

    /// A request whose head is `size` bytes, padded in one field.
    static func head(size: Int) -> String {
        let start = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: "
        let end = "\r\n\r\n"
        return start + String(repeating: "p", count: size - start.utf8.count - end.utf8.count) + end
    }

    @Test func aHeadOfExactlyEightKiBPassesAndOneByteMoreIs431() {
        #expect(Self.head(size: Self.limit).utf8.count == 8192)
        #expect(HTTPParse.status(Self.head(size: Self.limit)) == 200)
        #expect(HTTPParse.status(Self.head(size: Self.limit + 1)) == 431)
    }

    @Test func theBoundHoldsByteByByteToo() {
        for size in [Self.limit, Self.limit + 1] {
            let bytes = Array(Self.head(size: size).utf8)
            #expect(HTTPParse.verdicts(bytes, cuts: Array(0..<bytes.count)) == HTTPParse.verdicts(bytes), "size \(size)")
        }
    }

    @Test func aRequestLineLongerThanTheBoundIs414() {
        let line = "GET /" + String(repeating: "a", count: Self.limit) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(HTTPParse.status(line) == 414)
    }

    @Test func aHeadWithoutAnEndIsRefusedAtTheBoundNotLater() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET /".utf8) + [UInt8](repeating: 0x61, count: Self.limit - 6))
        #expect(parser.next() == .needMore)
        #expect(parser.bufferedByteCount == Self.limit - 1)
        parser.append([0x61])
        #expect(parser.next() == .reject(.uriTooLong, reason: "request line longer than 8192 bytes"))
        var fields = HTTPRequestParser()
        fields.append(Array("GET / HTTP/1.1\r\nX: ".utf8) + [UInt8](repeating: 0x61, count: Self.limit))
        #expect(fields.next() == .reject(.requestHeaderFieldsTooLarge, reason: "header section longer than 8192 bytes"))
    }

    @Test func emptyLinesBeforeTheRequestCountTowardsTheBound() {
        let padding = String(repeating: "\r\n", count: Self.limit / 2)
        #expect(HTTPParse.status(padding + "GET / HTTP/1.1\r\nHost: a\r\n\r\n") == 414)
    }

    @Test func aHundredFieldsPassAndOneMoreIs431() {
        func request(fields: Int) -> String {
            "GET / HTTP/1.1\r\nHost: a\r\n" + (1..<fields).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        }
        #expect(HTTPParse.status(request(fields: 100)) == 200)
        #expect(HTTPParse.status(request(fields: 101)) == 431)
    }

    @Test func smallerLimitsAreHonoured() {
        let limits = HTTPRequestParser.Limits(maxHeadBytes: 64, maxHeaderFields: 2)
        let request = "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\r\n"
        #expect(HTTPParse.verdicts(request, limits: limits).count == 1)
        #expect(HTTPParse.verdicts("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\nY: 2\r\n\r\n", limits: limits)
                == [.reject(.requestHeaderFieldsTooLarge, reason: "more than 2 header fields")])
    }

    @Test func keepAliveEndsWithTheLastRequestAllowed() {
        let one = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
        let verdicts = HTTPParse.verdicts(String(repeating: one, count: 4), limits: .init(maxRequests: 3))
        let keepAlive = verdicts.map { verdict -> Bool? in
            guard case .request(let request) = verdict else { return nil }
            return request.keepAlive
        }
        #expect(keepAlive == [true, true, false])
    }

    @Test func whetherARequestIsUnderWay() {
        var parser = HTTPRequestParser()
        #expect(!parser.isInsideRequest)
        parser.append(Array("\r\n".utf8))
        #expect(parser.next() == .needMore)
        #expect(parser.isInsideRequest)
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n".utf8))
        #expect(parser.next() == .needMore)
        #expect(parser.isInsideRequest)
        parser.append(Array("\r\n".utf8))
        #expect(parser.next() != .needMore)
        #expect(!parser.isInsideRequest)
        parser.append(Array("G".utf8))
        #expect(parser.isInsideRequest)
        parser.append(Array("ET / HTTP/1.1\r\n\r\n".utf8))
        #expect(parser.next() != .needMore)
        #expect(!parser.isInsideRequest)
    }

    static let examples: [String] = [
        "GET /ws?x=1 HTTP/1.1\r\nHost: pets.example:4000\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "\r\nHEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /c HTTP/1.1\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
        "GET / HTTP/1.1\nHost: a\n\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: \u{01}\r\n\r\n",
    ]

    @Test(arguments: 0..<examples.count)
    func everySplitPositionGivesTheSameVerdicts(example: Int) {
        let whole = expectSameAnswerForEveryCut(Array(Self.examples[example].utf8)) { HTTPParse.verdicts($0, cuts: $1) }
        #expect(!whole.isEmpty)
    }

    /// Valid requests with random bytes changed, inserted or cut, parsed whole and in random
    /// pieces: the same verdicts, never more than a head's worth held after `.needMore`.
    @Test func fuzz() {
        var random = SplitMix64(seed: 0x9112_0018)
        let alphabet = Array("GETHOST /:.\r\n\t\0 \u{7F}aZ09-,;?#".utf8) + [0x80, 0xFF]
        let limits = HTTPRequestParser.Limits(maxHeadBytes: 256, maxHeaderFields: 8)
        var outcomes: [String: Int] = [:]
        for round in 0..<600 {
            var bytes = Array((0..<(1 + random.below(3))).map { _ in
                Self.examples[random.below(Self.examples.count)]
            }.joined().utf8)
            for _ in 0..<random.below(4) {
                let at = random.below(bytes.count + 1)
                let byte = alphabet[random.below(alphabet.count)]
                switch random.below(3) {
                case 0: if at < bytes.count { bytes[at] = byte }
                case 1: bytes.insert(byte, at: at)
                default: if at < bytes.count { bytes.remove(at: at) }
                }
            }
            if random.below(8) == 0 { bytes += [UInt8](repeating: 0x61, count: random.below(400)) }
            let whole = HTTPParse.verdicts(bytes, limits: limits)
            let cuts = (0..<random.below(8)).map { _ in random.below(bytes.count + 1) }.sorted()
            var parser = HTTPRequestParser(limits: limits)
            var verdicts: [HTTPRequestParser.Verdict] = []
            var from = 0
            pieces: for cut in cuts + [bytes.count] {
                parser.append(bytes[from..<cut])
                from = cut
                while true {
                    let verdict = parser.next()
                    if verdict == .needMore {
                        #expect(parser.bufferedByteCount < limits.maxHeadBytes)
                        break
                    }
                    verdicts.append(verdict)
                    if case .reject = verdict { break pieces }
                }
            }
            #expect(verdicts == whole, "round \(round)")
            for verdict in whole {
                switch verdict {
                case .request: outcomes["request", default: 0] += 1
                case .reject(let status, _): outcomes[String(status.code), default: 0] += 1
                case .needMore: break
                }
            }
        }
        // The mutations reach acceptance and several kinds of rejection.
        #expect(outcomes.count >= 6, "\(outcomes)")
    }
}
