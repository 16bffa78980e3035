import Dispatch
import Foundation
import Glibc
import Synchronization

/// A scripted MUD client for byte-level tests of the client options: it answers the server's
/// negotiation the way a chosen client would (TinTin++, Mudlet, GNU telnet, a client that
/// refuses EOR, or `nc`, which never sends a telnet byte) and records everything it receives.
///
/// Like `TestClient`, blocking socket calls stay off Swift's cooperative pool: a thread reads,
/// a serial queue writes (negotiation replies first, then the test's sends, in order), and
/// async callers wait on continuations resumed by the reader, with a timer that fails the wait
/// readably. Nothing here sleeps.
///
/// Views of the input: `raw` (every byte), the text (telnet commands removed, CR LF as "\n",
/// consumed by `readUntil`), the subnegotiations in order (GMCP and MSSP are read from these),
/// and the two-byte commands (GA, EOR, NOP).
final class MudClient: Sendable {
    /// How the client answers the server.
    struct Profile: Sendable {
        /// False: never sends a telnet byte of its own accord, like `nc`.
        var speaksTelnet = true
        /// Answers to successive `TTYPE SEND`s (the last one repeats); empty refuses TTYPE.
        var terminalTypes: [String] = ["XTERM"]
        var acceptsEOR = true
        /// NAWS answer; nil refuses NAWS.
        var window: WindowSize? = WindowSize(width: 80, height: 24)
        var acceptsGMCP = false
        var acceptsMSSP = false

        /// `nc`: raw TCP.
        static let raw = Profile(speaksTelnet: false, terminalTypes: [], acceptsEOR: false, window: nil)
        /// TinTin++ 2.x: MTTS cycle, EOR, NAWS, GMCP (when enabled in the script).
        static let tintin = Profile(terminalTypes: ["TINTIN++", "XTERM-256COLOR", "MTTS 137"], acceptsEOR: true,
                                    acceptsGMCP: true, acceptsMSSP: true)
        /// GNU telnet: one terminal type, no EOR (so prompts need GA), NAWS.
        static let gnuTelnet = Profile(terminalTypes: ["XTERM"], acceptsEOR: false)
    }

    struct WindowSize: Sendable {
        var width: Int
        var height: Int
    }

    static let iac: UInt8 = 255, dont: UInt8 = 254, doVerb: UInt8 = 253, wont: UInt8 = 252, will: UInt8 = 251
    static let sb: UInt8 = 250, ga: UInt8 = 249, nop: UInt8 = 241, se: UInt8 = 240, eor: UInt8 = 239
    static let echo: UInt8 = 1, ttype: UInt8 = 24, eorOption: UInt8 = 25, naws: UInt8 = 31
    static let mssp: UInt8 = 70, gmcp: UInt8 = 201

    let profile: Profile
    private let fd: Int32
    private let state: Mutex<MudClientState>
    private let writer = DispatchQueue(label: "livepet.mud-client.writer")

    private init(fd: Int32, profile: Profile) {
        self.fd = fd
        self.profile = profile
        state = Mutex(MudClientState(profile: profile))
    }

