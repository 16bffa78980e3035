import COpenSSL
import Foundation
import Testing
@testable import LivePetNet

/// The TLS context and stage, driven with byte arrays: an OpenSSL client over memory BIOs
/// talks to a server stage; no socket, no loop. Every certificate is made in the test.
@Suite struct TLSStageTests {
    private func withContext<R>(_ body: (TLSContext, String) throws -> R) async throws -> R {
        try await withTemporaryDirectory { folder in
            let context = try TLSContext.selfSigned(certificatePath: folder + "/db.tls.crt", keyPath: folder + "/db.tls.key")
            return try body(context, folder)
        }
    }

    private func established(_ context: TLSContext, trusting: String? = nil, maxVersion: Int32 = 0) throws -> (TLSTestClient, TLSStage) {
        let client = TLSTestClient(trusting: trusting ?? context.certificatePath, maxVersion: maxVersion)
        let stage = try #require(context.makeStage())
        pump(client, stage)
        try #require(stage.state == .established)
        try #require(client.isEstablished)
        return (client, stage)
    }

    private func receive(_ stage: TLSStage, _ bytes: [UInt8]) -> (plaintext: [UInt8], ciphertext: [UInt8], state: TLSStage.State) {
        var plaintext: [UInt8] = []
        var ciphertext: [UInt8] = []
        let state = bytes.withUnsafeBytes { stage.receive($0, plaintext: &plaintext, ciphertext: &ciphertext) }
        return (plaintext, ciphertext, state)
    }

    private func encrypt(_ stage: TLSStage, _ bytes: [UInt8]) -> [UInt8] {
        var ciphertext: [UInt8] = []
        let ok = bytes.withUnsafeBytes { stage.encrypt($0, into: &ciphertext) }
        #expect(ok)
        return ciphertext
    }

    @Test func aTLS13HandshakeCompletesAndTheClientVerifiesTheSelfSignedCertificate() async throws {
        try await withContext { context, _ in
            let (client, stage) = try established(context)
            #expect(stage.protocolVersion == "TLSv1.3")
            #expect(client.protocolVersion == "TLSv1.3")
            #expect(client.verifyResult == Int(X509_V_OK))  // trusted, and the name localhost matches
            #expect(client.peerFingerprint == context.fingerprint)
            #expect(context.fingerprint.count == 32 * 3 - 1)
        }
    }

    @Test func aTLS12HandshakeCompletesWhenTheClientCapsAt12() async throws {
        try await withContext { context, _ in
            let (client, stage) = try established(context, maxVersion: TLS1_2_VERSION)
            #expect(stage.protocolVersion == "TLSv1.2")
            #expect(client.protocolVersion == "TLSv1.2")
            #expect(stage.cipher.contains("GCM") || stage.cipher.contains("CHACHA20"))
        }
    }

    @Test func dataCrossesBothWaysInSmallAndMultiRecordPieces() async throws {
        try await withContext { context, _ in
            for version in [Int32(0), TLS1_2_VERSION] {
                let (client, stage) = try established(context, maxVersion: version)
                client.write(Array("say hello\r\n".utf8))
                #expect(receive(stage, client.take()).plaintext == Array("say hello\r\n".utf8))
                #expect(client.receive(encrypt(stage, Array("You say: hello\r\n".utf8))) == Array("You say: hello\r\n".utf8))

                let big = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                client.write(big)
                #expect(receive(stage, client.take()).plaintext == big)
                #expect(client.receive(encrypt(stage, big)) == big)
                #expect(client.failure == nil)
            }
        }
    }

    @Test func bytesSplitAnywhereStillDecrypt() async throws {
        try await withContext { context, _ in
            let client = TLSTestClient(trusting: context.certificatePath)
            let stage = try #require(context.makeStage())
            _ = client.receive([])
            // The ClientHello one byte at a time, then the rest of the handshake.
            var toClient: [UInt8] = []
            for byte in client.take() {
                let result = receive(stage, [byte])
                #expect(result.state == .handshaking)
                toClient += result.ciphertext
            }
            #expect(!toClient.isEmpty)  // the ServerHello, once the last byte came
            _ = client.receive(toClient)
            pump(client, stage)
            #expect(stage.state == .established)
            client.write(Array("look\r\n".utf8))
            var plaintext: [UInt8] = []
            for byte in client.take() { plaintext += receive(stage, [byte]).plaintext }
            #expect(plaintext == Array("look\r\n".utf8))
        }
    }

