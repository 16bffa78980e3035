import COpenSSL

/// The client side of TLS for `--tls`: one OpenSSL `SSL` per connection between two memory
/// BIOs, with no I/O of its own. The `Engine` feeds it the ciphertext it reads and sends
/// the ciphertext it leaves in `ciphertext`, on its own non-blocking epoll loop.
///
/// A load generator on loopback: the server's certificate is not verified, and no session
/// is ever offered again, so every connection makes a full handshake.
final class BenchTLS {
    /// The one client `SSL_CTX` of a run.
    final class Context {
        let ctx: OpaquePointer

        init() throws(BenchError) {
            guard let ctx = SSL_CTX_new(TLS_client_method()) else {
                throw BenchError("SSL_CTX_new failed: \(BenchTLS.lastError())")
            }
            SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
            // No client session cache: no connection can resume another's session.
            _ = livepet_ssl_ctx_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_OFF))
            // 5,000 idle clients hold no record buffers (the bench's memory, not the server's).
            _ = livepet_ssl_ctx_set_mode(ctx, Int(SSL_MODE_RELEASE_BUFFERS))
            self.ctx = ctx
        }

        deinit { SSL_CTX_free(ctx) }
    }

    enum Outcome {
        /// Keep going; send `ciphertext` if it is not empty.
        case ok
        /// The server sent close_notify.
        case closed
        case failed(String)
    }

    private let ssl: OpaquePointer
    private let input: OpaquePointer
    private let output: OpaquePointer
    private(set) var established = false
    /// The first bytes the server sent, for the report of a failed handshake.
    private var received: [UInt8] = []
    /// Records waiting for the socket, from `ciphertextOffset` on.
    var ciphertext: [UInt8] = []
    var ciphertextOffset = 0

    /// A new client session; its ClientHello is already in `ciphertext`.
    init(context: Context) throws(BenchError) {
        guard let ssl = SSL_new(context.ctx) else { throw BenchError("SSL_new failed: \(BenchTLS.lastError())") }
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw BenchError("BIO_new failed")
        }
        // An empty BIO means "wait for more", not end of file.
        _ = livepet_bio_set_mem_eof_return(input, -1)
        _ = livepet_bio_set_mem_eof_return(output, -1)
        SSL_set_bio(ssl, input, output)
        SSL_set_connect_state(ssl)
        self.ssl = ssl
        self.input = input
        self.output = output
        _ = handshake()
    }

    deinit { SSL_free(ssl) }

    var hasCiphertext: Bool { ciphertextOffset < ciphertext.count }

    /// Takes ciphertext read from the socket and hands each run of decrypted bytes to `body`
    /// (in place, from `scratch`) until the records are used up or `body` returns false.
    func receive(_ bytes: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer,
                 _ body: (UnsafeRawBufferPointer) -> Bool) -> Outcome {
        guard BIO_write(input, bytes.baseAddress, Int32(bytes.count)) == Int32(bytes.count) else {
            return .failed("tls: cannot buffer \(bytes.count) bytes")
        }
        if !established {
            if received.count < 48 { received.append(contentsOf: bytes.prefix(48 - received.count)) }
            if case .failed(let reason) = handshake() {
                // A server that answered in clear: say what it sent ("wrong version number").
                let text = received.map { $0 >= 32 && $0 < 127 ? Character(UnicodeScalar($0)) : "." }
                return .failed(reason + " after \"" + String(text) + "\"")
            }
            if !established { return .ok }
        }
        ERR_clear_error()
        while true {
            let count = SSL_read(ssl, scratch.baseAddress, Int32(scratch.count))
            if count > 0 {
                guard body(UnsafeRawBufferPointer(rebasing: scratch[..<Int(count)])) else { return .ok }
                continue
            }
            let error = SSL_get_error(ssl, count)
            drainOutput()
            switch error {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .ok
            case SSL_ERROR_ZERO_RETURN: return .closed
            default: return .failed("tls: read failed: \(BenchTLS.lastError())")
            }
        }
    }

    /// Encrypts `bytes` (once established) and appends the records to `ciphertext`.
    func encrypt(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard established else { return false }
        ERR_clear_error()
        var offset = 0
        while offset < bytes.count {
            // A memory BIO takes everything, so SSL_write never waits.
            let written = SSL_write(ssl, bytes.baseAddress! + offset, Int32(min(bytes.count - offset, 1 << 30)))
            guard written > 0 else { return false }
            offset += Int(written)
        }
        drainOutput()
        return true
    }

    /// Marks the records up to `ciphertextOffset` sent; frees the buffer once all are.
    func sent(_ count: Int) {
        ciphertextOffset += count
        if ciphertextOffset == ciphertext.count {
            ciphertext.removeAll(keepingCapacity: ciphertext.count <= 64 * 1024)
            ciphertextOffset = 0
        }
    }

    private func handshake() -> Outcome {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        drainOutput()
        if result == 1 {
            established = true
            return .ok
        }
        let error = SSL_get_error(ssl, result)
        if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE { return .ok }
        return .failed("tls: handshake failed: \(BenchTLS.lastError())")
    }

    private func drainOutput() {
        let pending = Int(livepet_bio_pending(output))
        guard pending > 0 else { return }
        let start = ciphertext.count
        ciphertext.append(contentsOf: repeatElement(0, count: pending))
        let read = ciphertext.withUnsafeMutableBytes {
            BIO_read(output, $0.baseAddress! + start, Int32(pending))
        }
        ciphertext.removeLast(pending - max(0, Int(read)))
    }

    private static func lastError() -> String {
        let code = ERR_get_error()
        guard code != 0 else { return "no OpenSSL error queued" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
