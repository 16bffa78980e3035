import Foundation
import Synchronization
import Testing
@testable import LivePetNet
@testable import LivePetSession

/// Hostile browsers (issue 18): requests and WebSocket frames that break the rules, against a
/// server with its production limits, each over a real socket from another loopback address
/// while two telnet players in the Lobby keep talking (every say heard promptly) and the
/// server's memory stays bounded.
@Suite(.serialized) struct WebSocketHostileTests {
    static func head(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// Sends `request` from `source` and returns everything until the server closes (nil if it
    /// did not within 5 s).
    static func answer(_ server: TestServer, _ request: [UInt8], from source: String) async throws -> String? {
        let client = try await TestClient.connect(port: server.port, .hostile(from: source))
        await client.write(request)
        let (bytes, closed) = await client.read(timeout: .seconds(5))
        client.close()
        return closed ? String(decoding: bytes, as: UTF8.self) : nil
    }

    @Test func oversizedRequestHeadsAre431Or414AndClosed() async throws {
        try await WebAbuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server)
            let answers = Mutex<[String?]>([])
            try await WebAbuse.whileAttacking(bystanders) {
                let host = "Host: 127.0.0.1:\(server.port)"
                // A field of 9 KiB; a head of 200 short fields (~9 KiB, more than 100 fields);
                // a request line of 9 KiB; and 1 MiB of fields that never end.
                let requests: [[UInt8]] = [
                    Self.head(["GET /ws HTTP/1.1", host, "X-Pad: " + String(repeating: "a", count: 9 * 1024)]),
                    Self.head(["GET / HTTP/1.1", host] + (0..<200).map { "X-\($0): \(String(repeating: "b", count: 40))" }),
                    Self.head(["GET /" + String(repeating: "c", count: 9 * 1024) + " HTTP/1.1", host]),
                    Array("GET / HTTP/1.1\r\n\(host)\r\n".utf8) + Array(repeating: UInt8(ascii: "d"), count: 1 << 20),
                ]
                for request in requests {
                    let answer = try await Self.answer(server, request, from: "127.0.0.2")
                    answers.withLock { $0.append(answer) }
                }
            }
            let got = answers.withLock { $0 }
            #expect(got.count == 4)
            #expect(got[0]?.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n") == true, "\(String(describing: got[0]?.prefix(80)))")
            #expect(got[1]?.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n") == true, "\(String(describing: got[1]?.prefix(80)))")
            #expect(got[2]?.hasPrefix("HTTP/1.1 414 URI Too Long\r\n") == true, "\(String(describing: got[2]?.prefix(300).debugDescription))")
            #expect(got[3]?.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n") == true, "\(String(describing: got[3]?.prefix(80)))")
            for answer in got { #expect(answer?.contains("Connection: close\r\n") == true) }
            try await server.waitUntil("the attacker's connections are released") {
                server.services.gate.openConnections(from: "127.0.0.2") == 0
            }
            Abuse.expectBoundedMemory(since: memory, "oversized request heads")
        }
    }

