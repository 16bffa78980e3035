import Testing
@testable import LivePetNet

/// Decoding clients' frames: RFC 6455's examples, lengths, fragmentation, control frames,
/// close frames and every protocol error.
@Suite struct WebSocketFrameDecoderTests {
    typealias Frame = ClientFrame

    // MARK: RFC 6455 section 5.7

    @Test func aSingleFrameMaskedTextMessage() {
        let bytes: [UInt8] = [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58]
        #expect(Frame.decode(bytes) == [.text("Hello")])
    }

    @Test func theUnmaskedExamplesAreRefusedFromAClient() {
        #expect(Frame.decode([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]) == [.protocolError(.protocolError)])
        #expect(Frame.decode([0x01, 0x03, 0x48, 0x65, 0x6C]) == [.protocolError(.protocolError)])
        #expect(Frame.decode([0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F]) == [.protocolError(.protocolError)])
    }

    @Test func theFragmentedExampleMasked() {
        let bytes = Frame.make(0x1, Array("Hel".utf8), fin: false) + Frame.make(0x0, Array("lo".utf8))
        #expect(bytes.prefix(2) == [0x01, 0x83])
        #expect(Frame.decode(bytes) == [.text("Hello")])
    }

    @Test func thePingAndPongExamplesMasked() {
        let hello = Array("Hello".utf8)
        #expect(Frame.decode(Frame.ping(hello)) == [.ping(hello)])
        #expect(Frame.decode(Frame.pong(hello)) == [.pong])
    }

    @Test func twoHundredFiftySixBytesWithASixteenBitLength() {
        let payload = (0..<256).map { UInt8($0) }
        let bytes = Frame.binary(payload)
        #expect(bytes.prefix(4) == [0x82, 0xFE, 0x01, 0x00])
        #expect(Frame.decode(bytes) == [.binary(payload)])
    }

    @Test func sixtyFourKiBWithASixtyFourBitLength() {
        let payload = (0..<65536).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let bytes = Frame.binary(payload)
        #expect(bytes.prefix(10) == [0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(Frame.decode(bytes) == [.binary(payload)])
    }

    // MARK: Lengths

    @Test func lengthFormsNeedNotBeMinimal() {
        let hi = Array("hi".utf8)
        #expect(Frame.decode(Frame.make(0x1, hi, form: 16)) == [.text("hi")])
        #expect(Frame.decode(Frame.make(0x1, hi, form: 64)) == [.text("hi")])
    }

    @Test func emptyMessagesAndFrames() {
        #expect(Frame.decode(Frame.text("")) == [.text("")])
        #expect(Frame.decode(Frame.binary([])) == [.binary([])])
        let fragments = Frame.text("", fin: false) + Frame.continuation([], fin: false) + Frame.continuation([])
        #expect(Frame.decode(fragments) == [.text("")])
    }

    @Test func aMessageOfExactlyTheLimitPassesAndOneMoreByteDoesNot() {
        let limit = WebSocketFrameDecoder.defaultMaxMessageSize
        #expect(Frame.decode(Frame.binary([UInt8](repeating: 1, count: limit))).count == 1)
        #expect(Frame.decode(Frame.binary([UInt8](repeating: 1, count: limit + 1))) == [.protocolError(.messageTooBig)])
    }

    @Test func anOversizedFrameIsRefusedFromItsHeaderAlone() {
        var decoder = WebSocketFrameDecoder()
        let header = Frame.make(0x2, [], length: 256 * 1024)
        #expect(header.count == 14)
        #expect(decoder.decode(header.prefix(9)) == [])
        #expect(decoder.decode(header.dropFirst(9).prefix(1)) == [.protocolError(.messageTooBig)])
        #expect(decoder.isDone)
        #expect(decoder.decode([UInt8](repeating: 0, count: 1000)) == [])
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func aTwoHundredFiftySixKiBFrameDecodesUnderALargerLimit() {
        let payload = (0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0) }
        #expect(Frame.decode(Frame.binary(payload), maxMessageSize: 1 << 20) == [.binary(payload)])
    }