    /// Connects to 127.0.0.1:`port` and starts reading.
    static func connect(port: Int, profile: Profile) async throws -> MudClient {
        let fd: Int32 = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try openSocket(port: port) })
            }
        }
        let client = MudClient(fd: fd, profile: profile)
        let thread = Thread { [client] in client.readLoop() }
        thread.name = "livepet-mud-client"
        thread.start()
        return client
    }

    private static func openSocket(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
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

    // MARK: Sending

    /// Sends `line` and CR LF.
    func send(_ line: String) async throws {
        try await sendBytes(Array(line.utf8) + [13, 10])
    }

    /// Sends these bytes as they are.
    func sendBytes(_ bytes: [UInt8]) async throws {
        let fd = fd
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            writer.async {
                continuation.resume(with: Result { try Self.writeAll(fd, bytes) })
            }
        }
    }

    /// Sends `IAC SB option payload IAC SE`, doubling 0xFF in the payload.
    func sendSubnegotiation(_ option: UInt8, _ payload: [UInt8]) async throws {
        var bytes: [UInt8] = [Self.iac, Self.sb, option]
        for byte in payload {
            bytes.append(byte)
            if byte == Self.iac { bytes.append(byte) }
        }
        try await sendBytes(bytes + [Self.iac, Self.se])
    }

    /// Sends a GMCP message: `IAC SB GMCP "package json" IAC SE`.
    func sendGMCP(_ package: String, _ json: String) async throws {
        try await sendSubnegotiation(Self.gmcp, Array("\(package) \(json)".utf8))
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

    // MARK: What arrived

    var raw: [UInt8] { state.withLock { $0.raw } }
    var subnegotiations: [MudClientState.Subnegotiation] { state.withLock { $0.subnegotiations } }
    /// `TTYPE SEND` requests received.
    var terminalTypeRequests: Int { state.withLock { $0.terminalTypeRequests } }
    var gmcpMessages: [GMCPMessage] { state.withLock { $0.gmcpMessages } }
    var commands: [UInt8] { state.withLock { $0.commands } }
    var isClosedByServer: Bool { state.withLock { $0.eof } }

    /// Consumes and returns the unread text.
    func takeUnreadText() -> String {
        state.withLock { state in
            let text = String(decoding: state.text[state.cursor...], as: UTF8.self)
            state.cursor = state.text.count
            return text
        }
    }

    /// Waits until `needle` is in the unread text; consumes and returns the text up to it.
    @discardableResult
    func readUntil(_ needle: String, timeout: Duration = .seconds(5)) async throws -> String {
        let bytes = Array(needle.utf8)
        try await waitUntil(needle.debugDescription, timeout: timeout) { $0.text.index(of: bytes, from: $0.cursor) != nil }
        return try state.withLock { state throws(TestClientError) -> String in
            guard let start = state.text.index(of: bytes, from: state.cursor) else {
                throw TestClientError("connection closed before \(needle.debugDescription); unread: \(state.unreadDescription)")
            }
            let end = start + bytes.count
            let text = String(decoding: state.text[state.cursor..<end], as: UTF8.self)
            state.cursor = end
            return text
        }
    }

    /// Reads up to the end of the next game prompt ("[Lobby] > ", "[Rex's room, 5 treats] > ").
    @discardableResult
    func readPrompt(timeout: Duration = .seconds(5)) async throws -> String {
        try await readUntil("] > ", timeout: timeout)
    }

    /// Sends a command, waits for `answer` and then the prompt after it; returns the text read.
    @discardableResult
    func command(_ line: String, until answer: String, timeout: Duration = .seconds(5)) async throws -> String {
        try await send(line)
        let text = try await readUntil(answer, timeout: timeout)
        return text + (try await readPrompt(timeout: timeout))
    }

    /// Sends a command and reads through the next prompt; only for tests where nothing else
    /// can arrive meanwhile (a prompt shown again after someone else's line would end it early).
    @discardableResult
    func commandThroughPrompt(_ line: String, timeout: Duration = .seconds(5)) async throws -> String {
        try await send(line)
        return try await readPrompt(timeout: timeout)
    }

    /// Waits for the next GMCP message of `package` (after those already taken) matching
    /// `predicate`; consumes every message up to it.
    @discardableResult
    func nextGMCP(_ package: String, timeout: Duration = .seconds(5),
                  where predicate: @escaping @Sendable (GMCPMessage) -> Bool = { _ in true }) async throws -> GMCPMessage {
        let match: @Sendable (MudClientState) -> Int? = { state in
            let messages = state.gmcpMessages
            guard state.gmcpCursor < messages.count else { return nil }
            return messages[state.gmcpCursor...].firstIndex { $0.package == package && predicate($0) }
        }
        try await waitUntil("GMCP \(package)", timeout: timeout) { match($0) != nil }
        return try state.withLock { state throws(TestClientError) -> GMCPMessage in
            guard let index = match(state) else {
                throw TestClientError("connection closed before GMCP \(package); got \(state.gmcpMessages.map(\.package))")
            }
            state.gmcpCursor = index + 1
            return state.gmcpMessages[index]
        }
    }

    /// Waits until the raw bytes contain `pattern` at or after `from`; returns where.
    @discardableResult
    func waitForRaw(_ pattern: [UInt8], from start: Int = 0, timeout: Duration = .seconds(5)) async throws -> Int {
        try await waitUntil("raw bytes \(pattern)", timeout: timeout) { $0.raw.index(of: pattern, from: start) != nil }
        guard let at = raw.index(of: pattern, from: start) else {
            throw TestClientError("connection closed before raw bytes \(pattern)")
        }
        return at
    }

    /// Waits for the server to close the connection; returns the unread text.
    @discardableResult
    func expectClosed(timeout: Duration = .seconds(5)) async throws -> String {
        try await waitUntil("the server to close", timeout: timeout, failOnEOF: false) { $0.eof }
        return takeUnreadText()
    }

    /// Waits until `condition` holds for what has arrived. Fails on timeout, and on EOF unless
    /// the condition is about EOF.
    func waitUntil(_ what: String, timeout: Duration = .seconds(5), failOnEOF: Bool = true,
                   _ condition: @escaping @Sendable (MudClientState) -> Bool) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let id = state.withLock { state -> UInt64? in
                if condition(state) || state.eof { return nil }
                state.nextWaiter += 1
                state.waiters[state.nextWaiter] = MudClientState.Waiter(condition: condition, continuation: continuation)
                return state.nextWaiter
            }
            guard let id else {
                continuation.resume()
                return
            }
            let (seconds, attoseconds) = timeout.components
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(seconds) + Double(attoseconds) / 1e18) { [self] in
                let (waiter, unread) = state.withLock { ($0.waiters.removeValue(forKey: id), $0.unreadDescription) }
                waiter?.continuation.resume(throwing: TestClientError("timed out after \(timeout) waiting for \(what); unread text: \(unread)"))
            }
        }
        if failOnEOF {
            let (eof, satisfied, unread) = state.withLock { ($0.eof, condition($0), $0.unreadDescription) }
            if eof && !satisfied { throw TestClientError("connection closed while waiting for \(what); unread text: \(unread)") }
        }
    }

    // MARK: Reading thread

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while !state.withLock({ $0.closeRequested }) {
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&pollFD, 1, 50)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { continue }
            let count = ready < 0 ? -1 : recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 {
                let (replies, waiters) = state.withLock { state in
                    var replies: [UInt8] = []
                    state.receive(buffer[0..<count], replies: &replies)
                    return (replies, state.takeSatisfiedWaiters())
                }
                if !replies.isEmpty {
                    let fd = fd
                    writer.async { try? Self.writeAll(fd, replies) }
                }
                for waiter in waiters { waiter.continuation.resume() }
                continue
            }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            break
        }
        let waiters = state.withLock { state in
            state.eof = true
            state.readerDone = true
            return state.takeSatisfiedWaiters()
        }
        for waiter in waiters { waiter.continuation.resume() }
        releaseIfDone()
    }

    // MARK: Closing

    func close() {
        let first = state.withLock { state -> Bool in
            guard !state.closeRequested else { return false }
            state.closeRequested = true
            return true
        }
        guard first else { return }
        _ = shutdown(fd, Int32(SHUT_RDWR))
        writer.async { [self] in
            state.withLock { $0.writerDone = true }
            releaseIfDone()
        }
    }

    private func releaseIfDone() {
        let release = state.withLock { state -> Bool in
            guard state.closeRequested, state.readerDone, state.writerDone, !state.released else { return false }
            state.released = true
            return true
        }
        if release { Glibc.close(fd) }
    }
}

