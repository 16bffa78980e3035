import Dispatch
import Foundation
import Glibc
import Synchronization

/// A loopback socket client for end-to-end tests, speaking raw TCP like `nc` or answering
/// negotiation like a telnet client.
///
/// Blocking socket calls never run on Swift's cooperative pool (two threads here, shared with
/// the server's sessions): a dedicated thread reads, a serial queue writes, and async callers
/// wait on continuations. The reader resumes a waiter as soon as what it waits for has arrived;
/// a timer resumes it with an error quoting what did arrive, so a bug fails readably instead
/// of hanging.
///
/// Two views of the input: `rawReceived` holds every byte as sent (for byte-level checks), the
/// text view has telnet commands removed and CR LF turned into "\n". `readUntil` consumes the
/// text view up to and including a match.
final class TestClient: Sendable {
    enum Mode: Sendable {
        /// Never sends a single IAC byte, like `nc`.
        case raw
        /// Answers like a telnet client: WILL TTYPE (XTERM), WILL NAWS (80x24), DO EOR, DO ECHO.
        case telnet
    }

    static let namePrompt = "What is your name? (or \"guest\") "

    let mode: Mode
    let port: Int
    private let fd: Int32
    private let state = Mutex(ClientState())
    /// Writes happen here, in order: telnet replies queued by the reader, then the test's sends.
    private let writer = DispatchQueue(label: "livepet.test-client.writer")

    private init(fd: Int32, port: Int, mode: Mode) {
        self.fd = fd
        self.port = port
        self.mode = mode
    }

