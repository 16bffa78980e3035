import Testing
@testable import LivePetNet
@testable import LivePetSupport

/// The decoder's verdicts depend on the bytes, not on how reads cut them: every example split
/// at every byte, and seeded fuzzing with random cuts, random frames and random bytes.
@Suite struct WebSocketFrameDecoderSplitTests {
    typealias Frame = ClientFrame

    /// Streams that together reach every state and every error.
    static let streams: [[UInt8]] = [
        [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58],
        Frame.text("Hel", fin: false) + Frame.ping([1, 2]) + Frame.continuation(Array("lo".utf8)) + Frame.close(1000, Array("ok".utf8)),
        Frame.make(0x1, [0x41, 0xE2], fin: false) + Frame.continuation([0x82, 0xAC]) + Frame.binary([0xFF, 0x00]),
        Frame.binary((0..<300).map { UInt8(truncatingIfNeeded: $0) }) + Frame.make(0x1, Array("long form".utf8), form: 64),
        Frame.text("a") + Frame.make(0x1, [0x61], masked: false),
        Frame.make(0x1, [0x61, 0xED, 0xA0, 0x80, 0x61]),
        Frame.text("x") + Frame.make(0x2, [], length: 1 << 20),
        Frame.pong([9]) + Frame.make(0x8, [0x03]),
        Frame.text("y") + Frame.make(0x9, [], fin: false),
        Frame.text("z") + Frame.make(0x1, [], rsv: 4),
        Frame.close(nil) + Frame.text("ignored"),
    ]

    @Test(arguments: 0..<streams.count)
    func everySplitPositionGivesTheSameEvents(stream: Int) {
        let whole = expectSameAnswerForEveryCut(Self.streams[stream]) { Frame.decode($0, cuts: $1) }
        #expect(!whole.isEmpty)
    }

    @Test func theExpectedEventsForEachStream() {
        let expected: [[WebSocketEvent]] = [
            [.text("Hello")],
            [.ping([1, 2]), .text("Hello"), .close(.normalClosure, reason: "ok")],
            [.text("A€"), .binary([0xFF, 0x00])],
            [.binary((0..<300).map { UInt8(truncatingIfNeeded: $0) }), .text("long form")],
            [.text("a"), .protocolError(.protocolError)],
            [.protocolError(.invalidPayload)],
            [.text("x"), .protocolError(.messageTooBig)],
            [.pong, .protocolError(.protocolError)],
            [.text("y"), .protocolError(.protocolError)],
            [.text("z"), .protocolError(.protocolError)],
            [.close(nil, reason: "")],
        ]
        #expect(Self.streams.map { Frame.decode($0) } == expected)
    }

    /// Random frames (valid and not), random garbage, random cuts: never a crash, the same
    /// events however the bytes are cut, at most one error and nothing after it, and never
    /// more held than a header, a control payload and a message.
    @Test func fuzz() {
        var random = SplitMix64(seed: 0xF022_6455)
        let limit = 4096
        for round in 0..<400 {
            var stream: [UInt8] = []
            for _ in 0..<(1 + random.below(8)) {
                stream += Self.randomFrame(&random, limit: limit)
            }
            if random.below(4) == 0 {
                for _ in 0..<random.below(4) where !stream.isEmpty {
                    stream[random.below(stream.count)] = UInt8(truncatingIfNeeded: random.next())
                }
            }
            let whole = Frame.decode(stream, maxMessageSize: limit)
            var cuts = (0..<random.below(6)).map { _ in random.below(stream.count + 1) }
            cuts.sort()
            var decoder = WebSocketFrameDecoder(maxMessageSize: limit)
            var events: [WebSocketEvent] = []
            var from = 0
            for cut in cuts + [stream.count] {
                events += decoder.decode(stream[from..<cut])
                #expect(decoder.bufferedByteCount <= 14 + 125 + limit)
                from = cut
            }
            #expect(events == whole, "round \(round)")
            let endings = whole.enumerated().filter {
                switch $0.element {
                case .protocolError, .close: return true
                default: return false
                }
            }
            #expect(endings.count <= 1 && (endings.first?.offset ?? whole.count - 1) == whole.count - 1, "round \(round)")
        }
    }

    static func randomFrame(_ random: inout SplitMix64, limit: Int) -> [UInt8] {
        let opcodes: [UInt8] = [0x0, 0x1, 0x1, 0x2, 0x2, 0x8, 0x9, 0xA, 0x3, 0xB]
        let opcode = opcodes[random.below(opcodes.count)]
        let size = [0, 1, 5, 125, 126, 200, limit, limit + 1][random.below(8)]
        var payload = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        if opcode == 0x1 || random.below(2) == 0 {
            payload = payload.map { $0 & 0x7F }
        }
        let key = (0..<4).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let fin = random.below(3) != 0
        let masked = random.below(20) != 0
        let rsv: UInt8 = random.below(20) == 0 ? 1 : 0
        let form: Int? = random.below(10) == 0 ? 64 : nil
        var bytes = Frame.make(opcode, payload, fin: fin, masked: masked, rsv: rsv, key: key, form: form)
        if random.below(10) == 0 {
            bytes = (0..<random.below(20)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        return bytes
    }
}