    /// A message over the limit is refused from the header that would take it there, before
    /// its payload: a frame claiming 2^63 - 1 bytes gets its 1009 with no payload sent at all.
    @Test func oversizedFramesAndMessagesClose1009FromTheirHeader() async throws {
        try await WebAbuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server)
            let limit = server.config.limits.maxPendingBytes
            let codes = Mutex<[UInt16?]>([])
            try await WebAbuse.whileAttacking(bystanders) {
                let attacks: [[UInt8]] = [
                    // Headers only: 2^63 - 1, 2^32, 64 KiB + 1 (the issue's limit), the server's limit + 1.
                    ClientFrame.make(0x1, length: UInt64(Int64.max)),
                    ClientFrame.make(0x2, length: 1 << 32),
                    ClientFrame.make(0x1, length: 64 * 1024 + 1),
                    ClientFrame.make(0x1, length: UInt64(limit + 1)),
                    // Fragments each within the limit, together past it.
                    ClientFrame.text(String(repeating: "a", count: limit / 2), fin: false)
                        + ClientFrame.continuation(Array(repeating: UInt8(ascii: "b"), count: limit / 2), fin: false)
                        + ClientFrame.continuation([UInt8(ascii: "c")]),
                    // 64 KiB of payload actually sent after a header claiming 1 MiB.
                    ClientFrame.make(0x1, Array(repeating: UInt8(ascii: "e"), count: 64 * 1024), length: 1 << 20),
                ]
                for attack in attacks {
                    let code = try await WebAbuse.closeCode(server, after: attack)
                    codes.withLock { $0.append(code) }
                }
            }
            #expect(codes.withLock { $0 } == Array(repeating: 1009, count: 6))
            // 2^63 is not a length at all: the top bit of the 64-bit form must be 0 (1002).
            #expect(try await WebAbuse.closeCode(server, after: ClientFrame.make(0x1, length: 1 << 63)) == 1002)
            try await server.waitUntil("the attacker's connections are released") {
                server.services.gate.openConnections(from: "127.0.0.2") == 0
            }
            Abuse.expectBoundedMemory(since: memory, "oversized frames")
        }
    }

    @Test func framesThatBreakTheProtocolClose1002() async throws {
        try await WebAbuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server)
            let codes = Mutex<[String: UInt16?]>([:])
            try await WebAbuse.whileAttacking(bystanders) {
                let attacks: [(String, [UInt8])] = [
                    ("unmasked text", ClientFrame.make(0x1, Array("say hi".utf8), masked: false)),
                    ("unmasked ping", ClientFrame.make(0x9, masked: false)),
                    ("fragmented ping", ClientFrame.make(0x9, Array("a".utf8), fin: false) + ClientFrame.continuation(Array("b".utf8))),
                    ("ping of 126 bytes", ClientFrame.make(0x9, Array(repeating: 7, count: 126))),
                    ("close of 200 bytes", ClientFrame.make(0x8, [0x03, 0xE8] + Array(repeating: UInt8(ascii: "x"), count: 198))),
                    ("continuation without a start", ClientFrame.continuation(Array("say hi".utf8))),
                    ("text inside a fragmented text", ClientFrame.text("say ", fin: false) + ClientFrame.text("hi")),
                    ("reserved bit", ClientFrame.make(0x1, Array("say hi".utf8), rsv: 4)),
                    ("reserved opcode", ClientFrame.make(0x3, Array("say hi".utf8))),
                ]
                for (name, attack) in attacks {
                    let code = try await WebAbuse.closeCode(server, after: attack, from: "127.0.0.3")
                    codes.withLock { $0[name] = code }
                }
            }
            for (name, code) in codes.withLock({ $0 }) {
                #expect(code == 1002, "\(name): \(String(describing: code))")
            }
            #expect(codes.withLock { $0.count } == 9)
            // Nothing of it reached the room.
            #expect(bystanders.listener.rawReceived.index(of: Array("says, \"hi\"".utf8)) == nil)
            try await server.waitUntil("the attacker's connections are released") {
                server.services.gate.openConnections(from: "127.0.0.3") == 0
            }
            Abuse.expectBoundedMemory(since: memory, "protocol violations")
        }
    }

    @Test func badUTF8Closes1007WholeOrSplitAcrossFragments() async throws {
        try await WebAbuse.run { server in
            let memory = ResidentMemory.bytes()
            let bystanders = try await WebAbuse.bystanders(server)
            let codes = Mutex<[UInt16?]>([])
            try await WebAbuse.whileAttacking(bystanders) {
                let say = Array("say caf".utf8)
                let attacks: [[UInt8]] = [
                    // A lone continuation byte; an overlong "/"; a surrogate; past U+10FFFF.
                    ClientFrame.make(0x1, say + [0x80]),
                    ClientFrame.make(0x1, say + [0xC0, 0xAF]),
                    ClientFrame.make(0x1, say + [0xED, 0xA0, 0x80]),
                    ClientFrame.make(0x1, say + [0xF4, 0x90, 0x80, 0x80]),
                    // A three-byte character whose last byte, in the next fragment, is not one.
                    ClientFrame.make(0x1, say + [0xE2, 0x82], fin: false) + ClientFrame.continuation([0x28]),
                    // A character cut short by the end of the message.
                    ClientFrame.make(0x1, say + [0xE2, 0x82], fin: false) + ClientFrame.continuation([]),
                    // The bad byte alone in a fragment that never ends: refused as it arrives.
                    ClientFrame.make(0x1, say, fin: false) + ClientFrame.make(0x0, [0xFF, 0x61], fin: false),
                ]
                for attack in attacks {
                    let code = try await WebAbuse.closeCode(server, after: attack, from: "127.0.0.4")
                    codes.withLock { $0.append(code) }
                }
            }
            #expect(codes.withLock { $0 } == Array(repeating: 1007, count: 7))
            #expect(bystanders.listener.rawReceived.index(of: Array("says, \"caf".utf8)) == nil)
            // A character split across fragments (and a ping between them) is fine.
            let web = try await WebAbuse.attacker(server, from: "127.0.0.4")
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            try await web.send("guest")
            try await web.next("the lobby prompt") { $0 == #"{"t":"prompt","d":"[Lobby] > "}"# }
            await web.client.write(ClientFrame.make(0x1, Array("say caf".utf8) + [0xC3], fin: false) + ClientFrame.ping()
                + ClientFrame.continuation([0xA9, UInt8(ascii: "!")]))
            try await bystanders.listener.readUntil(" says, \"café!\"\n")
            web.client.close()
            Abuse.expectBoundedMemory(since: memory, "bad UTF-8")
        }
    }
}
