/// Encodes the server's WebSocket frames (RFC 6455 section 5.2): unmasked, as a server's
/// must be, each message in one final frame, its length in the shortest of the three forms
/// (7 bits up to 125, 16 bits up to 65535, else 64 bits).
package enum WebSocketFrameEncoder {
    /// The largest payload of a control frame.
    package static let maxControlPayload = 125

    package static func text(_ text: String) -> [UInt8] {
        frame(.text, payload: Array(text.utf8))
    }

    package static func binary(_ bytes: [UInt8]) -> [UInt8] {
        frame(.binary, payload: bytes)
    }

    /// A ping; its payload (at most 125 bytes) comes back in the pong.
    package static func ping(_ payload: [UInt8] = []) -> [UInt8] {
        precondition(payload.count <= maxControlPayload, "a control frame's payload is at most 125 bytes")
        return frame(.ping, payload: payload)
    }

    /// The answer to a ping: its payload, echoed.
    package static func pong(_ payload: [UInt8]) -> [UInt8] {
        precondition(payload.count <= maxControlPayload, "a control frame's payload is at most 125 bytes")
        return frame(.pong, payload: payload)
    }

    /// A close frame: the code, then as much of the reason as fits in the 123 bytes left,
    /// cut at a character boundary. Without a code, an empty close frame.
    package static func close(_ code: WebSocketCloseCode?, reason: String = "") -> [UInt8] {
        guard let code else { return frame(.close, payload: []) }
        var payload = [UInt8(code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue)]
        var room = maxControlPayload - payload.count
        for character in reason {
            let bytes = Array(character.utf8)
            guard bytes.count <= room else { break }
            payload += bytes
            room -= bytes.count
        }
        return frame(.close, payload: payload)
    }

    /// One final, unmasked frame.
    package static func frame(_ opcode: WebSocketOpcode, payload: [UInt8]) -> [UInt8] {
        var bytes = header(opcode, length: payload.count)
        bytes += payload
        return bytes
    }

    /// The header of one final, unmasked frame with `length` bytes of payload.
    package static func header(_ opcode: WebSocketOpcode, length: Int) -> [UInt8] {
        precondition(length >= 0)
        let first = 0x80 | opcode.rawValue
        switch length {
        case 0...125:
            return [first, UInt8(length)]
        case 126...0xFFFF:
            return [first, 126, UInt8(length >> 8), UInt8(truncatingIfNeeded: length)]
        default:
            var bytes: [UInt8] = [first, 127]
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift)))
            }
            return bytes
        }
    }
}
