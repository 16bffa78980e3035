import Glibc
import LivePetNet
import LivePetSession
import LivePetSupport

/// TLS on the telnet port: the certificate given, or a self-signed one beside the database;
/// SIGHUP re-reads it.
extension LivePetMain {
    /// The TLS context `config` asks for, logged with its fingerprint.
    static func makeTLSContext(_ config: ServerConfig) throws(TLSError) -> TLSContext {
        let context: TLSContext
        if let certificate = config.tlsCertificatePath, let key = config.tlsKeyPath {
            context = try TLSContext(certificatePath: certificate, keyPath: key)
        } else {
            context = try TLSContext.selfSigned(certificatePath: config.databasePath + ".tls.crt",
                                                keyPath: config.databasePath + ".tls.key")
        }
        Logger.shared.info("tls", [
            "certificate": context.certificatePath,
            "sha256": context.fingerprint,
            "source": config.tlsCertificatePath != nil ? "given" : context.createdCertificate ? "self-signed, made now" : "self-signed",
        ])
        return context
    }

    /// Re-reads the certificate and key on every SIGHUP until cancelled; a bad file keeps the
    /// old certificate and says why. Connections already open keep theirs.
    static func reloadOnHangup(_ context: TLSContext, signals: SignalWaiter) -> Task<Void, Never> {
        Task {
            for await _ in signals.every {
                switch context.reload() {
                case .success(let fingerprint):
                    Logger.shared.info("tls_reloaded", ["certificate": context.certificatePath, "sha256": fingerprint])
                case .failure(let error):
                    Logger.shared.warning("tls_reload_failed", ["certificate": context.certificatePath, "error": error.description,
                                                               "kept": context.fingerprint])
                }
            }
        }
    }
}
