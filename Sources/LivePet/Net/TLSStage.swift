import COpenSSL

/// The TLS stage of one server-side connection: one OpenSSL `SSL` between two memory BIOs,
/// with no I/O of its own. Ciphertext from the socket goes in through `receive`, which returns
/// the plaintext for the framing stage and the ciphertext to send back (handshake messages,
/// alerts, session tickets); `encrypt` turns the connection's output into records; `close`
/// makes a close_notify. Every failure is a value (`State.failed`), never a crash.
///
/// Memory is bounded before the handshake completes: at most `handshakeByteLimit` bytes of
/// ciphertext are accepted until then, so a huge (or endless) ClientHello fails as soon as it
/// passes the limit, having cost no more than that. After the handshake, what one `receive`
/// is given is decrypted completely before it returns (nothing piles up in the BIOs), and
/// `SSL_MODE_RELEASE_BUFFERS` (set by `TLSContext`) frees the record buffers of an idle
/// connection.
///
/// A final class, not a value type: an `SSL` is one heap object with identity that must be
/// freed exactly once (in `deinit`); a copy of a struct holding it would share it. Not
/// Sendable: it belongs to its connection's loop thread, as the rest of the transport stack.
package final class TLSStage {
    package enum State: Equatable {
        case handshaking
        case established
        /// The peer sent close_notify.
        case closed
        /// The handshake or a record failed; send what `receive` returned and close.
        case failed(String)
    }

    /// A ClientHello is a few hundred bytes (under 2 KiB with post-quantum key shares); a
    /// client that has sent 16 KiB without completing the handshake is not a TLS client.
    package static let defaultHandshakeByteLimit = 16 * 1024

    package private(set) var state: State = .handshaking
    /// Ciphertext accepted so far before the handshake completed.
    package private(set) var handshakeBytes = 0
    private let handshakeByteLimit: Int
    private let ssl: OpaquePointer
    /// Owned by `ssl` (`SSL_set_bio`); kept to move bytes in and out.
    private let input: OpaquePointer
    private let output: OpaquePointer
    private var sentCloseNotify = false

    init?(context: OpaquePointer, handshakeByteLimit: Int) {
        guard let ssl = SSL_new(context) else { return nil }
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            return nil
        }
        // An empty input BIO means "wait for more", not end of file.
        _ = livepet_bio_set_mem_eof_return(input, -1)
        _ = livepet_bio_set_mem_eof_return(output, -1)
        SSL_set_bio(ssl, input, output)
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.input = input
        self.output = output
        self.handshakeByteLimit = handshakeByteLimit
    }

    deinit { SSL_free(ssl) }

    /// The negotiated protocol ("TLSv1.3", "TLSv1.2"), once established.
    package var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The negotiated cipher suite's name, once established.
    package var cipher: String {
        guard let cipher = SSL_get_current_cipher(ssl) else { return "" }
        return String(cString: SSL_CIPHER_get_name(cipher))
    }

    /// Takes ciphertext from the socket. Appends the decrypted bytes to `plaintext` and what
    /// must be sent to the peer to `ciphertext`, and returns the state after it: send
    /// `ciphertext` in every state (it may carry the alert that explains a failure).
    @discardableResult
    package func receive(_ bytes: UnsafeRawBufferPointer, plaintext: inout [UInt8], ciphertext: inout [UInt8]) -> State {
        guard state == .handshaking || state == .established else { return state }
        if state == .handshaking {
            // Refused before it is buffered: the stage never holds more than the limit.
            guard handshakeBytes + bytes.count <= handshakeByteLimit else {
                return fail("handshake larger than \(handshakeByteLimit) bytes")
            }
            handshakeBytes += bytes.count
        }
        if !bytes.isEmpty {
            guard BIO_write(input, bytes.baseAddress, Int32(bytes.count)) == Int32(bytes.count) else {
                return fail("cannot buffer \(bytes.count) bytes")
            }
        }
        ERR_clear_error()
        if state == .handshaking {
            let result = SSL_do_handshake(ssl)
            if result == 1 {
                state = .established
            } else {
                let error = SSL_get_error(ssl, result)
                if error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE {
                    _ = fail(TLSError("handshake failed").description)
                }
            }
        }
        if state == .established { readAll(into: &plaintext) }
        TLSStage.drain(output, into: &ciphertext)
        return state
    }

    /// Encrypts `bytes` (after the handshake) and appends the records to `ciphertext`. The
    /// peer's close_notify ends only its direction: a goodbye can still follow (a script that
    /// sends its commands and closes gets its answers). Returns false, appending nothing,
    /// before the handshake, after a failure or after our own close_notify.
    @discardableResult
    package func encrypt(_ bytes: UnsafeRawBufferPointer, into ciphertext: inout [UInt8]) -> Bool {
        guard state == .established || state == .closed, !sentCloseNotify else { return false }
        var offset = 0
        ERR_clear_error()
        while offset < bytes.count {
            // A memory BIO takes everything, so SSL_write never wants to wait.
            let chunk = Int32(min(bytes.count - offset, Int(Int32.max)))
            let written = SSL_write(ssl, bytes.baseAddress! + offset, chunk)
            guard written > 0 else {
                _ = fail(TLSError("encrypt failed").description)
                TLSStage.drain(output, into: &ciphertext)
                return false
            }
            offset += Int(written)
        }
        TLSStage.drain(output, into: &ciphertext)
        return true
    }

    /// Appends a close_notify alert (once; nothing before the handshake has completed or
    /// after a failure: an unfinished handshake is simply dropped).
    package func close(into ciphertext: inout [UInt8]) {
        guard !sentCloseNotify, state == .established || state == .closed else { return }
        sentCloseNotify = true
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
        TLSStage.drain(output, into: &ciphertext)
    }

    private func readAll(into plaintext: inout [UInt8]) {
        withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 1) { buffer in
            while true {
                let count = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
                if count > 0 {
                    plaintext.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<Int(count)]))
                    continue
                }
                switch SSL_get_error(ssl, count) {
                case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                    break
                case SSL_ERROR_ZERO_RETURN:
                    state = .closed
                default:
                    _ = fail(TLSError("record failed").description)
                }
                return
            }
        }
    }

    /// Ends the stage from outside (a handshake deadline): nothing more is decoded or sent.
    @discardableResult
    package func fail(_ reason: String) -> State {
        state = .failed(reason)
        ERR_clear_error()
        return state
    }

    /// Moves everything `bio` holds to the end of `bytes`.
    static func drain(_ bio: OpaquePointer, into bytes: inout [UInt8]) {
        let pending = Int(BIO_ctrl_pending(bio))
        guard pending > 0 else { return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: pending))
        let read = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress! + start, Int32(pending)) }
        bytes.removeLast(pending - max(0, Int(read)))
    }

    static func drain(_ bio: OpaquePointer) -> [UInt8] {
        var bytes: [UInt8] = []
        drain(bio, into: &bytes)
        return bytes
    }
}
