import LivePetTelnet

/// What a stage of the transport stack asks its connection to do, in order.
package enum TransportAction: Equatable {
    /// Bytes to queue for the client (telnet answers, offers), gathered per read.
    case reply([UInt8])
    /// An event for the session.
    case event(ConnectionEvent)
    /// The client turned out to be a telnet client, or raw: output is framed for it.
    case mode(TelnetMode)
    /// The client enabled or disabled EOR, which changes how prompts end.
    case endOfRecord(Bool)
    /// The client (known by its terminal type) ends the line itself at a prompt's EOR or GA.
    case markEndsLine(Bool)
    /// The client speaks another protocol (TLS, HTTP): send these plain bytes and close.
    case refuse([UInt8], protocol: String)
    /// The client speaks TLS and the stack decrypts it: from now on the connection's output
    /// is encrypted by the stack's TLS stage on the loop thread (`TransportStack.tls`).
    case startTLS
    /// The connection upgraded to WebSocket: its output is framed for it from now on.
    case webSocket
    /// Send a WebSocket close frame (no code: an empty one) and close once it is written;
    /// `byPeer`: the client asked to close.
    case closeWebSocket(WebSocketCloseCode?, byPeer: Bool)
    /// Close once what is queued is written (an HTTP connection's last response).
    case finish
    /// A trusted proxy forwarded the request that upgraded to WebSocket for this client
    /// (`X-Forwarded-For`): bans, per-address limits, `users` and logs see this address.
    case forwarded(String)
    /// The TLS handshake completed on a port that serves the web: wait this long for a
    /// client that speaks first inside it (HTTP), then call `innerSniffWindowEnded`.
    case sniffInsideTLS(Duration)
    /// The connection speaks HTTP now, for the metrics (`NetMetrics`; `.event(.opened)` says
    /// telnet or WebSocket).
    case serving(WireProtocol)
    /// TLS records for the socket as they are, before any output queued after them.
    case transmit([UInt8])
    /// The TLS handshake or a record failed (or the handshake timed out): send what came
    /// before (the alert) and close.
    case tlsFailed(String)
    /// The client said DO MCCP2: queue `IAC SB MCCP2 IAC SE` and compress what follows it.
    case startCompression
    /// The client said DONT MCCP2: finish the stream after what is queued; plain after it.
    case stopCompression
}
