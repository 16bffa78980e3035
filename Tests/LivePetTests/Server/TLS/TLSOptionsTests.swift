import Testing
@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession

/// `--tls-cert` and `--tls-key`, and the context the server builds from them.
@Suite struct TLSOptionsTests {
    @Test func theCertificateAndKeyComeTogetherFromFlagsOrVariables() throws {
        let none = try Options.parse([], environment: [:]).config
        #expect(none.tlsCertificatePath == nil && none.tlsKeyPath == nil)
        let flags = try Options.parse(["--tls-cert", "/etc/livepet/fullchain.pem", "--tls-key=/etc/livepet/key.pem"], environment: [:]).config
        #expect(flags.tlsCertificatePath == "/etc/livepet/fullchain.pem")
        #expect(flags.tlsKeyPath == "/etc/livepet/key.pem")
        let variables = try Options.parse([], environment: ["LIVEPET_TLS_CERT": "c.pem", "LIVEPET_TLS_KEY": "k.pem"]).config
        #expect(variables.tlsCertificatePath == "c.pem" && variables.tlsKeyPath == "k.pem")
        #expect(throws: ConfigError.self) { try Options.parse(["--tls-cert", "c.pem"], environment: [:]) }
        #expect(throws: ConfigError.self) { try Options.parse([], environment: ["LIVEPET_TLS_KEY": "k.pem"]) }
        #expect(throws: ConfigError.self) { try Options.parse(["--tls-cert", "", "--tls-key", "k.pem"], environment: [:]) }
    }

    @Test func withoutFilesTheServerMakesASelfSignedCertificateBesideTheDatabaseOnce() async throws {
        try await withTemporaryDirectory { folder in
            var config = ServerConfig()
            config.databasePath = folder + "/world.sqlite"
            let first = try LivePetMain.makeTLSContext(config)
            #expect(first.certificatePath == folder + "/world.sqlite.tls.crt")
            #expect(first.keyPath == folder + "/world.sqlite.tls.key")
            #expect(first.createdCertificate)
            let second = try LivePetMain.makeTLSContext(config)
            #expect(!second.createdCertificate)
            #expect(second.fingerprint == first.fingerprint)

            // Given files are used as they are, and a missing one fails the start.
            config.tlsCertificatePath = first.certificatePath
            config.tlsKeyPath = first.keyPath
            #expect(try LivePetMain.makeTLSContext(config).fingerprint == first.fingerprint)
            config.tlsKeyPath = folder + "/missing.key"
            #expect(throws: TLSError.self) { try LivePetMain.makeTLSContext(config) }
        }
    }
}
