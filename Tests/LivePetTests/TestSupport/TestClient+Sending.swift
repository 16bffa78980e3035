import Foundation
import Glibc

/// Sending: lines and bytes that must arrive (these throw), and an attacker's writes, floods
/// and trickles, which report a closed connection instead of throwing.
extension TestClient {
    /// Sends `line` and CR LF, as typed: the screen shows it where the cursor was, then a new line.
    func send(_ line: String) async throws {
        state.update { $0.typed(line) }
        try await sendBytes(Array(line.utf8) + [13, 10])
    }

    /// Sends `IAC DONT MCCP2`, as a client that stops decompressing does.
    func refuseCompression() async throws {
        try await sendBytes(state.update { $0.refuseCompression() })
    }

    /// Sends exactly these bytes (no line end added) in one `send` call where the kernel allows.
    func sendBytes(_ bytes: [UInt8]) async throws {
        try await onWriter { fd in try Self.writeAll(fd, bytes) }
    }

    /// Sends `bytes`, then half-closes (FIN on our side, still reading), as `nc -N` does.
    func sendAndFinish(_ bytes: [UInt8]) async throws {
        try await onWriter { fd in
            try Self.writeAll(fd, bytes)
            _ = Glibc.shutdown(fd, Int32(SHUT_WR))
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

    /// Sends all of `bytes` as they are; false once the server has closed the connection.
    @discardableResult
    func write(_ bytes: [UInt8]) async -> Bool {
        (try? await sendBytes(bytes)) != nil
    }

    /// `write` of the text as it is (no line end added).
    @discardableResult
    func write(_ text: String) async -> Bool {
        await write(Array(text.utf8))
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
        await onWriter { fd in
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

    /// Sends `bytes` one at a time, pausing `pause` between them (a slow attacker: the pause is
    /// the attack, not a wait).
    @discardableResult
    func trickle(_ bytes: [UInt8], pause: Duration) async -> Bool {
        for byte in bytes {
            guard await write([byte]) else { return false }
            try? await Task.sleep(for: pause)
        }
        return true
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
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

    private func onWriter<T: Sendable>(_ body: @escaping @Sendable (Int32) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            writer.async { [self] in continuation.resume(with: Result { try body(fd) }) }
        }
    }

    private func onWriter<T: Sendable>(_ body: @escaping @Sendable (Int32) -> T) async -> T {
        await withCheckedContinuation { continuation in
            writer.async { [self] in continuation.resume(returning: body(fd)) }
        }
    }
}