    @Test func garbageFailsTheHandshakeWithoutACrash() async throws {
        try await withContext { context, _ in
            let stage = try #require(context.makeStage())
            let result = receive(stage, Array(repeating: 0x41, count: 300))
            guard case .failed = result.state else { Issue.record("garbage accepted: \(result.state)"); return }
            // Nothing more is decoded once it failed.
            #expect(receive(stage, Array("hello".utf8)).plaintext.isEmpty)
            // A record header that claims TLS, then nonsense.
            let second = try #require(context.makeStage())
            guard case .failed = receive(second, [0x16, 0x03, 0x01, 0x00, 0x10] + Array(repeating: 0xFF, count: 16)).state else {
                Issue.record("a nonsense handshake record was accepted"); return
            }
        }
    }

    @Test func garbageAfterTheHandshakeFailsTheRecordLayer() async throws {
        try await withContext { context, _ in
            let (_, stage) = try established(context)
            let result = receive(stage, [0x17, 0x03, 0x03, 0x00, 0x20] + Array(repeating: 0x5A, count: 32))
            guard case .failed = result.state else { Issue.record("a forged record was accepted: \(result.state)"); return }
            #expect(result.plaintext.isEmpty)
            #expect(!result.ciphertext.isEmpty)  // the alert that says why
            var ciphertext: [UInt8] = []
            #expect(!Array("x".utf8).withUnsafeBytes { stage.encrypt($0, into: &ciphertext) })
        }
    }

    @Test func aClientOfferingOnlyTLS11IsRefused() async throws {
        try await withContext { context, _ in
            let client = TLSTestClient(trusting: context.certificatePath, minVersion: TLS1_1_VERSION,
                                       maxVersion: TLS1_1_VERSION, securityLevel: 0)
            let stage = try #require(context.makeStage())
            pump(client, stage)
            guard case .failed(let reason) = stage.state else { Issue.record("TLS 1.1 accepted: \(stage.state)"); return }
            #expect(reason.contains("unsupported protocol"))
            #expect(!client.isEstablished)
        }
    }

    @Test func anOversizedClientHelloFailsAtTheLimitHavingBufferedNoMore() async throws {
        try await withContext { context, _ in
            let stage = try #require(context.makeStage())
            // One ClientHello announced as 64 KiB long, sent in full-size records, 1 KiB a read:
            // OpenSSL alone would wait for all of it (it accepts ClientHellos up to 128 KiB).
            var hello: [UInt8] = [0x01, 0x00, 0xFF, 0xFF, 0x03, 0x03]
            hello += Array(repeating: 0x42, count: 65_535 - 2)
            var records: [UInt8] = []
            var offset = 0
            while offset < hello.count {
                let piece = hello[offset..<min(offset + 16_384, hello.count)]
                records += [0x16, 0x03, 0x01, UInt8(piece.count >> 8), UInt8(piece.count & 0xFF)] + piece
                offset += piece.count
            }
            var reads = 0
            var state = TLSStage.State.handshaking
            while state == .handshaking, reads * 1024 < records.count {
                state = receive(stage, Array(records[(reads * 1024)..<min((reads + 1) * 1024, records.count)])).state
                reads += 1
            }
            guard case .failed(let reason) = state else { Issue.record("not refused: \(state)"); return }
            #expect(reason.contains("larger than"))
            #expect(reads == TLSStage.defaultHandshakeByteLimit / 1024 + 1)
            #expect(stage.handshakeBytes <= TLSStage.defaultHandshakeByteLimit)
        }
    }

    @Test func closeSendsCloseNotifyAndThePeersCloseNotifyEndsTheStage() async throws {
        try await withContext { context, _ in
            let (client, stage) = try established(context)
            var ciphertext: [UInt8] = []
            stage.close(into: &ciphertext)
            #expect(!ciphertext.isEmpty)
            _ = client.receive(ciphertext)
            #expect(client.sawCloseNotify)
            var again: [UInt8] = []
            stage.close(into: &again)
            #expect(again.isEmpty)  // once

            let (otherClient, otherStage) = try established(context)
            otherClient.shutdown()
            #expect(receive(otherStage, otherClient.take()).state == .closed)
            // Half-closed: the answer still reaches the client, then our close_notify.
            #expect(otherClient.receive(encrypt(otherStage, Array("Goodbye!\r\n".utf8))) == Array("Goodbye!\r\n".utf8))
            var last: [UInt8] = []
            otherStage.close(into: &last)
            _ = otherClient.receive(last)
            #expect(otherClient.sawCloseNotify)
        }
    }

