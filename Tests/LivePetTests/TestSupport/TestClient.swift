import Dispatch
import Foundation
import Glibc

/// The one socket client of the end-to-end tests. Its `Options` say how it behaves: how it
/// answers telnet negotiation (never, like `nc`; like GNU telnet; like a MUD client with given
/// terminal types, window size, GMCP and MSSP), where it connects from (any 127.0.0.0/8
/// address, so per-address limits hit an attacker and not the test's other clients), its
/// receive buffer, and when it reads (all the time, only once started, or only while a test
/// waits for something, as an attacker that leaves the server's output in the kernel does).
///
/// Blocking socket calls never run on Swift's cooperative pool (two threads here, shared with
/// the server's sessions): a thread or a serial queue reads (`readStream`), a serial queue
/// writes (telnet answers first, then the test's sends, in order), and async callers wait on
/// continuations (`Watched`) resumed as soon as what they wait for has arrived, with a timer
/// that fails the wait readably. Nothing here sleeps.
final class TestClient: Sendable {
    /// How the client behaves. `.raw`, `.telnet`, `.tintin`, `.gnuTelnet` and `.hostile` are
    /// the usual ones; change a copy for anything else.
    struct Options: Sendable {
        /// False: never sends a telnet byte of its own accord, like `nc`.
        var speaksTelnet = true
        /// Answers to successive `TTYPE SEND`s (the last one repeats); empty refuses TTYPE.
        var terminalTypes: [String] = ["XTERM"]
        var acceptsEOR = true
        /// NAWS answer; nil refuses NAWS.
        var window: WindowSize? = WindowSize(width: 80, height: 24)
        var acceptsGMCP = false
        var acceptsMSSP = false
        /// Says DO to MCCP2 and inflates the server's output from its marker on.
        var acceptsMCCP = false
        /// The loopback address the connection comes from.
        var source = "127.0.0.1"
        /// SO_RCVBUF, set before connecting so the advertised window is small from the start.
        var receiveBufferSize: Int?
        var reading = Reading.always
        /// Sent at once on the connecting thread, as a web or TLS client does.
        var firstBytes: [UInt8] = []
        /// Answers to a telnet CHARSET request (RFC 2066), as sent after ACCEPTED or REJECTED
        /// (TinTin++ sends one per name it knows: `[(true, " UTF-8"), (false, " ISO-8859-1")]`);
        /// nil refuses the option (DONT CHARSET), as most clients do.
        var charsetAnswers: [(accepted: Bool, name: String)]?
        /// What the screen (`TestClientState.screen`) does with a prompt's IAC EOR or IAC GA.
        var marks = Marks.ignored

        enum Marks: Sendable {
            /// Nothing: the cursor stays after the prompt, and text shows as it comes (GNU
            /// telnet, telnetlib3's client, nc).
            case ignored
            /// The mark ends the line, and text without a line end shows only once its mark or
            /// line end comes (Mudlet; TinTin++ prints a marked prompt as a line). A line end
            /// right after the mark is then an empty line.
            case endLine
        }

        enum Reading: Sendable {
            /// From the start, on a thread of its own.
            case always
            /// Not until `startReading()`; waiting on it before then fails.
            case later
            /// Only while a wait runs (the server's output stays in the kernel meanwhile).
            case onDemand
        }

        /// `nc`: raw TCP.
        static let raw = Options(speaksTelnet: false, terminalTypes: [], acceptsEOR: false, window: nil)
        /// A telnet client: WILL TTYPE (XTERM), WILL NAWS (80x24), DO EOR, DO ECHO.
        static let telnet = Options()
        /// TinTin++ 2.x: MTTS cycle (ANSI, UTF-8, 256 colours, proxy), EOR, NAWS, GMCP (when
        /// enabled in the script); a marked prompt is a line of its own.
        static let tintin = Options(terminalTypes: ["TINTIN++", "XTERM-256COLOR", "MTTS 141"], acceptsEOR: true,
                                    acceptsGMCP: true, acceptsMSSP: true, marks: .endLine)
        /// Mudlet: MTTS cycle, EOR, GMCP; shows a prompt only at its mark, which ends the line.
        static let mudlet = Options(terminalTypes: ["MUDLET", "ANSI-TRUECOLOR", "MTTS 2349"], acceptsEOR: true,
                                    acceptsGMCP: true, marks: .endLine)
        /// GNU telnet: one terminal type, no EOR (so prompts need GA), NAWS.
        static let gnuTelnet = Options(terminalTypes: ["XTERM"], acceptsEOR: false)
        /// telnetlib3's client (`telnetlib3-client`): its terminal's type, accepts EOR, and
        /// writes text to the terminal as it comes: EOR is a mark only.
        static let telnetlib3 = Options(terminalTypes: ["TMUX-256COLOR"], acceptsEOR: true)

        /// An attacker: raw bytes from `source`, reading only while a test waits.
        static func hostile(from source: String = "127.0.0.2", receiveBufferSize: Int? = nil,
                            sending first: [UInt8] = []) -> Options {
            var options = raw
            options.source = source
            options.receiveBufferSize = receiveBufferSize
            options.reading = .onDemand
            options.firstBytes = first
            return options
        }
    }

    struct WindowSize: Sendable {
        var width: Int
        var height: Int
    }

