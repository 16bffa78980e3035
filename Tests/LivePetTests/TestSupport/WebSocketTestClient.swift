import Foundation
import Synchronization

/// A browser's WebSocket connection for the end-to-end tests: a raw `TestClient` that sends
/// the `/ws` handshake and masked frames (`ClientFrame`) and reads the server's frames (text
/// messages as strings) from its raw bytes.
final class WebSocketTestClient: Sendable {
    let client: TestClient
    /// Where the frames start in the raw bytes (after the 101's head).
    private let start: Int
    /// Messages already taken by `next`.
    private let taken = Mutex(0)

    private init(client: TestClient, start: Int) {
        self.client = client
        self.start = start
    }

    /// Connects to `server` (as `options` say: an attacker's come from elsewhere and read only
    /// while the test waits), upgrades to WebSocket and checks the 101.
    static func open(_ server: TestServer, origin: String? = nil, options: TestClient.Options? = nil) async throws -> WebSocketTestClient {
        let client: TestClient
        if let options {
            client = try await TestClient.connect(port: server.port, options)
        } else {
            client = try await server.connect()
        }
        let origin = origin ?? "http://127.0.0.1:\(server.port)"
        try await client.sendBytes(Array(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\nOrigin: \(origin)\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n").utf8))
        let end = try await client.waitForRaw(Array("\r\n\r\n".utf8)) + 4
        let head = String(decoding: client.rawReceived[..<end], as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 101 "), head.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") else {
            throw TestClientError("no WebSocket upgrade: \(head.debugDescription)")
        }
        return WebSocketTestClient(client: client, start: end)
    }

    /// One line of input, as the page sends it.
    func send(_ line: String) async throws {
        try await client.sendBytes(ClientFrame.text(line))
    }

    /// The server's complete frames so far: opcode and payload.
    static func frames(_ raw: ArraySlice<UInt8>) -> [(opcode: UInt8, payload: [UInt8])] {
        var frames: [(opcode: UInt8, payload: [UInt8])] = []
        var index = raw.startIndex
        while raw.endIndex - index >= 2 {
            var length = Int(raw[index + 1] & 0x7F)
            var header = 2
            if length == 126 {
                guard raw.endIndex - index >= 4 else { break }
                length = Int(raw[index + 2]) << 8 | Int(raw[index + 3])
                header = 4
            } else if length == 127 {
                guard raw.endIndex - index >= 10 else { break }
                length = raw[(index + 2)..<(index + 10)].reduce(0) { $0 << 8 | Int($1) }
                header = 10
            }
            guard raw.endIndex - index >= header + length else { break }
            frames.append((raw[index] & 0x0F, Array(raw[(index + header)..<(index + header + length)])))
            index += header + length
        }
        return frames
    }

    /// Every frame received so far (after the 101).
    var allFrames: [(opcode: UInt8, payload: [UInt8])] {
        Self.frames(client.rawReceived[start...])
    }

    /// The code of the close frame the server sent last (nil: none, or one without a code).
    var closeCode: UInt16? {
        guard let close = allFrames.last(where: { $0.opcode == 8 }), close.payload.count >= 2 else { return nil }
        return UInt16(close.payload[0]) << 8 | UInt16(close.payload[1])
    }

    /// Every text message received so far.
    var messages: [String] {
        Self.frames(client.rawReceived[start...]).filter { $0.opcode == 1 }.map { String(decoding: $0.payload, as: UTF8.self) }
    }

    /// Waits for the next text message (after those taken) that `predicate` accepts; takes
    /// every message up to it.
    @discardableResult
    func next(_ what: String, timeout: Duration = .seconds(5),
              where predicate: @escaping @Sendable (String) -> Bool) async throws -> String {
        let start = start
        let from = taken.withLock { $0 }
        let match: @Sendable (ArraySlice<UInt8>) -> Int? = { raw in
            let texts = Self.frames(raw[start...]).filter { $0.opcode == 1 }.map { String(decoding: $0.payload, as: UTF8.self) }
            guard from < texts.count else { return nil }
            return texts[from...].firstIndex(where: predicate)
        }
        do {
            try await client.waitUntil(what, timeout: timeout) { match($0.raw[...]) != nil }
        } catch {
            throw TestClientError("\(error); messages: \(messages[from...])")
        }
        let index = match(client.rawReceived[...])!
        taken.withLock { $0 = index + 1 }
        return messages[index]
    }

    /// The JSON object of a message.
    static func object(_ message: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any] else {
            throw TestClientError("not a JSON object: \(message)")
        }
        return object
    }
}
