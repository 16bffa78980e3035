/// Decodes a client's WebSocket frames (RFC 6455 section 5) from bytes as they arrive, split
/// anywhere, into `WebSocketEvent`s: a value type with no I/O, fed by the connection's reads.
///
/// It keeps at most one frame header (14 bytes), one control frame's payload (125 bytes) and
/// one message (`maxMessageSize`, 64 KiB by default): a frame that would take a message past
/// the limit is refused from its header (close 1009), before its payload arrives. Payload is
/// unmasked, and text checked as UTF-8, a byte at a time as it arrives, so a bad byte is
/// reported where it is (close 1007) whether or not the rest of the message has come.
///
/// The first error ends decoding: the decoder returns `.protocolError(code)` once and ignores
/// everything after it, as it does everything after a close frame.
package struct WebSocketFrameDecoder {
    package static let defaultMaxMessageSize = 64 * 1024

    /// The largest message, fragments together, in bytes.
    package let maxMessageSize: Int

    private enum State {
        case header
        case payload
        /// After a close frame or an error.
        case done
    }

    private var state = State.header
    /// The frame header so far (2 to 14 bytes once complete).
    private var header: [UInt8] = []
    private var headerSize = 2
    private var fin = false
    private var opcode = WebSocketOpcode.text
    private var remaining: UInt64 = 0
    private var mask: [UInt8] = [0, 0, 0, 0]
    private var maskIndex = 0
    /// The opcode of the message in progress (text or binary), from its first frame to its
    /// final one; nil between messages.
    private var messageOpcode: WebSocketOpcode?
    private var message: [UInt8] = []
    private var utf8 = UTF8Validator()
    private var control: [UInt8] = []

    package init(maxMessageSize: Int = WebSocketFrameDecoder.defaultMaxMessageSize) {
        precondition(maxMessageSize >= 0)
        self.maxMessageSize = maxMessageSize
    }

    /// Whether the decoder has seen a close frame or an error and ignores further bytes.
    package var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Bytes held between calls: a header in progress, a control frame's payload, a message.
    package var bufferedByteCount: Int { header.count + control.count + message.count }

    /// The events these bytes complete, in order.
    package mutating func decode<Bytes: Collection<UInt8>>(_ input: Bytes) -> [WebSocketEvent] {
        let bytes = Array(input)
        var events: [WebSocketEvent] = []
        var index = 0
        while index < bytes.count {
            switch state {
            case .done:
                return events
            case .header:
                header.append(bytes[index])
                index += 1
                if let error = headerStep(&events) {
                    fail(error, &events)
                }
            case .payload:
                let count = Int(min(remaining, UInt64(bytes.count - index)))
                if let error = payloadStep(bytes[index..<index + count]) {
                    fail(error, &events)
                    return events
                }
                index += count
                remaining -= UInt64(count)
                if remaining == 0 { finishFrame(&events) }
            }
        }
        return events
    }

    private mutating func fail(_ code: WebSocketCloseCode, _ events: inout [WebSocketEvent]) {
        events.append(.protocolError(code))
        state = .done
        header = []
        message = []
        control = []
    }

    // MARK: Header

    /// Takes the header byte just appended; returns the close code of an error.
    private mutating func headerStep(_ events: inout [WebSocketEvent]) -> WebSocketCloseCode? {
        switch header.count {
        case 1:
            let first = header[0]
            guard first & 0x70 == 0 else { return .protocolError }  // RSV1-3: no extension agreed
            guard let code = WebSocketOpcode(rawValue: first & 0x0F) else { return .protocolError }
            fin = first & 0x80 != 0
            opcode = code
            if code.isControl {
                guard fin else { return .protocolError }
            } else if code == .continuation {
                guard messageOpcode != nil else { return .protocolError }
            } else {
                guard messageOpcode == nil else { return .protocolError }
                messageOpcode = code
            }
            return nil
        case 2:
            let second = header[1]
            guard second & 0x80 != 0 else { return .protocolError }  // clients must mask
            let short = second & 0x7F
            if opcode.isControl && short > 125 { return .protocolError }
            headerSize = 2 + (short == 126 ? 2 : short == 127 ? 8 : 0) + 4
            if short <= 125 { return setLength(UInt64(short)) }
        case 4 where headerSize == 8:
            return setLength(UInt64(header[2]) << 8 | UInt64(header[3]))
        case 10 where headerSize == 14:
            guard header[2] & 0x80 == 0 else { return .protocolError }  // the top bit must be 0
            return setLength(header[2..<10].reduce(0) { $0 << 8 | UInt64($1) })
        default:
            break
        }
        if header.count == headerSize {
            mask = Array(header[(headerSize - 4)...])
            maskIndex = 0
            header.removeAll(keepingCapacity: true)
            state = .payload
            if remaining == 0 { finishFrame(&events) }
        }
        return nil
    }

    private mutating func setLength(_ length: UInt64) -> WebSocketCloseCode? {
        if !opcode.isControl && length > UInt64(maxMessageSize - message.count) {
            return .messageTooBig
        }
        remaining = length
        return nil
    }

    // MARK: Payload

    private mutating func payloadStep(_ bytes: ArraySlice<UInt8>) -> WebSocketCloseCode? {
        let isText = !opcode.isControl && messageOpcode == .text
        for masked in bytes {
            let byte = masked ^ mask[maskIndex & 3]
            maskIndex &+= 1
            if opcode.isControl {
                control.append(byte)
            } else {
                if isText && !utf8.consume(byte) { return .invalidPayload }
                message.append(byte)
            }
        }
        return nil
    }

    private mutating func finishFrame(_ events: inout [WebSocketEvent]) {
        state = .header
        headerSize = 2
        switch opcode {
        case .ping:
            events.append(.ping(control))
        case .pong:
            events.append(.pong)
        case .close:
            closeFrame(&events)
        case .text, .binary, .continuation:
            guard fin else { return }
            if messageOpcode == .text {
                guard utf8.isAtBoundary else { return fail(.invalidPayload, &events) }
                events.append(.text(String(decoding: message, as: UTF8.self)))
            } else {
                events.append(.binary(message))
            }
            message = []
            messageOpcode = nil
            utf8 = UTF8Validator()
        }
        control.removeAll(keepingCapacity: true)
    }

    /// A close frame's payload: nothing, or a code and a UTF-8 reason (RFC 6455 section 5.5.1).
    private mutating func closeFrame(_ events: inout [WebSocketEvent]) {
        if control.isEmpty {
            events.append(.close(nil, reason: ""))
        } else {
            guard control.count >= 2 else { return fail(.protocolError, &events) }
            let code = WebSocketCloseCode(UInt16(control[0]) << 8 | UInt16(control[1]))
            guard code.isValidOnTheWire else { return fail(.protocolError, &events) }
            let reason = control[2...]
            guard UTF8Validator.isValid(reason) else { return fail(.invalidPayload, &events) }
            events.append(.close(code, reason: String(decoding: reason, as: UTF8.self)))
        }
        state = .done
        message = []
    }
}