    @Test func theSelfSignedCertificateIsWrittenWithAPrivateKeyAndReusedOnTheNextStart() async throws {
        try await withTemporaryDirectory { folder in
            let certificate = folder + "/world.db.tls.crt", key = folder + "/world.db.tls.key"
            let first = try TLSContext.selfSigned(certificatePath: certificate, keyPath: key)
            #expect(first.createdCertificate)
            var info = stat()
            #expect(stat(key, &info) == 0)
            #expect(info.st_mode & 0o777 == 0o600)
            #expect(FileManager.default.fileExists(atPath: certificate))
            #expect(!FileManager.default.fileExists(atPath: key + ".tmp"))

            let second = try TLSContext.selfSigned(certificatePath: certificate, keyPath: key)
            #expect(!second.createdCertificate)
            #expect(second.fingerprint == first.fingerprint)

            // And it is what the certificate says: P-256, v3, CN=LivePet, about ten years.
            let pem = try String(contentsOfFile: certificate, encoding: .utf8)
            #expect(pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
            let bio = try #require(BIO_new_mem_buf(pem, -1))
            defer { BIO_free(bio) }
            let x509 = try #require(PEM_read_bio_X509(bio, nil, nil, nil))
            defer { X509_free(x509) }
            #expect(X509_get_version(x509) == 2)
            let publicKey = try #require(X509_get0_pubkey(x509))
            #expect(EVP_PKEY_get_bits(publicKey) == 256)
            var days: Int32 = 0, seconds: Int32 = 0
            #expect(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(x509), X509_get0_notAfter(x509)) == 1)
            #expect(days == Int32(SelfSignedCertificate.validDays))
        }
    }

    @Test func reloadKeepsTheOldCertificateWhenTheNewFilesAreBadAndTakesGoodOnes() async throws {
        try await withTemporaryDirectory { folder in
            let context = try TLSContext.selfSigned(certificatePath: folder + "/a.crt", keyPath: folder + "/a.key")
            let old = context.fingerprint
            try writeFile(folder + "/old.crt", try fileBytes(folder + "/a.crt"))
            let replacement = try TLSContext.selfSigned(certificatePath: folder + "/b.crt", keyPath: folder + "/b.key")
            let goodCertificate = try fileBytes(folder + "/b.crt"), goodKey = try fileBytes(folder + "/b.key")

            try writeFile(folder + "/a.crt", Data("not a certificate".utf8))
            guard case .failure(let garbled) = context.reload() else { Issue.record("a garbled file was taken"); return }
            #expect(garbled.description.contains("a.crt"))
            #expect(context.fingerprint == old)
            _ = try established(context, trusting: folder + "/old.crt")  // new connections still get the old certificate

            // The new certificate with the old key: a mismatch, refused.
            try writeFile(folder + "/a.crt", goodCertificate)
            guard case .failure(let mismatch) = context.reload() else { Issue.record("a mismatched key was taken"); return }
            #expect(mismatch.description.contains("a.key") && mismatch.description.contains("mismatch"))
            #expect(context.fingerprint == old)

            let (before, beforeStage) = try established(context, trusting: folder + "/old.crt")
            try writeFile(folder + "/a.key", goodKey)
            #expect(context.reload() == .success(replacement.fingerprint))
            #expect(context.fingerprint == replacement.fingerprint)
            // A connection made before the reload keeps working; a new one sees the new certificate.
            before.write(Array("still here\r\n".utf8))
            #expect(receive(beforeStage, before.take()).plaintext == Array("still here\r\n".utf8))
            let client = TLSTestClient(trusting: folder + "/b.crt")
            let stage = try #require(context.makeStage())
            pump(client, stage)
            #expect(stage.state == .established)
            #expect(client.peerFingerprint == replacement.fingerprint)
        }
    }

    @Test func missingFilesAreAnErrorThatNamesThem() async throws {
        try await withTemporaryDirectory { folder in
            #expect(throws: TLSError.self) { try TLSContext(certificatePath: folder + "/none.crt", keyPath: folder + "/none.key") }
            do throws(TLSError) {
                _ = try TLSContext(certificatePath: folder + "/none.crt", keyPath: folder + "/none.key")
            } catch {
                #expect(error.description.contains("none.crt"))
            }
        }
    }
}
