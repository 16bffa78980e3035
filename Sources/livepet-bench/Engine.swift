import CLinux
import Glibc

/// The bench's event loop: thousands of non-blocking client sockets on one epoll, on the
/// calling thread.
///
/// The engine owns the protocol dialogue of every connection (connect, log in, join) and
/// hands the scenario only what it measures: a connection becoming ready or joined, a
/// line received while ready, a connection lost. Output is queued per connection and
/// written once per loop turn, so a client that sends several lines in a turn costs one
/// system call. Reads go through one shared buffer and lines are handed out as borrowed
/// bytes; only a line split across reads is copied. Nothing here blocks.
final class Engine {
    let host: String
    let port: UInt16
    let adapter: any ChatProtocol
    let poller: Poller
    private(set) var connections: [BenchConnection] = []
    private var flushQueue: [BenchConnection] = []
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var stripped: [UInt8] = []
    /// With `--tls`: the client context, and where decrypted bytes land.
    private let tlsContext: BenchTLS.Context?
    let plainBuffer: UnsafeMutableRawBufferPointer?

    private(set) var bytesIn = 0
    /// Clients ask for MCCP2 at connect and inflate the server's output (--mccp).
    var mccp = false
    var inflated: [UInt8] = []
    /// Clients speak WebSocket (--websocket, `BenchWebSocket`).
    var webSocket = false
    private(set) var linesIn = 0
    var bytesOut = 0
    /// Connections opened and not yet ready, failed or closed.
    private(set) var loginsInFlight = 0
    private(set) var liveCount = 0
    /// Monotonic time of the last byte received (for quiet-period waits).
    private(set) var lastInputAt: UInt64 = 0
    /// Reasons connections were lost, counted.
    private(set) var failures: [String: Int] = [:]

    var onReady: (BenchConnection) -> Void = { _ in }
    var onJoined: (BenchConnection) -> Void = { _ in }
    var onLine: (BenchConnection, ByteLine, UInt64) -> Void = { _, _, _ in }
    var onClosed: (BenchConnection) -> Void = { _ in }

    init(host: String, port: UInt16, adapter: any ChatProtocol, tls: Bool = false) throws(BenchError) {
        self.host = host
        self.port = port
        self.adapter = adapter
        poller = try Poller()
        readBuffer = .allocate(byteCount: 256 * 1024, alignment: 16)
        tlsContext = tls ? try BenchTLS.Context() : nil
        plainBuffer = tls ? .allocate(byteCount: 64 * 1024, alignment: 16) : nil
    }

    deinit {
        for connection in connections where connection.fd >= 0 {
            Glibc.close(connection.fd)
        }
        readBuffer.deallocate()
        plainBuffer?.deallocate()
    }

    /// Creates `count` idle connections; `configure` sets each one's login, nick and room.
    func makeConnections(_ count: Int, configure: (BenchConnection) -> Void) {
        connections.reserveCapacity(connections.count + count)
        for _ in 0..<count {
            let connection = BenchConnection(index: connections.count)
            configure(connection)
            connections.append(connection)
        }
    }

    // MARK: Commands

