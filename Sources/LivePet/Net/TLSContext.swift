import COpenSSL
import Glibc
import Synchronization

/// Why TLS could not be set up, or why a reload kept the old certificate: OpenSSL's error
/// queue (or a file error) as one line.
public struct TLSError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ what: String) {
        let queue = TLSError.drainOpenSSLErrors()
        description = queue.isEmpty ? what : "\(what): \(queue)"
    }

    /// Empties this thread's OpenSSL error queue into text (the queue is per thread and
    /// shared by every connection on a loop, so each caller clears it before and after).
    static func drainOpenSSLErrors() -> String {
        var parts: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            parts.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return parts.joined(separator: "; ")
    }
}

/// The server's TLS configuration: one OpenSSL `SSL_CTX` with the certificate chain and key,
/// from which every TLS connection's `TLSStage` is made.
///
/// Built from PEM files (`init(certificatePath:keyPath:)`), or, without them, from a
/// self-signed certificate made on first start and reused after (`selfSigned`). Defaults:
/// TLS 1.2 minimum, no renegotiation, no compression, OpenSSL's security level 2 with its
/// default cipher list, no server-side session cache (TLS 1.3 tickets still resume), and
/// `SSL_MODE_RELEASE_BUFFERS` so an idle connection holds no record buffers.
///
/// `reload()` re-reads the files and swaps the `SSL_CTX`: connections made before keep the
/// old one (each `SSL` holds a reference), new ones get the new one; bad files keep the old.
///
/// Sendable: the only mutable state is `current`, behind a `Mutex`. An `SSL_CTX` is safe to
/// make `SSL` objects from on several threads at once as long as nobody changes it, and
/// nothing changes one after `makeContext` returns it (a reload builds a new one).
public final class TLSContext: Sendable {
    public let certificatePath: String
    public let keyPath: String
    /// True when this start made the self-signed certificate (for the log).
    public let createdCertificate: Bool
    private let current: Mutex<Loaded>

    /// One `SSL_CTX`, freed when the last holder drops it (stages hold their own reference
    /// through their `SSL`).
    private final class Loaded: Sendable {
        // Sendable: `ctx` is never changed after init (see the type's comment above).
        nonisolated(unsafe) let ctx: OpaquePointer
        let fingerprint: String

        init(ctx: OpaquePointer, fingerprint: String) {
            self.ctx = ctx
            self.fingerprint = fingerprint
        }

        deinit { SSL_CTX_free(ctx) }
    }

    /// Loads a PEM certificate chain (leaf first) and its private key.
    public init(certificatePath: String, keyPath: String) throws(TLSError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        createdCertificate = false
        current = Mutex(try TLSContext.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    private init(certificatePath: String, keyPath: String, created: Bool) throws(TLSError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        createdCertificate = created
        current = Mutex(try TLSContext.load(certificatePath: certificatePath, keyPath: keyPath))
    }

    /// The certificate at `certificatePath` and key at `keyPath` when both exist; otherwise
    /// makes a self-signed one (P-256, X.509 v3, CN=LivePet, SAN DNS:localhost, ten years),
    /// writes them there (the key with mode 0600) and loads it.
    public static func selfSigned(certificatePath: String, keyPath: String) throws(TLSError) -> TLSContext {
        var created = false
        if access(certificatePath, F_OK) != 0 || access(keyPath, F_OK) != 0 {
            try SelfSignedCertificate.write(certificatePath: certificatePath, keyPath: keyPath)
            created = true
        }
        return try TLSContext(certificatePath: certificatePath, keyPath: keyPath, created: created)
    }

    /// SHA-256 of the leaf certificate in DER, as colon-separated upper-case hex.
    public var fingerprint: String { current.withLock { $0.fingerprint } }

    /// Re-reads the certificate and key. On success new connections use them and the new
    /// fingerprint is returned; on failure the old ones stay and the error says why.
    @discardableResult
    public func reload() -> Result<String, TLSError> {
        do {
            let loaded = try TLSContext.load(certificatePath: certificatePath, keyPath: keyPath)
            current.withLock { $0 = loaded }
            return .success(loaded.fingerprint)
        } catch {
            return .failure(error)
        }
    }

    /// A server-side stage for one connection (nil only when OpenSSL cannot allocate).
    package func makeStage(handshakeByteLimit: Int = TLSStage.defaultHandshakeByteLimit) -> TLSStage? {
        // Under the lock, so a reload cannot free the SSL_CTX before SSL_new takes its reference.
        current.withLock { TLSStage(context: $0.ctx, handshakeByteLimit: handshakeByteLimit) }
    }

    // MARK: - building an SSL_CTX

    private static func load(certificatePath: String, keyPath: String) throws(TLSError) -> Loaded {
        ERR_clear_error()
        guard let ctx = SSL_CTX_new(TLS_server_method()) else { throw TLSError("SSL_CTX_new failed") }
        do throws(TLSError) {
            try configure(ctx)
            guard SSL_CTX_use_certificate_chain_file(ctx, certificatePath) == 1 else {
                throw TLSError("cannot load the certificate chain \(certificatePath)")
            }
            guard SSL_CTX_use_PrivateKey_file(ctx, keyPath, SSL_FILETYPE_PEM) == 1 else {
                throw TLSError("cannot load the private key \(keyPath)")
            }
            guard SSL_CTX_check_private_key(ctx) == 1 else {
                throw TLSError("the key \(keyPath) does not match the certificate \(certificatePath)")
            }
            guard let leaf = SSL_CTX_get0_certificate(ctx) else { throw TLSError("no certificate in \(certificatePath)") }
            return Loaded(ctx: ctx, fingerprint: try fingerprint(of: leaf))
        } catch {
            SSL_CTX_free(ctx)
            ERR_clear_error()
            throw error
        }
    }

    private static func configure(_ ctx: OpaquePointer) throws(TLSError) {
        guard livepet_ssl_ctx_set_min_proto(ctx, TLS1_2_VERSION) == 1 else { throw TLSError("cannot require TLS 1.2") }
        SSL_CTX_set_options(ctx, livepet_ssl_op_no_renegotiation | livepet_ssl_op_no_compression
            | livepet_ssl_op_cipher_server_preference)
        SSL_CTX_set_security_level(ctx, 2)
        _ = livepet_ssl_ctx_set_mode(ctx, Int(SSL_MODE_RELEASE_BUFFERS))
        _ = livepet_ssl_ctx_set_session_cache_mode(ctx, Int(SSL_SESS_CACHE_OFF))
    }

    static func fingerprint(of certificate: OpaquePointer) throws(TLSError) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, EVP_sha256(), &digest, &length) == 1 else { throw TLSError("X509_digest failed") }
        return digest.prefix(Int(length)).map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }
}

