/// One simulated client: its socket, where it is in the protocol, and its byte buffers.
/// Owned and touched only by the `Engine` on the bench thread.
final class BenchConnection {
    enum Phase: Equatable {
        case idle
        case connecting
        case loggingIn
        case joining
        case ready
        case closed
    }

    let index: Int
    var fd: Int32 = -1
    var phase = Phase.idle
    var login: LoginMode = .guest
    /// The name this client registers with (IRC nick); LivePet guests learn theirs from the server.
    var nick = ""
    var room = 0
    var startedAt: UInt64 = 0
    var readyAt: UInt64 = 0
    var failure: String?
    /// Scratch for the adapter's login dialogue.
    var loginStep = 0

    /// Bytes after the last line end, waiting for the rest of their line.
    var partial: [UInt8] = []
    var output: [UInt8] = []
    var outputOffset = 0
    var queuedForFlush = false
    /// MCCP2: the server's stream from its marker on (`Engine.mccp`).
    var inflater: BenchInflater?
    /// Received plaintext held while looking for the marker (it may straddle two reads).
    var beforeMarker: [UInt8] = []
    var wantsWrite = false
    /// With `--tls`: the session; `output` then holds plaintext not yet encrypted.
    var tls: BenchTLS?
    /// With `--websocket`: the upgrade and framing state.
    var webSocket: BenchWebSocket?

    init(index: Int) {
        self.index = index
    }

    var isLive: Bool { phase != .closed && phase != .idle }
}

/// How a client logs in; adapters without accounts (IRC) treat every mode as registration.
enum LoginMode {
    case guest
    case create(name: String, password: String)
    case connect(name: String, password: String)
}
