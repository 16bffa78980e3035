/// What `WebSocketFrameDecoder` found in a client's bytes, in order.
package enum WebSocketEvent: Equatable, Sendable {
    /// A complete text message (fragments reassembled, valid UTF-8).
    case text(String)
    /// A complete binary message (fragments reassembled).
    case binary([UInt8])
    /// A ping; the answer is a pong with the same payload.
    case ping([UInt8])
    /// A pong (unsolicited ones included); its payload is not kept.
    case pong
    /// The client's close frame: its code (nil if it sent none, which RFC 6455 reports as
    /// 1005) and its reason. The answer is a close frame, then closing the connection. The
    /// decoder ignores whatever follows.
    case close(WebSocketCloseCode?, reason: String)
    /// The client broke the protocol: answer with a close frame with this code and close the
    /// connection. The decoder ignores whatever follows.
    case protocolError(WebSocketCloseCode)
}