    @Test func hugeSixtyFourBitLengthsDoNotOverflow() {
        #expect(Frame.decode(Frame.make(0x2, [], length: UInt64(Int64.max))) == [.protocolError(.messageTooBig)])
        #expect(Frame.decode(Frame.make(0x2, [], length: UInt64(UInt32.max) + 1)) == [.protocolError(.messageTooBig)])
        // The most significant bit must be 0.
        #expect(Frame.decode(Frame.make(0x2, [], length: UInt64.max)) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.make(0x2, [], length: 1 << 63)) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.make(0x2, [], length: UInt64.max), maxMessageSize: Int.max) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.make(0x2, [], length: UInt64(Int64.max)), maxMessageSize: Int.max) == [])
    }

    @Test func theLimitCountsEveryFragment() {
        let piece = [UInt8](repeating: 7, count: 40 * 1024)
        let bytes = Frame.binary(piece, fin: false) + Frame.continuation(piece)
        #expect(Frame.decode(bytes) == [.protocolError(.messageTooBig)])
        let fits = Frame.binary(piece, fin: false) + Frame.continuation(Array(piece.prefix(24 * 1024)))
        #expect(Frame.decode(fits) == [.binary(piece + piece.prefix(24 * 1024))])
    }

    // MARK: Protocol errors

    @Test(arguments: [UInt8(1), 2, 4, 7])
    func reservedBitsAreErrors(rsv: UInt8) {
        #expect(Frame.decode(Frame.make(0x1, Array("x".utf8), rsv: rsv)) == [.protocolError(.protocolError)])
    }

    @Test(arguments: [UInt8(3), 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF])
    func reservedOpcodesAreErrors(opcode: UInt8) {
        #expect(Frame.decode(Frame.make(opcode, [])) == [.protocolError(.protocolError)])
    }

    @Test func controlFramesAreShortAndWhole() {
        #expect(Frame.decode(Frame.ping([UInt8](repeating: 1, count: 125))) == [.ping([UInt8](repeating: 1, count: 125))])
        #expect(Frame.decode(Frame.ping([UInt8](repeating: 1, count: 126))) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.make(0x9, [], form: 16)) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.make(0x9, [], fin: false)) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.make(0xA, [], fin: false)) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.make(0x8, [], fin: false)) == [.protocolError(.protocolError)])
    }

    @Test func continuationsBelongToAMessage() {
        #expect(Frame.decode(Frame.continuation(Array("lo".utf8))) == [.protocolError(.protocolError)])
        let interrupted = Frame.text("Hel", fin: false) + Frame.text("lo")
        #expect(Frame.decode(interrupted) == [.protocolError(.protocolError)])
        let binaryInText = Frame.text("Hel", fin: false) + Frame.binary([1])
        #expect(Frame.decode(binaryInText) == [.protocolError(.protocolError)])
        // After a message's final frame, a continuation starts nothing.
        #expect(Frame.decode(Frame.text("Hello") + Frame.continuation([])) == [.text("Hello"), .protocolError(.protocolError)])
    }

    @Test func controlFramesMayComeBetweenFragments() {
        let bytes = Frame.text("Hel", fin: false) + Frame.ping([9]) + Frame.continuation([], fin: false)
            + Frame.pong() + Frame.continuation(Array("lo".utf8))
        #expect(Frame.decode(bytes) == [.ping([9]), .pong, .text("Hello")])
    }

    @Test func nothingAfterAnErrorIsDecoded() {
        var decoder = WebSocketFrameDecoder()
        #expect(decoder.decode(Frame.make(0x1, [], masked: false) + Frame.text("later")) == [.protocolError(.protocolError)])
        #expect(decoder.decode(Frame.text("still later")) == [])
    }

