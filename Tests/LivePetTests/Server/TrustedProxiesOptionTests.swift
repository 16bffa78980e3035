import Testing
@testable import LivePet
@testable import LivePetNet

/// `--trusted-proxies` and `LIVEPET_TRUSTED_PROXIES`: parsed at start, refused with a clear
/// sentence naming the bad entry.
@Suite struct TrustedProxiesOptionTests {
    @Test func theFlagWinsOverTheVariableAndTheDefaultTrustsNobody() throws {
        #expect(try Options.parse([], environment: [:]).config.limits.trustedProxies.isEmpty)
        let fromVariable = try Options.parse([], environment: ["LIVEPET_TRUSTED_PROXIES": "10.0.0.0/8, ::1"]).config.limits.trustedProxies
        #expect(fromVariable.contains("10.1.2.3") && fromVariable.contains("::1") && !fromVariable.contains("127.0.0.1"))
        let fromFlag = try Options.parse(["--trusted-proxies", "192.168.1.10"],
                                         environment: ["LIVEPET_TRUSTED_PROXIES": "10.0.0.0/8"]).config.limits.trustedProxies
        #expect(fromFlag.contains("192.168.1.10") && !fromFlag.contains("10.1.2.3"))
    }

    @Test func aBadEntryIsAClearError() {
        do {
            _ = try Options.parse(["--trusted-proxies", "10.0.0.1, proxy.example"], environment: [:])
            Issue.record("accepted a host name")
        } catch {
            #expect(error.message == "--trusted-proxies: \"proxy.example\" is not an IPv4 or IPv6 address or CIDR block")
        }
        do {
            _ = try Options.parse([], environment: ["LIVEPET_TRUSTED_PROXIES": "10.0.0.0/40"])
            Issue.record("accepted /40")
        } catch {
            #expect(error.message == "LIVEPET_TRUSTED_PROXIES: --trusted-proxies: \"10.0.0.0/40\" has a prefix length that is not 0 to 32")
        }
    }
}
