/// What the login or join dialogue makes of one received line.
enum DialogueStep {
    case pending
    case send([String])
    case done
    case failed(String)
}

/// The protocol-specific half of a chat client: how to log in, join a room, speak, and
/// recognise the lines that end each step. Everything else (sockets, timing, payload
/// stamps, statistics) is shared, so every scenario runs unchanged against every server
/// that has an adapter.
protocol ChatProtocol {
    /// Short name used in reports ("livepet", "irc").
    var name: String { get }
    /// Whether received lines may carry telnet IAC sequences to strip.
    var stripsTelnet: Bool { get }
    /// Whether a speaker receives its own line back (LivePet's "You say").
    var echoesOwnLines: Bool { get }

    /// Lines sent as soon as the TCP connection is up.
    func loginLines(for connection: BenchConnection) -> [String]
    func loginStep(_ line: ByteLine, connection: BenchConnection) -> DialogueStep

    /// Lines that move a logged-in client into `room` (empty when it is already there).
    func joinLines(room: Int, connection: BenchConnection) -> [String]
    func joinStep(_ line: ByteLine, connection: BenchConnection) -> DialogueStep

    /// The line that says `text` to everyone in the client's room.
    func sayLine(_ text: String, room: Int) -> String
    /// A reply the protocol requires regardless of phase (IRC PING → PONG).
    func autoReply(to line: ByteLine) -> String?
}