    @Test func eachMaskingKeyIsHonoured() {
        let key: [UInt8] = [0xFF, 0x00, 0xA5, 0x5A]
        #expect(Frame.decode(Frame.make(0x1, Array("masked text".utf8), key: key)) == [.text("masked text")])
        #expect(Frame.decode(Frame.make(0x1, Array("zero key".utf8), key: [0, 0, 0, 0])) == [.text("zero key")])
    }

    // MARK: Close frames

    @Test func closeFrames() {
        #expect(Frame.decode(Frame.close(nil)) == [.close(nil, reason: "")])
        #expect(Frame.decode(Frame.close(1000)) == [.close(.normalClosure, reason: "")])
        #expect(Frame.decode(Frame.close(1001, Array("bye ✓".utf8))) == [.close(.goingAway, reason: "bye ✓")])
        #expect(Frame.decode(Frame.make(0x8, [0x03])) == [.protocolError(.protocolError)])
        #expect(Frame.decode(Frame.close(1000, [0xC0, 0x80])) == [.protocolError(.invalidPayload)])
    }

    @Test(arguments: [UInt16(1000), 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999])
    func validCloseCodes(code: UInt16) {
        #expect(Frame.decode(Frame.close(code)) == [.close(WebSocketCloseCode(code), reason: "")])
    }

    @Test(arguments: [UInt16(0), 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535])
    func invalidCloseCodes(code: UInt16) {
        #expect(Frame.decode(Frame.close(code)) == [.protocolError(.protocolError)])
    }

    @Test func nothingAfterACloseIsDecoded() {
        var decoder = WebSocketFrameDecoder()
        #expect(decoder.decode(Frame.text("a") + Frame.close(1000) + Frame.text("b")) == [.text("a"), .close(.normalClosure, reason: "")])
        #expect(decoder.isDone)
        #expect(decoder.decode(Frame.text("c")) == [])
    }

    @Test func aCloseInTheMiddleOfAMessageDropsIt() {
        var decoder = WebSocketFrameDecoder()
        #expect(decoder.decode(Frame.text("Hel", fin: false) + Frame.close(nil)) == [.close(nil, reason: "")])
        #expect(decoder.bufferedByteCount == 0)
    }

    // MARK: UTF-8 in text messages

    @Test func invalidTextIsRefusedButBinaryIsNot() {
        #expect(Frame.decode(Frame.make(0x1, [0x48, 0xC0, 0xAF])) == [.protocolError(.invalidPayload)])
        #expect(Frame.decode(Frame.make(0x2, [0x48, 0xC0, 0xAF])) == [.binary([0x48, 0xC0, 0xAF])])
    }

    @Test func aCodePointMaySpanFragments() {
        let euro: [UInt8] = [0xE2, 0x82, 0xAC]
        let bytes = Frame.make(0x1, [0x41, euro[0]], fin: false) + Frame.continuation([euro[1]], fin: false)
            + Frame.continuation([euro[2], 0x42])
        #expect(Frame.decode(bytes) == [.text("A€B")])
    }

    @Test func aMessageMayNotEndInsideACodePoint() {
        let bytes = Frame.make(0x1, [0x41, 0xE2, 0x82], fin: false) + Frame.continuation([])
        #expect(Frame.decode(bytes) == [.protocolError(.invalidPayload)])
        #expect(Frame.decode(Frame.make(0x1, [0xF0, 0x9F, 0x98])) == [.protocolError(.invalidPayload)])
    }

    @Test func badUTF8IsReportedBeforeTheMessageEnds() {
        var decoder = WebSocketFrameDecoder()
        // A first fragment with a surrogate, its final fragment never sent.
        #expect(decoder.decode(Frame.make(0x1, [0x61, 0xED, 0xA0, 0x80], fin: false)) == [.protocolError(.invalidPayload)])
        // The bad byte is reported before the frame's own end arrives.
        var partial = WebSocketFrameDecoder()
        let frame = Frame.make(0x1, [0x61, 0xFF] + [UInt8](repeating: 0x61, count: 100))
        #expect(partial.decode(frame.prefix(9)) == [.protocolError(.invalidPayload)])
    }
}
