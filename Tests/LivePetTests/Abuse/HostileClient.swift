import Dispatch
import Foundation
import Glibc
import Synchronization

/// A bare socket for attacks: it can connect from any loopback address (127.0.0.0/8 is all
/// local on Linux), so per-address limits hit the attacker and not the test's well-behaved
/// clients on 127.0.0.1. Sends and reads run on two private queues, never on Swift's pool; a
/// failed send (the server hung up) is reported, not thrown.
final class HostileClient: Sendable {
    let fd: Int32
    let source: String
    private let writer = DispatchQueue(label: "livepet.hostile-client.writer")
    private let reader = DispatchQueue(label: "livepet.hostile-client.reader")
    private let closed = Mutex(false)

    private init(fd: Int32, source: String) {
        self.fd = fd
        self.source = source
    }

    /// Connects; `first` is sent at once on the same thread, as a web or TLS client does.
    static func connect(port: Int, from source: String = "127.0.0.2", receiveBufferSize: Int32? = nil,
                        sending first: [UInt8] = []) async throws -> HostileClient {
        let fd: Int32 = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let fd = try open(port: port, source: source, receiveBufferSize: receiveBufferSize)
                    if !first.isEmpty { _ = first.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) } }
                    return fd
                })
            }
        }
        return HostileClient(fd: fd, source: source)
    }

    private static func open(port: Int, source: String, receiveBufferSize: Int32?) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestClientError("socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if var size = receiveBufferSize {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let connected = bound == 0 && withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
        guard connected else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw TestClientError("connect from \(source) to port \(port): \(message)")
        }
        return fd
    }

    /// Sends all of `bytes`; false once the server has closed the connection.
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool {
        await run(on: writer) { fd in
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
    }

    @discardableResult
    func send(_ text: String) async -> Bool {
        await send(Array(text.utf8))
    }

    /// What `flood` did.
    struct FloodResult: Sendable {
        /// Bytes the kernel accepted.
        var sent = 0
        /// The server closed the connection (a reset or a broken pipe on send).
        var closed = false
    }

    /// Sends `chunk` again and again, without reading, as fast as the server takes it, until the
    /// server closes the connection, `budget` bytes have gone or `stop` returns true (checked
    /// between chunks). `progress` is called once, after the first `signalAfter` bytes, so a
    /// test can wait until the flood is under way. One job on the writer queue: no task per chunk.
    func flood(_ chunk: [UInt8], budget: Int, signalAfter: Int = 0, progress: (@Sendable () -> Void)? = nil,
               stop: @escaping @Sendable () -> Bool = { false }) async -> FloodResult {
        await run(on: writer) { fd in
            var result = FloodResult()
            var signalled = progress == nil
            while result.sent < budget, !stop() {
                var offset = 0
                while offset < chunk.count {
                    let written = chunk.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, chunk.count - offset, Int32(MSG_NOSIGNAL)) }
                    if written > 0 {
                        offset += written
                        continue
                    }
                    let error = errno
                    if written < 0, error == EINTR || error == EAGAIN || error == EWOULDBLOCK {
                        // EAGAIN: the 5 s send timeout passed (the server is not reading); try again
                        // unless the test is done.
                        if stop() { break }
                        continue
                    }
                    result.sent += offset
                    result.closed = true
                    return result
                }
                result.sent += offset
                if !signalled, result.sent >= signalAfter {
                    signalled = true
                    progress?()
                }
            }
            return result
        }
    }

    /// Sends `bytes` one at a time, pausing `pause` between them.
    @discardableResult
    func trickle(_ bytes: [UInt8], pause: Duration) async -> Bool {
        for byte in bytes {
            guard await send([byte]) else { return false }
            try? await Task.sleep(for: pause)
        }
        return true
    }

    /// Reads until `needle` arrives, the server closes, or `timeout` passes; returns what came
    /// (at most `limit` bytes are kept) and whether the server closed the connection.
    func read(until needle: String? = nil, timeout: Duration = .seconds(5), limit: Int = 1 << 20) async -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        let pattern = needle.map { Array($0.utf8) }
        return await run(on: reader) { fd in
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let left = deadline - .now
                guard left > .zero else { return (received, false) }
                var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let millis = Int32(max(1, left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000))
                let ready = poll(&pollFD, 1, millis)
                if ready < 0, errno == EINTR { continue }
                if ready <= 0 { continue }
                let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if count > 0 {
                    if received.count < limit { received.append(contentsOf: buffer[0..<min(count, limit - received.count)]) }
                    if let pattern, received.index(of: pattern) != nil { return (received, false) }
                    continue
                }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                return (received, true)
            }
        }
    }

    /// `read(until:)` as text.
    func readText(until needle: String? = nil, timeout: Duration = .seconds(5)) async -> (text: String, closed: Bool) {
        let (bytes, closed) = await read(until: needle, timeout: timeout)
        return (String(decoding: bytes, as: UTF8.self), closed)
    }

    func close() {
        let first = closed.withLock { state -> Bool in
            defer { state = true }
            return !state
        }
        guard first else { return }
        let fd = fd
        // Wakes a blocked read; the descriptor is released once neither queue can use it.
        _ = shutdown(fd, Int32(SHUT_RDWR))
        let writer = writer
        reader.async { writer.async { Glibc.close(fd) } }
    }

    private func run<T: Sendable>(on queue: DispatchQueue, _ body: @escaping @Sendable (Int32) -> T) async -> T {
        let fd = fd
        return await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body(fd)) }
        }
    }

    deinit {
        if !closed.withLock({ $0 }) { Glibc.close(fd) }
    }
}

/// The process's resident memory, from /proc/self/status (the server runs in the test process).
enum ResidentMemory {
    static func bytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes * 1024
    }
}