    static let iac: UInt8 = 255, dont: UInt8 = 254, doVerb: UInt8 = 253, wont: UInt8 = 252, will: UInt8 = 251
    static let sb: UInt8 = 250, ga: UInt8 = 249, nop: UInt8 = 241, se: UInt8 = 240, eor: UInt8 = 239
    static let echo: UInt8 = 1, sga: UInt8 = 3, ttype: UInt8 = 24, eorOption: UInt8 = 25, naws: UInt8 = 31
    static let charset: UInt8 = 42, mssp: UInt8 = 70, gmcp: UInt8 = 201, mccp2: UInt8 = 86

    static let namePrompt = "What is your name? (or \"guest\") "

    let options: TestClient.Options
    let port: Int
    let fd: Int32
    let state: Watched<TestClientState>
    /// Writes happen here, in order: telnet replies queued by the reader, then the test's sends.
    let writer = DispatchQueue(label: "livepet.test-client.writer")
    /// On-demand reads run here, one at a time.
    let reader = DispatchQueue(label: "livepet.test-client.reader")

    private init(fd: Int32, port: Int, options: Options) {
        self.fd = fd
        self.port = port
        self.options = options
        state = Watched(TestClientState(options: options))
    }

    /// Connects to 127.0.0.1:`port` from `options.source`.
    static func connect(port: Int, _ options: Options = .raw) async throws -> TestClient {
        let fd: Int32 = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let fd = try openSocket(port: port, options: options)
                    if !options.firstBytes.isEmpty { _ = try? writeAll(fd, options.firstBytes) }
                    return fd
                })
            }
        }
        let client = TestClient(fd: fd, port: port, options: options)
        if options.reading == .always { client.startReading() }
        return client
    }

    private static func openSocket(port: Int, options: Options) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket: \(String(cString: strerror(errno)))") }
        if let size = options.receiveBufferSize { setOption(fd, SOL_SOCKET, SO_RCVBUF, Int32(size)) }
        setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        // A send into a server that stopped reading fails after 5 s instead of hanging the test.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        func ipv4(_ host: String, port: Int) -> sockaddr_in {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr(host)
            return address
        }
        func call(_ address: sockaddr_in, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
            withUnsafePointer(to: address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        let connected = call(ipv4(options.source, port: 0)) { bind(fd, $0, $1) } == 0
            && call(ipv4("127.0.0.1", port: port)) { Glibc.connect(fd, $0, $1) } == 0
        guard connected else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw TestClientError("connect from \(options.source) to port \(port): \(message)")
        }
        return fd
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    // MARK: Reading

    /// Starts the reading thread (once); for a client made with `reading: .later`.
    func startReading() {
        let start = state.update { state -> Bool in
            guard !state.reading, !state.closeRequested else { return false }
            state.reading = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in
            let closedByServer = readStream(fd, until: { state.read { $0.closeRequested } }) { received($0) }
            state.update { state in
                state.eof = true
                state.closedByServer = closedByServer && !state.closeRequested
                state.readerDone = true
            }
            releaseIfDone()
        }
        thread.name = "livepet-test-client"
        thread.start()
    }

    /// For an on-demand client: reads on the reader queue until `condition` holds, end of
    /// file, or `timeout`.
    func pump(timeout: Duration, until condition: @escaping @Sendable (TestClientState) -> Bool) async {
        let deadline = ContinuousClock.now + timeout
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            reader.async { [self] in
                let ended = readStream(fd, until: { state.read { $0.closeRequested || $0.eof || condition($0) } },
                                       deadline: deadline) { received($0) }
                if ended {
                    state.update { state in
                        state.eof = true
                        // EOF after our own shutdown (see `close`) is not the server's doing.
                        state.closedByServer = !state.closeRequested
                    }
                }
                continuation.resume()
            }
        }
    }

    private func received(_ bytes: ArraySlice<UInt8>) {
        // Replies are queued before waiters wake, so they precede whatever the test sends next.
        state.update { state in
            var replies: [UInt8] = []
            state.receive(bytes, replies: &replies)
            if !replies.isEmpty {
                let answer = replies
                writer.async { [self] in _ = try? Self.writeAll(fd, answer) }
            }
        }
    }

    // MARK: Closing

    /// Closes the connection (FIN). Safe to call more than once.
    func close() {
        close(reset: false)
    }

    /// Closes abortively: SO_LINGER 0 makes the kernel send RST instead of FIN.
    func closeWithReset() {
        close(reset: true)
    }

    private func close(reset: Bool) {
        let (first, threadReads) = state.update { state -> (Bool, Bool) in
            guard !state.closeRequested else { return (false, false) }
            state.closeRequested = true
            return (true, state.reading)
        }
        guard first else { return }
        if reset {
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        } else {
            // Wakes the reader at once; the descriptor itself stays valid until both sides let go.
            _ = shutdown(fd, Int32(SHUT_RDWR))
        }
        if !threadReads {
            // An on-demand read in progress ends at its next check; the queue then lets go.
            reader.async { [self] in
                state.update { $0.readerDone = true }
                releaseIfDone()
            }
        }
        writer.async { [self] in
            state.update { $0.writerDone = true }
            releaseIfDone()
        }
    }

    /// Closes the descriptor once close was asked for and neither the reader nor the writer can
    /// still use it (so its number cannot be reused under them).
    private func releaseIfDone() {
        let release = state.update { state -> Bool in
            guard state.closeRequested, state.readerDone, state.writerDone, !state.released else { return false }
            state.released = true
            return true
        }
        if release { Glibc.close(fd) }
    }

    deinit {
        // A client nobody closed: no reader or writer can hold it any more (both capture self).
        if !state.read({ $0.closeRequested }) { Glibc.close(fd) }
    }
}

/// A test client failure, with what had arrived so far.
struct TestClientError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