    /// Starts a non-blocking connect; the login lines follow when it completes.
    func open(_ connection: BenchConnection) {
        precondition(connection.phase == .idle || connection.phase == .closed)
        connection.failure = nil
        connection.partial.removeAll()
        connection.output.removeAll()
        connection.outputOffset = 0
        connection.wantsWrite = false
        connection.tls = nil
        connection.webSocket = nil
        connection.loginStep = 0
        connection.startedAt = MonotonicClock.nanos()
        connection.readyAt = 0
        loginsInFlight += 1
        liveCount += 1
        if let tlsContext {
            // The ClientHello (and its key share) is made before the connect, so it leaves
            // as soon as the connect completes: LivePet waits only 100 ms for a client that
            // speaks first before it starts telnet in clear, and a bench loop turn busy with
            // hundreds of handshakes on a loaded machine can take longer than that.
            do {
                connection.tls = try BenchTLS(context: tlsContext)
            } catch {
                connection.phase = .connecting
                fail(connection, error.message)
                return
            }
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            connection.phase = .connecting
            fail(connection, "socket: \(String(cString: strerror(errno)))")
            return
        }
        connection.fd = fd
        connection.phase = .connecting
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port.bigEndian)
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if status != 0, errno != EINPROGRESS {
            fail(connection, "connect: \(String(cString: strerror(errno)))")
            return
        }
        guard poller.add(fd, token: connection.index, events: Poller.readable | Poller.writable) else {
            fail(connection, "epoll_ctl: \(String(cString: strerror(errno)))")
            return
        }
        if status == 0 {
            connected(connection)
        } else if let tls = connection.tls {
            // On loopback the connect has usually completed by now: the ClientHello goes at
            // once, not after the rest of this loop turn (what is left is sent on writable).
            let written = tls.ciphertext.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                bytesOut += written
                tls.sent(written)
            }
        }
    }

    /// Sends the adapter's join lines; `onJoined` follows when the server confirms.
    func join(_ connection: BenchConnection, room: Int) {
        guard connection.phase == .ready else { return }
        connection.room = room
        let lines = adapter.joinLines(room: room, connection: connection)
        if lines.isEmpty {
            onJoined(connection)
            return
        }
        connection.phase = .joining
        for line in lines { send(connection, line) }
    }

    /// Closes one connection. `reset` sends RST (SO_LINGER 0) so no TIME_WAIT ties up a
    /// local port: a storm of 10k followed by another would otherwise run out of ports.
    func close(_ connection: BenchConnection, reset: Bool = true) {
        guard connection.isLive else { return }
        if connection.phase == .connecting || connection.phase == .loggingIn { loginsInFlight -= 1 }
        connection.phase = .closed
        liveCount -= 1
        if connection.fd >= 0 {
            if reset {
                var option = linger(l_onoff: 1, l_linger: 0)
                _ = setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            }
            poller.remove(connection.fd)
            Glibc.close(connection.fd)
            connection.fd = -1
        }
        connection.tls = nil
    }

    func closeAll() {
        for connection in connections { close(connection) }
    }

    // MARK: Loop

    /// Runs loop turns until `done()` or `deadline`; `tick` runs every turn, and the loop
    /// wakes at least every `tickMs` milliseconds. Returns false on timeout.
    @discardableResult
    func run(until deadline: UInt64, tickMs: Int32 = 10, tick: () -> Void = {}, done: () -> Bool) -> Bool {
        while true {
            tick()
            flush()
            if done() { return true }
            let now = MonotonicClock.nanos()
            if now >= deadline { return false }
            let remaining = Int32(min(UInt64(tickMs), (deadline - now) / 1_000_000 + 1))
            poller.wait(timeout: remaining) { token, events in
                handle(connections[token], events: events)
            }
        }
    }

    /// Runs until no byte has arrived for `quiet` seconds (or `limit` seconds pass), so
    /// announcements still streaming in do not leak into the next measurement.
    func drain(quiet: Double, limit: Double) {
        let start = MonotonicClock.nanos()
        lastInputAt = max(lastInputAt, start)
        let quietNanos = MonotonicClock.nanos(seconds: quiet)
        run(until: start + MonotonicClock.nanos(seconds: limit)) {
            MonotonicClock.nanos() - lastInputAt >= quietNanos
        }
    }

    private func handle(_ connection: BenchConnection, events: UInt32) {
        guard connection.isLive else { return }
        if connection.phase == .connecting {
            guard events & (Poller.writable | EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 else { return }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length)
            guard error == 0 else {
                fail(connection, "connect: \(String(cString: strerror(error)))")
                return
            }
            connected(connection)
            return
        }
        if events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0 {
            readAvailable(connection)
        }
        if connection.isLive, events & Poller.writable != 0 {
            write(connection)
        }
    }

    /// The login lines are queued at once; over TLS they wait in `output` for the handshake,
    /// and the ClientHello is sent now rather than after the rest of this turn's events.
    private func connected(_ connection: BenchConnection) {
        connection.phase = .loggingIn
        poller.modify(connection.fd, token: connection.index, events: Poller.readable)
        if let tls = connection.tls {
            writeTLS(connection, tls)
            guard connection.isLive else { return }
        } else if mccp {
            // IAC DO MCCP2: the server agrees (WILL) and compresses after its marker.
            connection.inflater = nil
            connection.beforeMarker = []
            connection.output += [0xFF, 0xFD, 86]
        } else if webSocket {
            connection.webSocket = BenchWebSocket(index: connection.index)
            connection.output += BenchWebSocket.request(host: host, port: port)
        }
        for line in adapter.loginLines(for: connection) { send(connection, line) }
    }

    func queueFlush(_ connection: BenchConnection) {
        if !connection.queuedForFlush {
            connection.queuedForFlush = true
            flushQueue.append(connection)
        }
    }

    func fail(_ connection: BenchConnection, _ reason: String) {
        guard connection.isLive else { return }
        connection.failure = reason
        failures[Self.category(reason), default: 0] += 1
        close(connection, reset: true)
        onClosed(connection)
    }

    /// Groups reasons for the report ("Wrong password." for one client, not 5,000 lines).
    private static func category(_ reason: String) -> String {
        String(reason.prefix(reason.hasPrefix("tls:") ? 140 : 60))
    }

    private func readAvailable(_ connection: BenchConnection) {
        for _ in 0..<8 {
            let count = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
            if count > 0 {
                bytesIn += count
                lastInputAt = MonotonicClock.nanos()
                let bytes = UnsafeRawBufferPointer(rebasing: readBuffer[0..<count])
                if let tls = connection.tls {
                    decrypt(connection, tls, bytes, now: lastInputAt)
                } else if let socket = connection.webSocket {
                    receiveWebSocket(connection, socket, bytes, now: lastInputAt)
                } else if mccp {
                    decompress(connection, bytes, now: lastInputAt)
                } else {
                    consume(connection, bytes, now: lastInputAt)
                }
                if !connection.isLive || count < readBuffer.count { return }
            } else if count == 0 {
                fail(connection, "closed by server in phase \(connection.phase)")
                return
            } else {
                let error = errno
                if error == EINTR { continue }
                if error == EAGAIN || error == EWOULDBLOCK { return }
                fail(connection, "recv: \(String(cString: strerror(error)))")
                return
            }
        }
    }

    func consume(_ connection: BenchConnection, _ bytes: UnsafeRawBufferPointer, now: UInt64) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count, connection.isLive {
            guard let hit = memchr(base + start, 10, bytes.count - start) else {
                connection.partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start...]))
                if connection.partial.count > 1 << 20 {
                    fail(connection, "a line longer than 1 MiB")
                }
                return
            }
            let end = base.distance(to: UnsafeRawPointer(hit))
            if connection.partial.isEmpty {
                deliver(connection, UnsafeRawBufferPointer(rebasing: bytes[start..<end]), now: now)
            } else {
                connection.partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                let line = connection.partial
                connection.partial.removeAll(keepingCapacity: true)
                line.withUnsafeBytes { deliver(connection, $0, now: now) }
            }
            start = end + 1
        }
    }

    private func deliver(_ connection: BenchConnection, _ raw: UnsafeRawBufferPointer, now: UInt64) {
        var bytes = raw
        if let last = bytes.last, last == 13 { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropLast()) }
        linesIn += 1
        if adapter.stripsTelnet, let base = bytes.baseAddress, memchr(base, 0xFF, bytes.count) != nil {
            Telnet.strip(bytes, into: &stripped)
            let copy = stripped
            copy.withUnsafeBytes { dispatch(connection, ByteLine(bytes: $0), now: now) }
        } else {
            dispatch(connection, ByteLine(bytes: bytes), now: now)
        }
    }

    private func dispatch(_ connection: BenchConnection, _ line: ByteLine, now: UInt64) {
        if let reply = adapter.autoReply(to: line) { send(connection, reply) }
        switch connection.phase {
        case .ready:
            onLine(connection, line, now)
        case .loggingIn:
            switch adapter.loginStep(line, connection: connection) {
            case .pending:
                break
            case .send(let lines):
                for reply in lines { send(connection, reply) }
            case .done:
                connection.phase = .ready
                connection.readyAt = now
                loginsInFlight -= 1
                onReady(connection)
            case .failed(let reason):
                fail(connection, "login: " + reason)
            }
        case .joining:
            switch adapter.joinStep(line, connection: connection) {
            case .pending:
                break
            case .send(let lines):
                for reply in lines { send(connection, reply) }
            case .done:
                connection.phase = .ready
                onJoined(connection)
            case .failed(let reason):
                fail(connection, "join: " + reason)
            }
        case .idle, .connecting, .closed:
            break
        }
    }

    private func flush() {
        guard !flushQueue.isEmpty else { return }
        let queue = flushQueue
        flushQueue.removeAll(keepingCapacity: true)
        for connection in queue {
            connection.queuedForFlush = false
            if connection.isLive, connection.phase != .connecting { write(connection) }
        }
    }
}