/// One GMCP message as received.
struct GMCPMessage: Sendable, CustomStringConvertible {
    var package: String
    var json: String

    /// The JSON body decoded as an object (nil if it is not one).
    var object: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    var description: String { "\(package) \(json)" }
}

/// Everything the reader and the waiters share, behind the client's Mutex.
struct MudClientState: Sendable {
    struct Subnegotiation: Sendable {
        var option: UInt8
        var payload: [UInt8]
    }

    struct Waiter: Sendable {
        var condition: @Sendable (MudClientState) -> Bool
        var continuation: CheckedContinuation<Void, any Error>
    }

    private enum Parse: Sendable {
        case data, command, verb(UInt8), sbOption, sb, sbCommand
    }

    let profile: MudClient.Profile
    var raw: [UInt8] = []
    var text: [UInt8] = []
    var cursor = 0
    var subnegotiations: [Subnegotiation] = []
    var gmcpMessages: [GMCPMessage] = []
    var gmcpCursor = 0
    /// Two-byte commands (GA, EOR, NOP, …) in order.
    var commands: [UInt8] = []
    var terminalTypeRequests = 0
    var eof = false
    fileprivate var waiters: [UInt64: Waiter] = [:]
    fileprivate var nextWaiter: UInt64 = 0
    fileprivate var closeRequested = false
    fileprivate var readerDone = false
    fileprivate var writerDone = false
    fileprivate var released = false

    private var parse = Parse.data
    private var pendingCR = false
    private var sbOption: UInt8 = 0
    private var sbData: [UInt8] = []
    /// Options we agreed to perform / let the server perform, so each is answered once.
    private var local: Set<UInt8> = []
    private var remote: Set<UInt8> = []
    private var refusedLocal: Set<UInt8> = []
    private var refusedRemote: Set<UInt8> = []

    init(profile: MudClient.Profile) {
        self.profile = profile
    }

    var unreadDescription: String {
        String(decoding: text[cursor...], as: UTF8.self).debugDescription + (eof ? " (then EOF)" : "")
    }