/// Makes and writes the self-signed certificate `TLSContext.selfSigned` uses.
enum SelfSignedCertificate {
    static let validDays = 3650

    static func write(certificatePath: String, keyPath: String) throws(TLSError) {
        ERR_clear_error()
        guard let key = livepet_ec_p256_keygen() else { throw TLSError("cannot make a P-256 key") }
        defer { EVP_PKEY_free(key) }
        guard let certificate = X509_new() else { throw TLSError("X509_new failed") }
        defer { X509_free(certificate) }
        try build(certificate, key: key)

        let keyPEM = try pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
        let certificatePEM = try pem { PEM_write_bio_X509($0, certificate) }
        // The key first: a certificate without its key is remade on the next start anyway.
        try writeFile(keyPath, keyPEM, mode: 0o600)
        try writeFile(certificatePath, certificatePEM, mode: 0o644)
    }

    private static func build(_ certificate: OpaquePointer, key: OpaquePointer) throws(TLSError) {
        guard X509_set_version(certificate, 2) == 1 else { throw TLSError("X509_set_version failed") }  // v3
        // A random positive 127-bit serial (RFC 5280: unique per issuer, at most 20 octets).
        guard let serial = BN_new() else { throw TLSError("BN_new failed") }
        defer { BN_free(serial) }
        guard BN_rand(serial, 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) == 1,
              BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(certificate)) != nil
        else { throw TLSError("cannot set the serial number") }
        guard X509_gmtime_adj(X509_getm_notBefore(certificate), -3600) != nil,
              X509_time_adj_ex(X509_getm_notAfter(certificate), Int32(validDays), 0, nil) != nil
        else { throw TLSError("cannot set the validity") }
        guard X509_set_pubkey(certificate, key) == 1 else { throw TLSError("X509_set_pubkey failed") }
        guard let name = X509_get_subject_name(certificate),
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, "LivePet", -1, -1, 0) == 1,
              X509_set_issuer_name(certificate, name) == 1
        else { throw TLSError("cannot set the name") }
        var extensionContext = X509V3_CTX()
        X509V3_set_ctx(&extensionContext, certificate, certificate, nil, nil, 0)
        for (nid, value) in [(NID_basic_constraints, "critical,CA:FALSE"), (NID_subject_alt_name, "DNS:localhost"),
                             (NID_ext_key_usage, "serverAuth"), (NID_subject_key_identifier, "hash")] {
            guard let ext = X509V3_EXT_conf_nid(nil, &extensionContext, nid, value) else {
                throw TLSError("cannot make the extension \(value)")
            }
            defer { X509_EXTENSION_free(ext) }
            guard X509_add_ext(certificate, ext, -1) == 1 else { throw TLSError("cannot add the extension \(value)") }
        }
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else { throw TLSError("X509_sign failed") }
    }

    /// What `body` writes into a memory BIO.
    private static func pem(_ body: (OpaquePointer) -> Int32) throws(TLSError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw TLSError("BIO_new failed") }
        defer { BIO_free(bio) }
        guard body(bio) == 1 else { throw TLSError("PEM encoding failed") }
        return TLSStage.drain(bio)
    }

    /// Writes through a temporary file in the same folder and renames it into place, so a
    /// crash leaves the old file or the new one, never half of one.
    private static func writeFile(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(TLSError) {
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw TLSError("cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var failure: String?
        if fchmod(fd, mode) != 0 { failure = "fchmod: \(String(cString: strerror(errno)))" }
        var written = 0
        while failure == nil, written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = "write: \(String(cString: strerror(errno)))"
            } else {
                written += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "fsync: \(String(cString: strerror(errno)))" }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = "rename: \(String(cString: strerror(errno)))" }
        if let failure {
            unlink(temporary)
            throw TLSError("cannot write \(path) (\(failure))")
        }
    }
}
