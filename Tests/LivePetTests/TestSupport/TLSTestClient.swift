import COpenSSL
@testable import LivePetNet

/// A client-side OpenSSL connection over memory BIOs, for driving a server `TLSStage` without
/// sockets: it trusts exactly one certificate (the test's) and checks the name localhost.
final class TLSTestClient {
    private let ctx: OpaquePointer
    let ssl: OpaquePointer
    private let input: OpaquePointer
    private let output: OpaquePointer
    /// The last SSL_get_error that was neither a success nor a wish for more bytes.
    private(set) var failure: Int32?
    private(set) var sawCloseNotify = false

    /// `securityLevel` 0 with an old `maxVersion` makes a client that OpenSSL 3 would
    /// otherwise refuse to build (TLS 1.1 needs level 0).
    init(trusting certificatePath: String, minVersion: Int32 = TLS1_2_VERSION, maxVersion: Int32 = 0,
         securityLevel: Int32? = nil) {
        ctx = SSL_CTX_new(TLS_client_method())!
        if let securityLevel {
            SSL_CTX_set_security_level(ctx, securityLevel)
            _ = SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0")
        }
        _ = livepet_ssl_ctx_set_min_proto(ctx, minVersion)
        _ = livepet_ssl_ctx_set_max_proto(ctx, maxVersion)
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nil)
        precondition(SSL_CTX_load_verify_locations(ctx, certificatePath, nil) == 1)
        ssl = SSL_new(ctx)!
        input = BIO_new(BIO_s_mem())!
        output = BIO_new(BIO_s_mem())!
        _ = livepet_bio_set_mem_eof_return(input, -1)
        SSL_set_bio(ssl, input, output)
        _ = livepet_ssl_set_tlsext_host_name(ssl, "localhost")
        _ = SSL_set1_host(ssl, "localhost")
        SSL_set_connect_state(ssl)
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(ctx)
    }

    var isEstablished: Bool { SSL_is_init_finished(ssl) == 1 }
    var verifyResult: Int { Int(SSL_get_verify_result(ssl)) }
    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }

    /// The server certificate's SHA-256 fingerprint, as `TLSContext.fingerprint` writes it.
    var peerFingerprint: String? {
        guard let certificate = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(certificate) }
        return try? TLSContext.fingerprint(of: certificate)
    }

    /// Feeds bytes from the server, advances the handshake, returns decrypted application data.
    func receive(_ bytes: [UInt8]) -> [UInt8] {
        if !bytes.isEmpty { _ = bytes.withUnsafeBytes { BIO_write(input, $0.baseAddress, Int32($0.count)) } }
        ERR_clear_error()
        if !isEstablished {
            let result = SSL_do_handshake(ssl)
            if result != 1 { note(SSL_get_error(ssl, result)) }
            guard isEstablished else { return [] }
        }
        var plaintext: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = SSL_read(ssl, &buffer, Int32(buffer.count))
            if count > 0 {
                plaintext += buffer.prefix(Int(count))
                continue
            }
            let error = SSL_get_error(ssl, count)
            if error == SSL_ERROR_ZERO_RETURN { sawCloseNotify = true } else { note(error) }
            return plaintext
        }
    }

    func write(_ plaintext: [UInt8]) {
        let written = plaintext.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        precondition(Int(written) == plaintext.count)
    }

    func shutdown() { _ = SSL_shutdown(ssl) }

    /// What the client wants to send.
    func take() -> [UInt8] { TLSStage.drain(output) }

    private func note(_ error: Int32) {
        if error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE { failure = error }
    }
}

/// Passes bytes between a client and a server stage until neither has anything to say.
/// Returns the plaintext the server received.
@discardableResult
func pump(_ client: TLSTestClient, _ stage: TLSStage, rounds: Int = 10) -> [UInt8] {
    var received: [UInt8] = []
    _ = client.receive([])
    for _ in 0..<rounds {
        let toServer = client.take()
        var ciphertext: [UInt8] = []
        toServer.withUnsafeBytes { _ = stage.receive($0, plaintext: &received, ciphertext: &ciphertext) }
        if toServer.isEmpty && ciphertext.isEmpty { break }
        _ = client.receive(ciphertext)
    }
    return received
}