    mutating func takeSatisfiedWaiters() -> [Waiter] {
        let ready = waiters.filter { eof || $0.value.condition(self) }
        for id in ready.keys { waiters[id] = nil }
        return Array(ready.values)
    }

    mutating func receive(_ bytes: ArraySlice<UInt8>, replies: inout [UInt8]) {
        raw.append(contentsOf: bytes)
        for byte in bytes { step(byte, replies: &replies) }
    }

    private mutating func step(_ byte: UInt8, replies: inout [UInt8]) {
        switch parse {
        case .data:
            if byte == MudClient.iac { parse = .command } else { data(byte) }
        case .command:
            switch byte {
            case MudClient.iac: parse = .data; data(byte)
            case MudClient.will, MudClient.wont, MudClient.doVerb, MudClient.dont: parse = .verb(byte)
            case MudClient.sb: parse = .sbOption
            default: parse = .data; commands.append(byte)
            }
        case .verb(let verb):
            parse = .data
            if profile.speaksTelnet { negotiate(verb, byte, replies: &replies) }
        case .sbOption:
            sbOption = byte
            sbData = []
            parse = .sb
        case .sb:
            if byte == MudClient.iac { parse = .sbCommand } else { sbData.append(byte) }
        case .sbCommand:
            if byte == MudClient.iac {
                sbData.append(byte)
                parse = .sb
            } else {
                parse = .data
                finishSubnegotiation(replies: &replies)
            }
        }
    }

    private mutating func data(_ byte: UInt8) {
        if pendingCR {
            pendingCR = false
            if byte == 10 { text.append(10); return }
            text.append(13)
            if byte == 0 { return }
        }
        if byte == 13 { pendingCR = true } else { text.append(byte) }
    }

    private mutating func finishSubnegotiation(replies: inout [UInt8]) {
        subnegotiations.append(Subnegotiation(option: sbOption, payload: sbData))
        switch sbOption {
        case MudClient.ttype where sbData == [1]:
            terminalTypeRequests += 1
            guard profile.speaksTelnet, let last = profile.terminalTypes.last else { return }
            let name = terminalTypeRequests <= profile.terminalTypes.count ? profile.terminalTypes[terminalTypeRequests - 1] : last
            replies += [MudClient.iac, MudClient.sb, MudClient.ttype, 0] + Array(name.utf8) + [MudClient.iac, MudClient.se]
        case MudClient.gmcp:
            let message = String(decoding: sbData, as: UTF8.self)
            if let space = message.firstIndex(of: " ") {
                gmcpMessages.append(GMCPMessage(package: String(message[..<space]), json: String(message[message.index(after: space)...])))
            } else {
                gmcpMessages.append(GMCPMessage(package: message, json: ""))
            }
        default:
            break
        }
    }

    /// Answers once per change of state, so negotiation cannot loop.
    private mutating func negotiate(_ verb: UInt8, _ option: UInt8, replies: inout [UInt8]) {
        let iac = MudClient.iac
        switch verb {
        case MudClient.doVerb:
            let agree: Bool
            switch option {
            case MudClient.ttype: agree = !profile.terminalTypes.isEmpty
            case MudClient.naws: agree = profile.window != nil
            default: agree = false
            }
            if agree {
                guard local.insert(option).inserted else { return }
                replies += [iac, MudClient.will, option]
                if option == MudClient.naws, let window = profile.window {
                    replies += [iac, MudClient.sb, MudClient.naws]
                    for byte in [UInt8(window.width >> 8), UInt8(window.width & 0xFF), UInt8(window.height >> 8), UInt8(window.height & 0xFF)] {
                        replies.append(byte)
                        if byte == iac { replies.append(byte) }
                    }
                    replies += [iac, MudClient.se]
                }
            } else if refusedLocal.insert(option).inserted {
                replies += [iac, MudClient.wont, option]
            }
        case MudClient.dont:
            if local.remove(option) != nil { replies += [iac, MudClient.wont, option] }
        case MudClient.will:
            let agree: Bool
            switch option {
            case MudClient.echo: agree = true
            case MudClient.eorOption: agree = profile.acceptsEOR
            case MudClient.gmcp: agree = profile.acceptsGMCP
            case MudClient.mssp: agree = profile.acceptsMSSP
            default: agree = false
            }
            if agree {
                if remote.insert(option).inserted { replies += [iac, MudClient.doVerb, option] }
            } else if refusedRemote.insert(option).inserted {
                replies += [iac, MudClient.dont, option]
            }
        default:  // WONT
            if remote.remove(option) != nil { replies += [iac, MudClient.dont, option] }
        }
    }
}
