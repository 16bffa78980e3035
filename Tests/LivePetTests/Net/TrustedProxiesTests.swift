import Testing
@testable import LivePetNet

/// `--trusted-proxies` and the address a trusted proxy's `X-Forwarded-For` names.
@Suite struct TrustedProxiesTests {
    static let proxies = try! TrustedProxies(parsing: "127.0.0.1, 10.0.0.0/8, fd00::/8, 2001:db8::7")

    @Test(arguments: [("127.0.0.1", true), ("127.0.0.2", false), ("10.200.3.4", true), ("11.0.0.1", false),
                      ("fd12:3456::1", true), ("fe80::1", false), ("2001:db8::7", true), ("2001:db8::8", false),
                      ("::ffff:10.1.2.3", true), ("not an address", false), ("", false)])
    func membership(_ address: String, _ trusted: Bool) {
        #expect(Self.proxies.contains(address) == trusted)
    }

    @Test(arguments: [
        // The right-most address that is not a trusted proxy: what the client wrote is to its left.
        (["203.0.113.9"], "203.0.113.9"),
        (["198.51.100.1, 203.0.113.9"], "203.0.113.9"),
        (["203.0.113.9, 10.0.0.2"], "203.0.113.9"),
        (["198.51.100.1", "203.0.113.9, 10.0.0.2"], "203.0.113.9"),
        // Every hop trusted: the left-most.
        (["10.0.0.3, 10.0.0.2"], "10.0.0.3"),
        // Ports and brackets, IPv6 canonical.
        (["203.0.113.9:4711"], "203.0.113.9"),
        (["[2001:DB8:0:0::1]:443"], "2001:db8::1"),
        (["2001:db8:0::5"], "2001:db8::5"),
        // Garbage stops the walk at the trusted hop after it; garbage alone names nobody.
        (["nonsense, 10.0.0.2"], "10.0.0.2"),
        (["nonsense"], nil),
        (["", " , "], nil),
        ([], nil),
    ] as [([String], String?)])
    func theClientIsTheRightMostUntrustedHop(_ values: [String], _ client: String?) {
        #expect(Self.proxies.client(forwardedFor: values) == client)
    }

    @Test(arguments: ["10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "example.com", "10.0.0.0/8/8", "1.2.3", "::1/-1"])
    func badEntriesAreRefusedWithTheirText(_ entry: String) {
        #expect(throws: (any Error).self) { try TrustedProxies(parsing: "127.0.0.1, \(entry)") }
        do {
            _ = try TrustedProxies(parsing: entry)
        } catch {
            #expect("\(error)".contains(entry))
        }
    }

    @Test func anEmptyListTrustsNobody() throws {
        let none = try TrustedProxies(parsing: " , ")
        #expect(none.isEmpty)
        #expect(!none.contains("127.0.0.1"))
        #expect(TrustedProxies.isLoopback("127.0.0.1") && TrustedProxies.isLoopback("::1") && TrustedProxies.isLoopback("127.9.9.9"))
        #expect(!TrustedProxies.isLoopback("10.0.0.1") && !TrustedProxies.isLoopback("::2"))
    }
}