    /// Connects to 127.0.0.1:`port`. A client that must not read (to fill its window) passes
    /// `reading: false` and usually a small `receiveBufferSize`; `startReading()` starts it later.
    static func connect(port: Int, mode: Mode = .raw, receiveBufferSize: Int? = nil,
                        reading: Bool = true) async throws -> TestClient {
        let fd: Int32 = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try openSocket(port: port, receiveBufferSize: receiveBufferSize) })
            }
        }
        let client = TestClient(fd: fd, port: port, mode: mode)
        if reading { client.startReading() }
        return client
    }

    private static func openSocket(port: Int, receiveBufferSize: Int?) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket: \(String(cString: strerror(errno)))") }
        if let receiveBufferSize {
            // Before connect, so the advertised window is small from the start.
            setOption(fd, SOL_SOCKET, SO_RCVBUF, Int32(receiveBufferSize))
        }
        setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        // A send into a server that stopped reading fails after 5 s instead of hanging the test.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard status == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw TestClientError("connect to port \(port): \(message)")
        }
        return fd
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    // MARK: Sending

    /// Sends `line` and CR LF.
    func send(_ line: String) async throws {
        try await sendBytes(Array(line.utf8) + [13, 10])
    }

    /// Sends exactly these bytes (no line end added) in one `send` call where the kernel allows.
    func sendBytes(_ bytes: [UInt8]) async throws {
        let fd = fd
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            writer.async {
                continuation.resume(with: Result { try Self.writeAll(fd, bytes) })
            }
        }
    }

    /// Sends `bytes`, then half-closes (FIN on our side, still reading), as `nc -N` does.
    func sendAndFinish(_ bytes: [UInt8]) async throws {
        let fd = fd
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            writer.async {
                continuation.resume(with: Result {
                    try Self.writeAll(fd, bytes)
                    _ = Glibc.shutdown(fd, Int32(SHUT_WR))
                })
            }
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                throw TestClientError("send failed: \(String(cString: strerror(errno)))")
            }
        }
    }

    // MARK: Waiting

    /// Everything received, byte for byte, telnet commands included.
    var rawReceived: [UInt8] { state.withLock { $0.raw } }

    /// Whether the server closed the connection (EOF or an error on read).
    var isClosedByServer: Bool { state.withLock { $0.closedByServer } }

    /// Waits until `needle` appears in the text not yet consumed; returns and consumes that text
    /// up to and including the match. Throws on timeout or EOF, quoting what arrived.
    @discardableResult
    func readUntil(_ needle: String, timeout: Duration = .seconds(5)) async throws -> String {
        let bytes = Array(needle.utf8)
        try await wait(for: .text(bytes), timeout: timeout, what: "\(needle.debugDescription)")
        return try state.withLock { state throws(TestClientError) -> String in
            guard let start = state.text.index(of: bytes, from: state.cursor) else {
                throw TestClientError("connection closed before \(needle.debugDescription) arrived; unread text: \(state.unreadDescription)")
            }
            let end = start + bytes.count
            let text = String(decoding: state.text[state.cursor..<end], as: UTF8.self)
            state.cursor = end
            return text
        }
    }

    /// Waits for and consumes the next line, "\n" included.
    func readLine(timeout: Duration = .seconds(5)) async throws -> String {
        try await readUntil("\n", timeout: timeout)
    }

    /// Consumes and returns the unread text without waiting.
    func takeUnreadText() -> String {
        state.withLock { state in
            let text = String(decoding: state.unreadText, as: UTF8.self)
            state.cursor = state.text.count
            return text
        }
    }

    /// Waits until at least `count` raw bytes have arrived (or EOF); returns all raw bytes.
    @discardableResult
    func waitForRawBytes(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [UInt8] {
        try await wait(for: .rawCount(count), timeout: timeout, what: "\(count) raw bytes")
        return rawReceived
    }

    /// Waits for EOF from the server; returns (and consumes) the text that came before it.
    @discardableResult
    func expectClosed(timeout: Duration = .seconds(5)) async throws -> String {
        try await wait(for: .closed, timeout: timeout, what: "the server to close the connection")
        guard isClosedByServer else { throw TestClientError("the test closed this client itself") }
        return takeUnreadText()
    }

    private func wait(for condition: ClientState.Condition, timeout: Duration, what: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            enum Registration { case satisfied, notReading, waiting(UInt64) }
            let registration = state.withLock { state -> Registration in
                if state.isSatisfied(condition) { return .satisfied }
                if !state.reading { return .notReading }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = ClientState.Waiter(condition: condition, continuation: continuation)
                return .waiting(state.nextWaiter)
            }
            let id: UInt64
            switch registration {
            case .satisfied:
                continuation.resume()
                return
            case .notReading:
                continuation.resume(throwing: TestClientError("waiting for \(what) on a client that is not reading"))
                return
            case .waiting(let registered):
                id = registered
            }
            let (seconds, attoseconds) = timeout.components
            let delay = Double(seconds) + Double(attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
                let (waiter, unread) = state.withLock { state in
                    (state.waiters.removeValue(forKey: id), state.unreadDescription)
                }
                waiter?.continuation.resume(throwing: TestClientError(
                    "timed out after \(timeout) waiting for \(what); unread text: \(unread)"))
            }
        }
    }

    // MARK: Reading thread

    /// Starts the reading thread (once).
    func startReading() {
        let start = state.withLock { state -> Bool in
            guard !state.reading, !state.closeRequested else { return false }
            state.reading = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in readLoop() }
        thread.name = "livepet-test-client"
        thread.start()
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var closedByServer = false
        while !state.withLock({ $0.closeRequested }) {
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollFD, 1, 50)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { continue }
            let count = ready < 0 ? -1 : recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                received(buffer[0..<count])
                continue
            }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            // EOF after our own shutdown (see `close`) is not the server's doing.
            closedByServer = !state.withLock { $0.closeRequested }
            break
        }
        let waiters = state.withLock { state in
            state.eof = true
            state.closedByServer = closedByServer
            state.readerDone = true
            return state.takeSatisfiedWaiters()
        }
        for waiter in waiters { waiter.continuation.resume() }
        releaseIfDone()
    }

    private func received(_ bytes: ArraySlice<UInt8>) {
        let answer = mode == .telnet
        let (replies, waiters) = state.withLock { state in
            state.raw.append(contentsOf: bytes)
            var replies: [UInt8] = []
            for byte in bytes {
                state.telnet.feed(byte, text: &state.text, replies: &replies, answer: answer)
            }
            return (replies, state.takeSatisfiedWaiters())
        }
        // Queue replies before waking anyone, so they precede whatever the test sends next.
        if !replies.isEmpty {
            let fd = fd
            writer.async { try? Self.writeAll(fd, replies) }
        }
        for waiter in waiters { waiter.continuation.resume() }
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
        let first = state.withLock { state -> Bool in
            guard !state.closeRequested else { return false }
            state.closeRequested = true
            if !state.reading { state.readerDone = true }
            return true
        }
        guard first else { return }
        if reset {
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        } else {
            // Wakes the reader at once; the descriptor itself stays valid until both sides let go.
            _ = shutdown(fd, Int32(SHUT_RDWR))
        }
        writer.async { [self] in
            state.withLock { $0.writerDone = true }
            releaseIfDone()
        }
    }

    /// Closes the descriptor once close was asked for and neither the reader nor the writer can
    /// still use it (so its number cannot be reused under them).
    private func releaseIfDone() {
        let release = state.withLock { state -> Bool in
            guard state.closeRequested, state.readerDone, state.writerDone, !state.released else { return false }
            state.released = true
            return true
        }
        if release { Glibc.close(fd) }
    }
}

/// A test client failure, with what had arrived so far.
struct TestClientError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Everything the reader thread and waiters share, behind the client's Mutex.
private struct ClientState {
    enum Condition {
        case text([UInt8])
        case rawCount(Int)
        case closed
    }

    struct Waiter {
        var condition: Condition
        var continuation: CheckedContinuation<Void, any Error>
    }

    var raw: [UInt8] = []
    var text: [UInt8] = []
    var cursor = 0
    var telnet = ClientTelnet()
    var waiters: [UInt64: Waiter] = [:]
    var nextWaiter: UInt64 = 0
    var reading = false
    /// No more input will come: the server closed, or the test did.
    var eof = false
    var closedByServer = false
    var closeRequested = false
    var readerDone = false
    var writerDone = false
    var released = false

    var unreadText: ArraySlice<UInt8> { text[cursor...] }

