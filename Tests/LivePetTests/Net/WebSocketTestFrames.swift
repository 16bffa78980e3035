@testable import LivePetNet

/// Client frames for the decoder's tests: masked as a client's must be, unless told otherwise.
enum ClientFrame {
    static let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]

    /// One frame. `length` overrides the header's length (for frames whose payload is not
    /// sent), `form` forces the 7, 16 or 64-bit length form.
    static func make(_ opcode: UInt8, _ payload: [UInt8] = [], fin: Bool = true, masked: Bool = true,
                     rsv: UInt8 = 0, key: [UInt8] = ClientFrame.key, length: UInt64? = nil,
                     form: Int? = nil) -> [UInt8] {
        let length = length ?? UInt64(payload.count)
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
        let maskBit: UInt8 = masked ? 0x80 : 0
        switch form ?? (length <= 125 ? 7 : length <= 0xFFFF ? 16 : 64) {
        case 7:
            bytes.append(maskBit | UInt8(length))
        case 16:
            bytes += [maskBit | 126, UInt8(length >> 8), UInt8(truncatingIfNeeded: length)]
        default:
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) {
                bytes.append(UInt8(truncatingIfNeeded: length >> UInt64(shift)))
            }
        }
        guard masked else { return bytes + payload }
        bytes += key
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ key[index % 4]) }
        return bytes
    }

    static func text(_ text: String, fin: Bool = true) -> [UInt8] { make(0x1, Array(text.utf8), fin: fin) }
    static func binary(_ bytes: [UInt8], fin: Bool = true) -> [UInt8] { make(0x2, bytes, fin: fin) }
    static func continuation(_ bytes: [UInt8], fin: Bool = true) -> [UInt8] { make(0x0, bytes, fin: fin) }
    static func ping(_ bytes: [UInt8] = []) -> [UInt8] { make(0x9, bytes) }
    static func pong(_ bytes: [UInt8] = []) -> [UInt8] { make(0xA, bytes) }

    static func close(_ code: UInt16?, _ reason: [UInt8] = []) -> [UInt8] {
        guard let code else { return make(0x8) }
        return make(0x8, [UInt8(code >> 8), UInt8(truncatingIfNeeded: code)] + reason)
    }

    /// Decodes `bytes` in one call.
    static func decode(_ bytes: [UInt8], maxMessageSize: Int = WebSocketFrameDecoder.defaultMaxMessageSize) -> [WebSocketEvent] {
        var decoder = WebSocketFrameDecoder(maxMessageSize: maxMessageSize)
        return decoder.decode(bytes)
    }

    /// Decodes `bytes` in pieces cut at `cuts` (sorted offsets).
    static func decode(_ bytes: [UInt8], cuts: [Int], maxMessageSize: Int = WebSocketFrameDecoder.defaultMaxMessageSize) -> [WebSocketEvent] {
        var decoder = WebSocketFrameDecoder(maxMessageSize: maxMessageSize)
        var events: [WebSocketEvent] = []
        var from = 0
        for cut in cuts + [bytes.count] {
            events += decoder.decode(bytes[from..<cut])
            from = cut
        }
        return events
    }
}
