import Glibc

/// A TLS client on a real socket for end-to-end tests: blocking reads with a deadline
/// (SO_RCVTIMEO), the TLS itself done by `TLSTestClient` over memory BIOs.
final class TLSSocketClient {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let tls: TLSTestClient
    private let fd: Int32
    /// Decrypted bytes not yet consumed by `readUntil`.
    private var text: [UInt8] = []
    private(set) var peerClosed = false
    /// MCCP2 (`compression`): asked for with `IAC DO MCCP2` after the handshake, inflated
    /// from the server's marker on. `decrypted` holds what came before the marker was found.
    private let compression: Bool
    private var decrypted: [UInt8] = []
    private var inflater: Inflater?
    private(set) var compressedStreamEnded = false
    private(set) var compressedStreams = 0

    init(port: Int, trusting certificatePath: String, maxVersion: Int32 = 0, compression: Bool = false) throws {
        self.compression = compression
        tls = TLSTestClient(trusting: certificatePath, maxVersion: maxVersion)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect: \(errno)")
        }
    }

    deinit { close(fd) }

    /// Runs the handshake to the end.
    func handshake() throws {
        text += tls.receive([])
        while !tls.isEstablished {
            flush()
            guard try readSome() else { throw Failure(description: "closed during the handshake") }
            if let failure = tls.failure { throw Failure(description: "handshake failed: SSL error \(failure)") }
        }
        if compression { tls.write([255, 253, 86]) }
        flush()
    }

    func send(_ line: String) {
        tls.write(Array((line + "\r\n").utf8))
        flush()
    }

    /// Sends bytes as they are (an HTTP request, WebSocket frames).
    func sendBytes(_ bytes: [UInt8]) {
        tls.write(bytes)
        flush()
    }

    /// `readUntil` for bytes: consumes and returns the decrypted bytes through `wanted`.
    func readBytes(through wanted: [UInt8]) throws -> [UInt8] {
        while true {
            if let range = find(wanted) {
                let through = Array(text[..<range])
                text.removeFirst(range)
                return through
            }
            guard try readSome() else { throw Failure(description: "closed before \(wanted)") }
        }
    }

    /// Reads and decrypts until the text holds `needle`; consumes and returns the text through it.
    @discardableResult
    func readUntil(_ needle: String) throws -> String {
        let wanted = Array(needle.utf8)
        while true {
            if let range = find(wanted) {
                let through = Array(text[..<range])
                text.removeFirst(range)
                return String(decoding: through, as: UTF8.self)
            }
            guard try readSome() else {
                throw Failure(description: "closed before \(needle.debugDescription); got \(String(decoding: text, as: UTF8.self).debugDescription)")
            }
        }
    }

    /// Reads until the server closes the TCP connection; returns the text decrypted meanwhile.
    func readToEnd() throws -> String {
        while try readSome() {}
        defer { text = [] }
        return String(decoding: text, as: UTF8.self)
    }

    private func find(_ wanted: [UInt8]) -> Int? {
        guard text.count >= wanted.count else { return nil }
        for start in 0...(text.count - wanted.count) where text[start..<(start + wanted.count)].elementsEqual(wanted) {
            return start + wanted.count
        }
        return nil
    }

    /// One read; false at end of stream. Throws on the deadline.
    private func readSome() throws -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16384)
        let count = recv(fd, &buffer, buffer.count, 0)
        if count < 0 {
            throw Failure(description: "recv: errno \(errno) (deadline?); unread: \(String(decoding: text, as: UTF8.self).debugDescription)")
        }
        if count == 0 {
            peerClosed = true
            return false
        }
        try take(tls.receive(Array(buffer.prefix(count))))
        flush()
        return true
    }

    /// Decrypted bytes into `text`, inflated from the MCCP2 marker on.
    private func take(_ bytes: [UInt8]) throws {
        guard compression else {
            text += bytes
            return
        }
        if let inflater {
            let (output, consumed) = try inflater.inflate(bytes)
            text += output
            if inflater.ended {
                compressedStreamEnded = true
                self.inflater = nil
                text += bytes[consumed...]
            }
            return
        }
        decrypted += bytes
        let marker: [UInt8] = [255, 250, 86, 255, 240]
        guard let at = decrypted.index(of: marker) else {
            // Keep what could be the start of a marker split between reads.
            let safe = max(0, decrypted.count - marker.count + 1)
            text += decrypted[..<safe]
            decrypted.removeFirst(safe)
            return
        }
        text += decrypted[..<(at + marker.count)]
        let rest = Array(decrypted[(at + marker.count)...])
        decrypted = []
        inflater = Inflater()
        compressedStreams += 1
        try take(rest)
    }

    private func flush() {
        let bytes = tls.take()
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }
}
