import LivePetSupport
import LivePetTelnet

/// The server's messages to a WebSocket client (the page, docs/GMCP.md), each one text frame
/// holding a JSON object: `{"t":"text","d":...}`, `{"t":"prompt","d":...}`,
/// `{"t":"echo","d":true|false}`, `{"t":"gmcp","p":"Package.Name","d":<json>}`.
///
/// The session and the broadcasts hand the connection telnet-encoded bytes (a room line is
/// encoded once for everyone); for a WebSocket client the `OutboundQueue` turns them back into
/// text here, at append time and under its lock: CR LF becomes "\n", a doubled IAC one 0xFF,
/// other telnet commands are dropped, and GMCP's `IAC SB 201 <package> <json> IAC SE` becomes
/// a `gmcp` message. So what is queued is ready for the wire and the broadcaster's direct
/// write (`Connection.flushDirect`) needs no exception for WebSocket.
package enum WebSocketOutput {
    /// `{"t":kind,"d":"text"}` as a text frame.
    package static func appendMessage(_ kind: String, _ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { WebSocketJSON.appendStringMessage(kind: kind, $0, to: &out) }
    }

    /// A line (or lines) already encoded for telnet, as a `text` message.
    package static func appendText<Bytes: Sequence<UInt8>>(telnet bytes: Bytes, to out: inout [UInt8]) {
        let text = decodeTelnet(bytes)
        guard !text.isEmpty else { return }
        let valid = text.withUnsafeBufferPointer { buffer -> Bool in
            guard WebSocketJSON.isValidUTF8(buffer) else { return false }
            WebSocketJSON.appendStringMessage(kind: "text", buffer, to: &out)
            return true
        }
        // Otherwise repaired (U+FFFD), as a text frame must be UTF-8.
        if !valid { appendMessage("text", String(decoding: text, as: UTF8.self), to: &out) }
    }

    /// `{"t":"echo","d":shown}`: false hides what the player types (a password).
    package static func appendEcho(shown: Bool, to out: inout [UInt8]) {
        appendFrame(shown ? "{\"t\":\"echo\",\"d\":true}" : "{\"t\":\"echo\",\"d\":false}", to: &out)
    }

    /// Telnet GMCP subnegotiations (`GMCP.encode`) as `gmcp` messages; other telnet bytes go.
    package static func appendGMCP<Bytes: Sequence<UInt8>>(telnet bytes: Bytes, to out: inout [UInt8]) {
        // The usual case, a broadcast's one `IAC SB GMCP <UTF-8, so no IAC> IAC SE`, straight
        // from the shared bytes.
        let done = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            let count = buffer.count
            guard count >= 5, buffer[0] == TelnetCommand.iac, buffer[1] == TelnetCommand.sb, buffer[2] == TelnetOption.gmcp,
                  buffer[count - 2] == TelnetCommand.iac, buffer[count - 1] == TelnetCommand.se else { return false }
            let payload = UnsafeBufferPointer(rebasing: buffer[3..<(count - 2)])
            return !payload.contains(TelnetCommand.iac) && WebSocketJSON.appendGMCP(payload, to: &out)
        } ?? false
        if done { return }
        for payload in gmcpPayloads(bytes) {
            if payload.withUnsafeBufferPointer({ WebSocketJSON.appendGMCP($0, to: &out) }) { continue }
            // The server's own messages: no 8 KiB limit (a Pet.List may pass it).
            guard let (package, json) = GMCP.parse(payload, limit: .max) else { continue }
            let data = json.isEmpty ? "null" : json
            appendFrame("{\"t\":\"gmcp\",\"p\":\(Logger.jsonString(package)),\"d\":\(data)}", to: &out)
        }
    }

    private static func appendFrame(_ json: String, to out: inout [UInt8]) {
        out.append(contentsOf: WebSocketFrameEncoder.header(.text, length: json.utf8.count))
        out.append(contentsOf: json.utf8)
    }

    /// Telnet-encoded text back to its bytes: CR LF and CR NUL to LF and CR, IAC IAC to 0xFF,
    /// any other command (and a subnegotiation) left out.
    package static func decodeTelnet<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount)
        var iterator = bytes.makeIterator()
        var pending: UInt8?
        while let byte = pending ?? iterator.next() {
            pending = nil
            switch byte {
            case 13:
                guard let next = iterator.next() else { return text }
                if next == 10 { text.append(10) } else if next == 0 { text.append(13) } else { text.append(13); pending = next }
            case TelnetCommand.iac:
                guard let command = iterator.next() else { return text }
                if command == TelnetCommand.iac {
                    text.append(0xFF)
                } else if command == TelnetCommand.sb {
                    // Skip to IAC SE.
                    var previous: UInt8 = 0
                    while let inner = iterator.next() {
                        if previous == TelnetCommand.iac {
                            if inner == TelnetCommand.se { break }
                            previous = 0
                            continue
                        }
                        previous = inner
                    }
                } else if command >= TelnetCommand.will && command <= TelnetCommand.dont {
                    _ = iterator.next()
                }
            default:
                text.append(byte)
            }
        }
        return text
    }

    /// The payloads of `IAC SB GMCP ... IAC SE` in `bytes`, IAC IAC undoubled.
    package static func gmcpPayloads<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [[UInt8]] {
        let bytes = Array(bytes)
        var payloads: [[UInt8]] = []
        var index = 0
        while index + 2 < bytes.count {
            guard bytes[index] == TelnetCommand.iac, bytes[index + 1] == TelnetCommand.sb,
                  bytes[index + 2] == TelnetOption.gmcp else {
                index += 1
                continue
            }
            index += 3
            var payload: [UInt8] = []
            while index < bytes.count {
                if bytes[index] == TelnetCommand.iac, index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    index += 2
                    if next == TelnetCommand.se { break }
                    if next == TelnetCommand.iac { payload.append(0xFF) }
                    continue
                }
                payload.append(bytes[index])
                index += 1
            }
            payloads.append(payload)
        }
        return payloads
    }
}
