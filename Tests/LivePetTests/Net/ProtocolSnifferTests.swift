import Testing
@testable import LivePetNet

/// Telling TLS and HTTP clients from telnet clients by their first bytes.
@Suite struct ProtocolSnifferTests {
    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", ProtocolSniffer.Verdict.http),
        ("POST /login HTTP/1.0\n", .http),
        ("HEAD /index.html HTTP/1.1\r\n", .http),
        ("CONNECT example.com:443 HTTP/1.1\r\n", .http),
        ("PRI * HTTP/2.0\r\n", .http),
        ("GET / HTTP/1.1", .undecided),
        ("GE", .undecided),
        ("OPTIONS ", .undecided),
        ("connect alice secret\r\n", .telnet),
        ("CONNECT alice secret\r\n", .telnet),
        ("GET ME A PET\r\n", .telnet),
        ("Alice\r\n", .telnet),
        ("guest\r\n", .telnet),
        ("GETTING\r\n", .telnet),
        ("", .undecided),
    ])
    func textVerdicts(input: String, expected: ProtocolSniffer.Verdict) {
        #expect(ProtocolSniffer.classify(Array(input.utf8)) == expected)
    }

    @Test func tlsClientHelloIsRecognisedFromThreeBytes() {
        #expect(ProtocolSniffer.classify([0x16]) == .undecided)
        #expect(ProtocolSniffer.classify([0x16, 0x03]) == .undecided)
        #expect(ProtocolSniffer.classify([0x16, 0x03, 0x01, 0x02, 0x00]) == .tls)
        #expect(ProtocolSniffer.classify([0x16, 0x03, 0x03]) == .tls)
        #expect(ProtocolSniffer.classify([0x16, 0x41]) == .telnet)
        #expect(ProtocolSniffer.classify([0x16, 0x03, 0x09]) == .telnet)
    }

    @Test func telnetCommandsAndBinaryAreTelnet() {
        #expect(ProtocolSniffer.classify([255, 251, 24]) == .telnet)
        #expect(ProtocolSniffer.classify([0x80, 0x01]) == .telnet)
    }

    /// Decided once it is that long: HTTP (a browser with a long URL, answered by the HTTP
    /// stage, 414 past its limit), not telnet bytes and a MOTD.
    @Test func anEndlessRequestLineIsNotWaitedOnForever() {
        let long = Array("GET /".utf8) + Array(repeating: UInt8(ascii: "a"), count: ProtocolSniffer.maxRequestLine)
        #expect(ProtocolSniffer.classify(Array(long.prefix(ProtocolSniffer.maxRequestLine - 1))) == .undecided)
        #expect(ProtocolSniffer.classify(long) == .http)
        #expect(ProtocolSniffer.classify(Array("GETX".utf8) + Array(long.dropFirst(4))) == .telnet)
    }

    @Test func theHTTPAnswerIsAWellFormedResponse() {
        let response = ProtocolSniffer.httpResponse
        #expect(response.hasPrefix("HTTP/1.0 400 Bad Request\r\n"))
        let parts = response.components(separatedBy: "\r\n\r\n")
        #expect(parts.count == 2)
        #expect(parts[0].contains("Content-Length: \(parts[1].utf8.count)"))
        #expect(parts[1].contains("telnet"))
    }
}
