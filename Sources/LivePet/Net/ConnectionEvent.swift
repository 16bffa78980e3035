import LivePetSupport
import LivePetTelnet

/// What a connection tells the session that serves it. Delivered on the loop thread.
public enum ConnectionEvent: Sendable, Equatable {
    /// The socket is registered and the opening telnet offer is sent.
    case opened
    /// One input line, already decoded from telnet and UTF-8 (Latin-1 for a connection set to
    /// `TelnetCharset.ascii`, see `Connection.setCharset`).
    case line(String, truncated: Bool)
    /// The client named its terminal (TTYPE), once per round of the MTTS cycle.
    case terminalType(String)
    /// The client answered our telnet CHARSET request (RFC 2066): UTF-8, or a charset
    /// without it (ASCII, Latin-1), or it rejected UTF-8. The session decides what it uses.
    case charset(TelnetCharset)
    /// We enabled or disabled one of our options at the client's request (GMCP, MSSP, EOR).
    case localOption(UInt8, enabled: Bool)
    /// A subnegotiation for an option the session handles (GMCP).
    case subnegotiation(option: UInt8, data: [UInt8])
    /// The client's window size (NAWS).
    case windowSize(width: Int, height: Int)
    /// Negotiation is over: the client either spoke telnet or is raw from now on.
    case negotiated(telnet: Bool)
    /// A deadline the session set (`Connection.setDeadline`) has passed.
    case deadline
    /// The client sent 4 KiB without an end of line.
    case lineTooLong
    /// The client finished sending (a half-close, as `nc -N` or a script does). Lines before
    /// it are delivered first; the session answers them, then hangs up.
    case inputEnded
    /// The connection is gone. `byPeer` is true when the client hung up or the network failed.
    case closed(byPeer: Bool)
}

/// Receives a connection's events. `accepting` false asks the connection to stop reading
/// until `Connection.resumeReading()` (backpressure instead of unbounded queues).
public protocol ConnectionDelegate: AnyObject, Sendable {
    func connection(_ connection: Connection, didReceive event: ConnectionEvent) -> Bool
}
