/// With `--websocket`: one bench connection's WebSocket (RFC 6455) state, as the web page's
/// client speaks it to LivePet's `/ws`: the upgrade request, then every line a masked text
/// frame; the server's `{"t":"text","d":"..."}` messages turned back into lines for the
/// shared line parser (prompts, echo changes and GMCP messages are not lines, so they go).
final class BenchWebSocket {
    /// Received bytes not yet parsed: the 101's head in part, or a frame in part.
    var held: [UInt8] = []
    /// Scratch: the text of the message being handed on.
    var text: [UInt8] = []
    /// The 101 has been read: what follows are frames.
    var upgraded = false
    /// The frame mask: a client must mask, and the server must unmask every byte.
    let key: [UInt8]

    init(index: Int) {
        key = [0x5A, UInt8(truncatingIfNeeded: index), UInt8(truncatingIfNeeded: index >> 8) | 0x80, 0xC3]
    }

    /// The upgrade request: no `Origin`, as a program (not a page) sends it.
    static func request(host: String, port: UInt16) -> [UInt8] {
        Array(("GET /ws HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
    }

    /// Appends one final, masked frame.
    func appendFrame<Bytes: Collection<UInt8>>(opcode: UInt8, _ payload: Bytes, to out: inout [UInt8]) {
        let count = payload.count
        out.append(0x80 | opcode)
        if count <= 125 {
            out.append(0x80 | UInt8(count))
        } else if count <= 0xFFFF {
            out += [0x80 | 126, UInt8(count >> 8), UInt8(truncatingIfNeeded: count)]
        } else {
            out.append(0x80 | 127)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: count >> shift)) }
        }
        out += key
        var index = 0
        for byte in payload {
            out.append(byte ^ key[index & 3])
            index += 1
        }
    }

    /// What a server frame is to the bench.
    enum Frame {
        /// A text message's payload.
        case text(ArraySlice<UInt8>)
        case ping(ArraySlice<UInt8>)
        case close
        case other
    }

    /// Parses whole frames from `bytes` starting at `offset`; calls `body` for each. Returns
    /// the offset of the first byte of an incomplete frame (to hold), or nil on a frame the
    /// bench cannot take (masked from the server, fragmented, over 16 MiB).
    static func frames(_ bytes: [UInt8], from offset: Int, _ body: (Frame) -> Bool) -> Int? {
        var index = offset
        while bytes.count - index >= 2 {
            let first = bytes[index], second = bytes[index + 1]
            guard first & 0x80 != 0, second & 0x80 == 0 else { return nil }
            var length = Int(second & 0x7F)
            var header = 2
            if length == 126 {
                guard bytes.count - index >= 4 else { break }
                length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
                header = 4
            } else if length == 127 {
                guard bytes.count - index >= 10 else { break }
                length = bytes[(index + 2)..<(index + 10)].reduce(0) { $0 << 8 | Int($1) }
                header = 10
                guard length >= 0, length < 1 << 24 else { return nil }
            }
            guard bytes.count - index >= header + length else { break }
            let payload = bytes[(index + header)..<(index + header + length)]
            let frame: Frame = switch first & 0x0F {
            case 1: .text(payload)
            case 8: .close
            case 9: .ping(payload)
            default: .other
            }
            index += header + length
            guard body(frame) else { return index }
        }
        return index
    }

    /// The text of a `{"t":"text","d":"..."}` message, unescaped into `out`; false for any
    /// other message.
    static func text(of message: ArraySlice<UInt8>, into out: inout [UInt8]) -> Bool {
        let prefix: StaticString = #"{"t":"text","d":""#
        let length = prefix.utf8CodeUnitCount
        guard message.count > length else { return false }
        var index = message.startIndex
        for offset in 0..<length {
            guard message[index] == prefix.utf8Start[offset] else { return false }
            index += 1
        }
        out.removeAll(keepingCapacity: true)
        while index < message.endIndex {
            let byte = message[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return true }
            guard byte == UInt8(ascii: "\\"), index < message.endIndex else {
                out.append(byte)
                continue
            }
            let escape = message[index]
            index += 1
            switch escape {
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(message, at: index) else { return false }
                index += 4
                if (0xD800..<0xDC00).contains(scalar), message.endIndex - index >= 6,
                   message[index] == UInt8(ascii: "\\"), let low = hex4(message, at: index + 2),
                   (0xDC00..<0xE000).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default: out.append(escape)  // \" \\ \/
            }
        }
        return false
    }

    private static func hex4(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32? {
        guard bytes.endIndex - index >= 4 else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            guard let digit = Int(String(UnicodeScalar(byte)), radix: 16) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