    var unreadDescription: String {
        String(decoding: unreadText, as: UTF8.self).debugDescription + (eof ? " (then EOF)" : "")
    }

    func isSatisfied(_ condition: Condition) -> Bool {
        if eof { return true }
        switch condition {
        case .text(let needle): return text.index(of: needle, from: cursor) != nil
        case .rawCount(let count): return raw.count >= count
        case .closed: return false
        }
    }

    mutating func takeSatisfiedWaiters() -> [Waiter] {
        let ready = waiters.filter { isSatisfied($0.value.condition) }
        for id in ready.keys { waiters[id] = nil }
        return Array(ready.values)
    }
}

/// The client side of telnet: strips commands from the text view and, when asked, answers
/// like a telnet client (one answer per state change, so it can never loop).
private struct ClientTelnet {
    enum State {
        case data
        case command
        case verb(UInt8)
        case subnegotiation
        case subnegotiationCommand
    }

    static let iac: UInt8 = 255, dont: UInt8 = 254, doCommand: UInt8 = 253, wont: UInt8 = 252, will: UInt8 = 251
    static let sb: UInt8 = 250, se: UInt8 = 240
    static let echo: UInt8 = 1, sga: UInt8 = 3, ttype: UInt8 = 24, eor: UInt8 = 25, naws: UInt8 = 31

    var state = State.data
    var pendingCR = false
    var subnegotiation: [UInt8] = []
    /// Options we perform (we said WILL) and options the server performs (we said DO).
    var local: Set<UInt8> = []
    var remote: Set<UInt8> = []

    mutating func feed(_ byte: UInt8, text: inout [UInt8], replies: inout [UInt8], answer: Bool) {
        switch state {
        case .data:
            if byte == Self.iac { state = .command } else { data(byte, text: &text) }
        case .command:
            switch byte {
            case Self.iac: state = .data; data(byte, text: &text)
            case Self.will, Self.wont, Self.doCommand, Self.dont: state = .verb(byte)
            case Self.sb: state = .subnegotiation; subnegotiation = []
            default: state = .data
            }
        case .verb(let verb):
            state = .data
            if answer { negotiate(verb, byte, into: &replies) }
        case .subnegotiation:
            if byte == Self.iac { state = .subnegotiationCommand } else { subnegotiation.append(byte) }
        case .subnegotiationCommand:
            if byte == Self.iac {
                subnegotiation.append(byte)
                state = .subnegotiation
            } else {
                state = .data
                // TTYPE SEND: answer IS XTERM.
                if answer, subnegotiation == [Self.ttype, 1] {
                    replies += [Self.iac, Self.sb, Self.ttype, 0] + Array("XTERM".utf8) + [Self.iac, Self.se]
                }
            }
        }
    }

    private mutating func data(_ byte: UInt8, text: inout [UInt8]) {
        if pendingCR {
            pendingCR = false
            if byte == 10 { text.append(10); return }
            text.append(13)
            if byte == 0 { return }
        }
        if byte == 13 { pendingCR = true } else { text.append(byte) }
    }

    private mutating func negotiate(_ verb: UInt8, _ option: UInt8, into out: inout [UInt8]) {
        switch verb {
        case Self.doCommand:
            if [Self.ttype, Self.naws].contains(option) {
                guard local.insert(option).inserted else { return }
                out += [Self.iac, Self.will, option]
                if option == Self.naws {
                    out += [Self.iac, Self.sb, Self.naws, 0, 80, 0, 24, Self.iac, Self.se]
                }
            } else if !local.contains(option) {
                out += [Self.iac, Self.wont, option]
            }
        case Self.dont:
            if local.remove(option) != nil { out += [Self.iac, Self.wont, option] }
        case Self.will:
            if [Self.echo, Self.eor, Self.sga].contains(option) {
                if remote.insert(option).inserted { out += [Self.iac, Self.doCommand, option] }
            } else {
                out += [Self.iac, Self.dont, option]
            }
        default:
            if remote.remove(option) != nil { out += [Self.iac, Self.dont, option] }
        }
    }
}

extension Array where Element == UInt8 {
    /// Where `needle` first occurs at or after `start`. memchr and memcmp, because the generic
    /// search is slow in debug builds and the flood tests search a lot of text.
    func index(of needle: [UInt8], from start: Int = 0) -> Int? {
        guard start >= 0, needle.count <= count - start else { return nil }
        guard let first = needle.first else { return start }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { needle in
                let base = haystack.baseAddress!
                let last = haystack.count - needle.count
                var position = start
                while position <= last {
                    guard let hit = memchr(base + position, Int32(first), last - position + 1) else { return nil }
                    let at = UnsafeRawPointer(hit) - base
                    if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
                    position = at + 1
                }
                return nil
            }
        }
    }

    func occurrences(of needle: [UInt8]) -> Int {
        var count = 0
        var start = 0
        while let at = index(of: needle, from: start) {
            count += 1
            start = at + needle.count
        }
        return count
    }

    func lastIndex(of needle: [UInt8]) -> Int? {
        var last: Int?
        var start = 0
        while let at = index(of: needle, from: start) {
            last = at
            start = at + 1
        }
        return last
    }
}
