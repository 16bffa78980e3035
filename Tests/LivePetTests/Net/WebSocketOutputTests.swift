import Foundation
import Testing
@testable import LivePetNet
@testable import LivePetTelnet

/// What a WebSocket client gets for the telnet-encoded output the session and the broadcasts
/// queue (`WebSocketOutput`, used by `OutboundQueue` in WebSocket mode).
@Suite struct WebSocketOutputTests {
    /// The text messages in `bytes`, which must be whole server frames.
    static func messages(_ bytes: [UInt8]) -> [String] {
        var messages: [String] = []
        var decoder = bytes[...]
        while decoder.count >= 2 {
            #expect(decoder.first == 0x81, "one final text frame, unmasked")
            var length = Int(decoder[decoder.startIndex + 1])
            var header = 2
            if length == 126 {
                length = Int(decoder[decoder.startIndex + 2]) << 8 | Int(decoder[decoder.startIndex + 3])
                header = 4
            }
            let start = decoder.startIndex + header
            messages.append(String(decoding: decoder[start..<(start + length)], as: UTF8.self))
            decoder = decoder[(start + length)...]
        }
        #expect(decoder.isEmpty)
        return messages
    }

    @Test func telnetTextBecomesJSONTextWithItsColoursAndLineEnds() {
        var encoded: [UInt8] = []
        TelnetOutput.appendText("\u{1B}[1;32mBob\u{1B}[0m says, \"hi \\ there\"\n\tok\r\n", to: &encoded)
        var out: [UInt8] = []
        WebSocketOutput.appendText(telnet: encoded, to: &out)
        #expect(Self.messages(out) == [#"{"t":"text","d":"\u001b[1;32mBob\u001b[0m says, \"hi \\ there\"\n\tok\n"}"#])
        // Doubled IAC is one 0xFF (not UTF-8: replaced), other commands go.
        out = []
        WebSocketOutput.appendText(telnet: [0x61, 0xFF, 0xFF, 0x62, 0xFF, 0xF9, 0x0D, 0x0A], to: &out)
        #expect(Self.messages(out) == ["{\"t\":\"text\",\"d\":\"a\u{FFFD}b\\n\"}"])
    }

    @Test func gmcpBecomesAGMCPMessageWithItsJSON() throws {
        var out: [UInt8] = []
        let bytes = GMCP.encode("Room.Info", #"{"num":7,"name":"Whiskers' room"}"#) + GMCP.encode("Core.Goodbye", "")
        WebSocketOutput.appendGMCP(telnet: bytes, to: &out)
        #expect(Self.messages(out) == [#"{"t":"gmcp","p":"Room.Info","d":{"num":7,"name":"Whiskers' room"}}"#,
                                      #"{"t":"gmcp","p":"Core.Goodbye","d":null}"#])
        for message in Self.messages(out) {
            _ = try JSONSerialization.jsonObject(with: Data(message.utf8))
        }
    }

    @Test func promptsAndEchoAreTheirOwnMessages() {
        var queue = OutboundQueue(cap: 4096)
        queue.startWebSocket()
        queue.appendPrompt("[Lobby] > ")
        queue.setEchoHidden(true)
        queue.setEchoHidden(true)
        queue.setEchoHidden(false)
        queue.appendGoodbye([])
        let frames = queue.pending
        let close = WebSocketFrameEncoder.close(.normalClosure)
        #expect(Array(frames.suffix(close.count)) == close)
        #expect(Self.messages(Array(frames.dropLast(close.count))) == [#"{"t":"prompt","d":"[Lobby] > "}"#,
                                                                       #"{"t":"echo","d":false}"#, #"{"t":"echo","d":true}"#])
    }
}
