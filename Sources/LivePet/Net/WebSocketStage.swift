import LivePetSupport
import LivePetTelnet

/// The transport stack's WebSocket stage (issue 18), in the telnet stage's place for a
/// browser once `HTTPStage` accepted a `/ws` handshake. Inbound: frames decoded
/// (`WebSocketFrameDecoder`, messages up to `ConnectionLimits.maxPendingBytes`) into the same
/// `ConnectionEvent`s a telnet client's bytes give: one text message is one line (a message
/// with line ends is several, as if typed; a line past `maxLineBytes` is cut and flagged);
/// a ping is answered with a pong, at most `pingRate` a second after a burst of `pingBurst`
/// (the command rate: pings past it go unanswered, as RFC 6455 section 5.5.3 lets an endpoint
/// answer only some of a run of pings, so a flood costs the server no more output than a
/// well-behaved client's commands; each pong still counts against the output cap); a close frame is answered with one (its code echoed) and
/// the connection closed; a binary message closes with 1003, a protocol error with the
/// decoder's code. Outbound framing is the `OutboundQueue`'s (`WebSocketOutput`), chosen by
/// the `.webSocket` action this stage returns when it starts.
package struct WebSocketStage {
    private var decoder: WebSocketFrameDecoder
    private let maxLineBytes: Int
    /// Pongs allowed (nil: every ping is answered).
    private var pongs: TokenBucket?
    /// A close was answered or sent: everything after is ignored.
    package private(set) var closed = false

    /// `pingRate` 0: every ping is answered.
    package init(maxLineBytes: Int, maxMessageBytes: Int, pingRate: Double = 0, pingBurst: Int = 20, now: UInt64 = 0) {
        decoder = WebSocketFrameDecoder(maxMessageSize: max(maxMessageBytes, maxLineBytes))
        self.maxLineBytes = maxLineBytes
        if pingRate > 0 { pongs = TokenBucket(rate: pingRate, burst: max(1, pingBurst), now: now) }
    }

    /// The handshake was answered: output is framed for WebSocket from now on, and the session
    /// starts as for a telnet client, knowing the client takes GMCP (as JSON messages).
    package func start(into actions: inout [TransportAction]) {
        actions.append(.webSocket)
        actions.append(.event(.opened))
        actions.append(.event(.localOption(TelnetOption.gmcp, enabled: true)))
    }

    package mutating func receive<Bytes: Collection<UInt8>>(_ bytes: Bytes, now: UInt64 = 0, into actions: inout [TransportAction]) {
        guard !closed else { return }
        for event in decoder.decode(bytes) {
            switch event {
            case .text(let message):
                lines(message, into: &actions)
            case .binary:
                close(.unsupportedData, byPeer: false, into: &actions)
            case .ping(let payload):
                if pongs?.take(now: now) ?? true { actions.append(.reply(WebSocketFrameEncoder.pong(payload))) }
            case .pong:
                break
            case .close(let code, _):
                // Echo the client's code (RFC 6455 section 5.5.1); none for none.
                let echoed = code.flatMap { $0.isValidOnTheWire ? $0 : nil }
                close(echoed ?? (code == nil ? nil : .normalClosure), byPeer: true, into: &actions)
            case .protocolError(let code):
                close(code, byPeer: false, into: &actions)
            }
            if closed { return }
        }
    }

    private mutating func close(_ code: WebSocketCloseCode?, byPeer: Bool, into actions: inout [TransportAction]) {
        closed = true
        actions.append(.closeWebSocket(code, byPeer: byPeer))
    }

    /// One message's lines: split at LF (CR LF and a lone CR too), without a last empty one.
    private func lines(_ message: String, into actions: inout [TransportAction]) {
        var parts = message.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        if parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        for part in parts {
            var line = String(part)
            var truncated = false
            if line.utf8.count > maxLineBytes {
                var cut = ""
                for character in line {
                    guard cut.utf8.count + character.utf8.count <= maxLineBytes else { break }
                    cut.append(character)
                }
                line = cut
                truncated = true
            }
            actions.append(.event(.line(line, truncated: truncated)))
        }
    }
}
