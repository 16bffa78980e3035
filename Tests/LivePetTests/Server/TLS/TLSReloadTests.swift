import Foundation
import Glibc
import Testing
@testable import LivePetNet

/// SIGHUP on the real process: the certificate files are read again without dropping anyone.
@Suite(.needsLivePetExecutable)
struct TLSReloadTests {
    @Test func sighupReloadsTheCertificateAndABadFileKeepsTheLastGoodOne() async throws {
        try await withTemporaryDirectory { folder in
            let certificate = folder + "/live.crt", key = folder + "/live.key"
            let first = try TLSContext.selfSigned(certificatePath: certificate, keyPath: key)
            let arguments = SpawnedLivePet.serveArguments(db: folder + "/db.sqlite", ["--tls-cert", certificate, "--tls-key", key])
            try await SpawnedLivePet.run(arguments) { server in
                let port = try await server.listeningPort()
                try await server.waitForLog("event=tls", first.fingerprint)
                let playing = try TLSSocketClient(port: port, trusting: certificate)
                try playing.handshake()
                try playing.readUntil("(or \"guest\") ")
                playing.send("guest")
                try playing.readUntil("] > ")

                // A new certificate put in place of the old one, then SIGHUP.
                let second = try TLSContext.selfSigned(certificatePath: folder + "/next.crt", keyPath: folder + "/next.key")
                #expect(second.fingerprint != first.fingerprint)
                #expect(rename(folder + "/next.crt", certificate) == 0 && rename(folder + "/next.key", key) == 0)
                #expect(link(certificate, folder + "/second.crt") == 0)
                var mark = server.logLineCount
                server.signal(SIGHUP)
                try await server.waitForLog("event=tls_reloaded", second.fingerprint, after: mark)

                // The player on the old certificate is still there; a newcomer gets the new one.
                playing.send("who")
                try playing.readUntil("online")
                let newcomer = try TLSSocketClient(port: port, trusting: folder + "/second.crt")
                try newcomer.handshake()
                try newcomer.readUntil("(or \"guest\") ")

                // A garbled file: the reload fails, says why, and the last good certificate stays.
                #expect(unlink(certificate) == 0)
                try "not a certificate\n".write(toFile: certificate, atomically: true, encoding: .utf8)
                mark = server.logLineCount
                server.signal(SIGHUP)
                try await server.waitForLog("event=tls_reload_failed", "kept=\(second.fingerprint)", after: mark)
                let later = try TLSSocketClient(port: port, trusting: folder + "/second.crt")
                try later.handshake()
                try later.readUntil("(or \"guest\") ")
                playing.send("who")
                try playing.readUntil("online")
            }
        }
    }
}
