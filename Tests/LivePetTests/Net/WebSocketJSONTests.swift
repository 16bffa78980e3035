import Foundation
import Testing
@testable import LivePetNet
@testable import LivePetSupport
@testable import LivePetTelnet

/// The byte-level JSON messages (`WebSocketJSON`) say exactly what the `String` way said
/// (`Logger.jsonString`, `GMCP.parse`), at every length form of the frame.
@Suite struct WebSocketJSONTests {
    /// The payload of the one frame in `bytes` (checked whole and final, text, unmasked).
    static func payload(_ bytes: [UInt8]) -> String? {
        guard bytes.count >= 2, bytes[0] == 0x81 else { return nil }
        var length = Int(bytes[1])
        var header = 2
        if length == 126 {
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            header = 4
        } else if length == 127 {
            length = bytes[2..<10].reduce(0) { $0 << 8 | Int($1) }
            header = 10
        }
        guard bytes.count == header + length else { return nil }
        return String(decoding: bytes[header...], as: UTF8.self)
    }

    static let pieces = ["a", "Bob", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1B}[1;31m", "\u{7F}", "\u{80}", "\u{9F}",
                         "\u{A0}", "é", "\u{202A}", "\u{202E}", "\u{202F}", "\u{2066}", "\u{2069}", "\u{206A}", "\u{2029}",
                         "🐱", "日本", "\u{FFFD}", "/", "'"]

    @Test func textIsQuotedAsLoggerJSONStringQuotesIt() {
        var random = SplitMix64(seed: 0x77EB_50C4)
        for round in 0..<2000 {
            // Lengths around each header form: short, 16-bit and (now and then) 64-bit.
            let count = round % 100 == 0 ? 70_000 : Int(random.next() % 300)
            var text = ""
            while text.utf8.count < count { text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }
            var out: [UInt8] = []
            WebSocketOutput.appendMessage("text", text, to: &out)
            #expect(Self.payload(out) == "{\"t\":\"text\",\"d\":\(Logger.jsonString(text))}", "\(text.debugDescription)")
        }
    }

    /// The eight-bytes-at-a-time check agrees with the validator wherever the bad byte is.
    @Test func theQuickUTF8CheckAgreesWithTheValidator() {
        for bad in [[0x80], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xFF], [0xC3, 0xA9]] as [[UInt8]] {
            for position in 0...20 {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: 24)
                bytes.insert(contentsOf: bad, at: position)
                let quick = bytes.withUnsafeBufferPointer { WebSocketJSON.isValidUTF8($0) }
                #expect(quick == UTF8Validator.isValid(bytes), "\(bad) at \(position)")
            }
        }
    }

    @Test func telnetTextThatIsNotUTF8IsRepaired() {
        var out: [UInt8] = []
        WebSocketOutput.appendText(telnet: [0x61, 0xC3, 0x28, 0x0D, 0x0A], to: &out)
        #expect(Self.payload(out) == #"{"t":"text","d":"a\#u{FFFD}(\n"}"#)
    }

    @Test(arguments: ["Room.Info {\"num\":7,\"name\":\"Whiskers' room\"}", "Core.Goodbye", "Char.Name {\"name\":\"Zoë\"}",
                      "Comm.Channel.Text {\"text\":\"\\u001b[1m hi\"}", "A_b.9  [1, 2]", " Lead.Space {}", "Trail.Space {} ",
                      "Pet.Tëst {}", "Bad-Name {}", "Only.Tab\t{}", "", "Room.Info {\"x\":\"\u{00A0}\"}\u{00A0}"])
    func gmcpSaysWhatGMCPParseSays(_ message: String) {
        var fast: [UInt8] = []
        let quick = Array(message.utf8).withUnsafeBufferPointer { WebSocketJSON.appendGMCP($0, to: &fast) }
        var expected: String?
        if let (package, json) = GMCP.parse(Array(message.utf8)) {
            expected = "{\"t\":\"gmcp\",\"p\":\(Logger.jsonString(package)),\"d\":\(json.isEmpty ? "null" : json)}"
        }
        if quick {
            #expect(Self.payload(fast) == expected)
        }
        var telnet: [UInt8] = []
        TelnetOutput.appendSubnegotiation(option: TelnetOption.gmcp, payload: Array(message.utf8), to: &telnet)
        var out: [UInt8] = []
        WebSocketOutput.appendGMCP(telnet: telnet, to: &out)
        #expect((out.isEmpty ? nil : Self.payload(out)) == expected, "\(message.debugDescription)")
    }
}
