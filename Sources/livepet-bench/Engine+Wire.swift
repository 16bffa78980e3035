import CLinux
import Glibc

/// The wire transforms a bench connection may speak: MCCP2 inflation in, TLS both ways, and
/// the write path with its one send loop.
extension Engine {
    /// MCCP2: plain telnet up to and including `IAC SB MCCP2 IAC SE`, inflated after it.
    func decompress(_ connection: BenchConnection, _ bytes: UnsafeRawBufferPointer, now: UInt64) {
        if let inflater = connection.inflater {
            inflated.removeAll(keepingCapacity: true)
            guard inflater.inflate(bytes, into: &inflated) else {
                fail(connection, "inflate failed")
                return
            }
            inflated.withUnsafeBytes { consume(connection, $0, now: now) }
            return
        }
        connection.beforeMarker.append(contentsOf: bytes)
        let marker: [UInt8] = [0xFF, 0xFA, 86, 0xFF, 0xF0]
        let held = connection.beforeMarker
        guard let at = held.firstRange(of: marker) else {
            let safe = max(0, held.count - marker.count + 1)
            held.withUnsafeBytes { consume(connection, UnsafeRawBufferPointer(rebasing: $0[..<safe]), now: now) }
            connection.beforeMarker.removeFirst(safe)
            return
        }
        connection.beforeMarker = []
        held.withUnsafeBytes { consume(connection, UnsafeRawBufferPointer(rebasing: $0[..<at.upperBound]), now: now) }
        guard let inflater = BenchInflater() else {
            fail(connection, "inflateInit failed")
            return
        }
        connection.inflater = inflater
        held.withUnsafeBytes { decompress(connection, UnsafeRawBufferPointer(rebasing: $0[at.upperBound...]), now: now) }
    }

    /// Feeds ciphertext to the connection's TLS session and its plaintext to `consume`;
    /// handshake messages and the login lines held back for the handshake go out next turn.
    func decrypt(_ connection: BenchConnection, _ tls: BenchTLS, _ bytes: UnsafeRawBufferPointer, now: UInt64) {
        let wasEstablished = tls.established
        let outcome = tls.receive(bytes, scratch: plainBuffer!) { plain in
            consume(connection, plain, now: now)
            return connection.isLive
        }
        guard connection.isLive else { return }
        switch outcome {
        case .ok:
            if tls.hasCiphertext || (!wasEstablished && tls.established) { queueFlush(connection) }
        case .closed:
            fail(connection, "closed by server (close_notify) in phase \(connection.phase)")
        case .failed(let reason):
            fail(connection, reason)
        }
    }

    /// Queues one line (CRLF added; a masked text frame over WebSocket); it is written at the end of this loop turn.
    func send(_ connection: BenchConnection, _ line: String) {
        guard connection.isLive, connection.fd >= 0 else { return }
        if let socket = connection.webSocket {
            socket.appendFrame(opcode: 1, line.utf8, to: &connection.output)
        } else {
            connection.output.append(contentsOf: line.utf8)
            connection.output.append(13)
            connection.output.append(10)
        }
        queueFlush(connection)
    }

    func write(_ connection: BenchConnection) {
        if let tls = connection.tls {
            writeTLS(connection, tls)
            return
        }
        guard let offset = transmit(connection, connection.output, from: connection.outputOffset) else { return }
        connection.outputOffset = offset
        let pending = connection.outputOffset < connection.output.count
        if !pending {
            connection.output.removeAll(keepingCapacity: true)
            connection.outputOffset = 0
        }
        setWantsWrite(connection, pending)
    }

    func setWantsWrite(_ connection: BenchConnection, _ pending: Bool) {
        if pending != connection.wantsWrite {
            connection.wantsWrite = pending
            poller.modify(connection.fd, token: connection.index,
                          events: Poller.readable | (pending ? Poller.writable : 0))
        }
    }

    /// Encrypts the queued plaintext (once the handshake is done) and sends the records.
    func writeTLS(_ connection: BenchConnection, _ tls: BenchTLS) {
        if tls.established, connection.outputOffset < connection.output.count {
            let sealed = connection.output.withUnsafeBytes {
                tls.encrypt(UnsafeRawBufferPointer(rebasing: $0[connection.outputOffset...]))
            }
            guard sealed else {
                fail(connection, "tls: encrypt failed")
                return
            }
            connection.output.removeAll(keepingCapacity: true)
            connection.outputOffset = 0
        }
        guard let offset = transmit(connection, tls.ciphertext, from: tls.ciphertextOffset) else { return }
        tls.sent(offset - tls.ciphertextOffset)
        setWantsWrite(connection, tls.hasCiphertext)
    }

    /// Sends `buffer` from `offset` until all of it is sent or the socket is full; returns the
    /// offset reached, or nil when the send failed (the connection is then closed).
    func transmit(_ connection: BenchConnection, _ buffer: [UInt8], from offset: Int) -> Int? {
        var offset = offset
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.send(connection.fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written > 0 {
                bytesOut += written
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                fail(connection, "send: \(String(cString: strerror(errno)))")
                return nil
            }
        }
        return offset
    }
}
