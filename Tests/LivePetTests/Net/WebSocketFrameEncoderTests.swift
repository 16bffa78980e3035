import Testing
@testable import LivePetNet

/// Server frames: unmasked, final, the shortest length form; and what the decoder makes of
/// them once masked as a client would.
@Suite struct WebSocketFrameEncoderTests {
    @Test func theUnmaskedHelloOfRFC6455() {
        #expect(WebSocketFrameEncoder.text("Hello") == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(WebSocketFrameEncoder.ping(Array("Hello".utf8)) == [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(WebSocketFrameEncoder.pong(Array("Hello".utf8)) == [0x8A, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
    }

    @Test(arguments: [
        (0, [UInt8(0x82), 0x00]),
        (125, [0x82, 125]),
        (126, [0x82, 126, 0x00, 126]),
        (256, [0x82, 126, 0x01, 0x00]),
        (65535, [0x82, 126, 0xFF, 0xFF]),
        (65536, [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]),
        (Int(UInt32.max) + 1, [0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0]),
    ])
    func lengthForms(length: Int, header: [UInt8]) {
        #expect(WebSocketFrameEncoder.header(.binary, length: length) == header)
    }

    @Test func aFrameIsItsHeaderAndPayload() {
        let payload = [UInt8](repeating: 0x61, count: 300)
        let frame = WebSocketFrameEncoder.text(String(decoding: payload, as: UTF8.self))
        #expect(frame.count == 4 + 300)
        #expect(frame.prefix(4) == [0x81, 126, 0x01, 0x2C])
        #expect(Array(frame.dropFirst(4)) == payload)
    }

    @Test func closeFrames() {
        #expect(WebSocketFrameEncoder.close(nil) == [0x88, 0x00])
        #expect(WebSocketFrameEncoder.close(.normalClosure) == [0x88, 0x02, 0x03, 0xE8])
        #expect(WebSocketFrameEncoder.close(.messageTooBig, reason: "big") == [0x88, 0x05, 0x03, 0xF1, 0x62, 0x69, 0x67])
    }

    @Test func aLongCloseReasonIsCutAtACharacterBoundary() {
        let frame = WebSocketFrameEncoder.close(.goingAway, reason: String(repeating: "€", count: 60))
        #expect(frame[1] == 2 + 41 * 3)
        #expect(frame.count == 2 + 2 + 123)
        let ascii = WebSocketFrameEncoder.close(.goingAway, reason: String(repeating: "x", count: 200))
        #expect(ascii[1] == 125)
    }

    /// Masked the way a client masks, every server frame decodes to what was encoded.
    @Test func roundTrips() {
        let big = String(repeating: "pet ", count: 20_000)
        let frames = [WebSocketFrameEncoder.text("héllo"), WebSocketFrameEncoder.text(big),
                      WebSocketFrameEncoder.binary([0, 255]), WebSocketFrameEncoder.ping([1, 2, 3]),
                      WebSocketFrameEncoder.pong([]), WebSocketFrameEncoder.close(.goingAway, reason: "bye")]
        var decoder = WebSocketFrameDecoder(maxMessageSize: 1 << 20)
        let events = decoder.decode(frames.flatMap(Self.masked))
        #expect(events == [.text("héllo"), .text(big), .binary([0, 255]), .ping([1, 2, 3]), .pong,
                           .close(.goingAway, reason: "bye")])
    }

    /// A server frame with the mask bit set and a key, as a client would send it.
    static func masked(_ frame: [UInt8]) -> [UInt8] {
        let short = frame[1] & 0x7F
        let headerSize = 2 + (short == 126 ? 2 : short == 127 ? 8 : 0)
        var header = Array(frame.prefix(headerSize))
        header[1] |= 0x80
        let key: [UInt8] = [0xA1, 0xB2, 0xC3, 0xD4]
        let payload = frame.dropFirst(headerSize).enumerated().map { $0.element ^ key[$0.offset % 4] }
        return header + key + payload
    }
}
