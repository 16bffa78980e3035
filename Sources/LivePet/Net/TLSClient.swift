import COpenSSL
import Glibc

/// A blocking TLS client over a connected socket, for `livepet check --tls`. It accepts any
/// certificate, as the server's default is self-signed (a check asks "does the server answer
/// over TLS", not "whom do I trust"), and reports the certificate's SHA-256 fingerprint for
/// the caller to compare with the one the server logged.
package final class TLSClient {
    private let ctx: OpaquePointer
    private let ssl: OpaquePointer
    /// The server certificate's SHA-256 fingerprint, after `handshake`.
    package private(set) var fingerprint = ""
    /// "TLSv1.3" or "TLSv1.2", after `handshake`.
    package private(set) var protocolVersion = ""

    /// `fd`: a connected blocking socket (with timeouts), still owned by the caller.
    /// `serverName`: sent as SNI when it is a host name.
    package init(fd: Int32, serverName: String) throws(TLSError) {
        ERR_clear_error()
        guard let ctx = SSL_CTX_new(TLS_client_method()) else { throw TLSError("SSL_CTX_new failed") }
        guard let ssl = SSL_new(ctx) else {
            SSL_CTX_free(ctx)
            throw TLSError("SSL_new failed")
        }
        self.ctx = ctx
        self.ssl = ssl
        _ = livepet_ssl_ctx_set_min_proto(ctx, TLS1_2_VERSION)
        SSL_set_verify(ssl, SSL_VERIFY_NONE, nil)
        guard SSL_set_fd(ssl, fd) == 1 else { throw TLSError("SSL_set_fd failed") }
        let isAddress = serverName.contains(":") || serverName.allSatisfy { $0 == "." || $0.isNumber }
        if !isAddress { _ = livepet_ssl_set_tlsext_host_name(ssl, serverName) }
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(ctx)
    }

    package func handshake() throws(TLSError) {
        ERR_clear_error()
        guard SSL_connect(ssl) == 1 else { throw TLSError("TLS handshake failed") }
        protocolVersion = String(cString: SSL_get_version(ssl))
        guard let certificate = SSL_get1_peer_certificate(ssl) else { throw TLSError("the server sent no certificate") }
        defer { X509_free(certificate) }
        fingerprint = try TLSContext.fingerprint(of: certificate)
    }

    /// Writes all of `bytes`; false on failure.
    package func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) } == Int32(bytes.count)
    }

    /// Reads some plaintext into `buffer`; the count, or 0 or less at the end or on an error.
    package func read(into buffer: inout [UInt8]) -> Int {
        Int(buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) })
    }

    /// Sends close_notify (not waiting for the server's).
    package func shutdown() {
        _ = SSL_shutdown(ssl)
    }
}
