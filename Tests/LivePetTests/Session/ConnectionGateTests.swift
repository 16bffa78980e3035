import Testing
@testable import LivePetSupport
@testable import LivePetSession
@testable import LivePetStore

/// What the accept path decides, without sockets.
@Suite struct ConnectionGateTests {
    static func gate(_ configure: (inout AbuseLimits) -> Void = { _ in }) -> ConnectionGate {
        var limits = AbuseLimits()
        configure(&limits)
        return ConnectionGate(limits: limits, bans: BanList(), clock: ManualClock())
    }

    @Test func perAddressConcurrencyIsCountedAndReleased() {
        let gate = Self.gate { $0.maxConnectionsPerAddress = 2 }
        #expect(gate.admit("10.0.0.1", now: 0) == nil)
        #expect(gate.admit("10.0.0.1", now: 0) == nil)
        #expect(gate.admit("10.0.0.1", now: 0) == .tooManyAtOnce(2))
        #expect(gate.admit("10.0.0.2", now: 0) == nil)
        gate.release("10.0.0.1")
        #expect(gate.admit("10.0.0.1", now: 0) == nil)
        #expect(gate.openConnections == 3)
        for _ in 0..<2 { gate.release("10.0.0.1") }
        gate.release("10.0.0.2")
        #expect(gate.openConnections == 0)
        #expect(gate.openConnections(from: "10.0.0.1") == 0)
    }

    @Test func ipv6AddressesAreCountedByTheirSlash64() {
        let gate = Self.gate { $0.maxConnectionsPerAddress = 1 }
        #expect(gate.admit("2001:db8::1", now: 0) == nil)
        #expect(gate.admit("2001:db8::2", now: 0) == .tooManyAtOnce(1))
        #expect(gate.admit("2001:db8:0:1::1", now: 0) == nil)
    }

    @Test func theRateCountsRefusedAttemptsToo() {
        let gate = Self.gate {
            $0.connectsPerAddress = 3
            $0.maxConnectionsPerAddress = 1
        }
        let second: UInt64 = 1_000_000_000
        #expect(gate.admit("10.0.0.1", now: 0) == nil)
        #expect(gate.admit("10.0.0.1", now: second) == .tooManyAtOnce(1))
        #expect(gate.admit("10.0.0.1", now: 2 * second) == .tooManyAtOnce(1))
        #expect(gate.admit("10.0.0.1", now: 3 * second) == .tooFast(limit: 3, retryAfterSeconds: 58))
        gate.release("10.0.0.1")
        // The attempt at 0 s has aged out: room for one; knocking again at once is refused.
        #expect(gate.admit("10.0.0.1", now: 61 * second) == nil)
        gate.release("10.0.0.1")
        #expect(gate.admit("10.0.0.1", now: 61 * second) == .tooFast(limit: 3, retryAfterSeconds: 2))
        #expect(gate.admit("10.0.0.1", now: 64 * second) == nil)
    }

    @Test func theTotalAndTheDescriptorLimitCap() {
        let gate = Self.gate {
            $0.maxConnections = 3
            $0.maxConnectionsPerAddress = 0
            $0.connectsPerAddress = 0
        }
        for _ in 0..<3 { #expect(gate.admit("10.0.0.1", now: 0) == nil) }
        #expect(gate.admit("10.0.0.9", now: 0) == .full(3))
        gate.setDescriptorLimit(66)
        #expect(gate.effectiveMaximum == 2)
    }

    @Test func bannedAddressesAreRefusedWithTheirEnd() {
        let bans = BanList()
        let gate = ConnectionGate(limits: AbuseLimits(), bans: bans, clock: ManualClock())
        bans.add(BanRecord(kind: .address, target: "10.0.0.5", createdAt: 0, expiresAt: 2000, admin: "root"))
        bans.add(BanRecord(kind: .address, target: "2001:db8::/64", createdAt: 0, expiresAt: nil, admin: "root"))
        #expect(gate.admit("10.0.0.5", now: 0, wallClock: 1000) == .banned(until: 2000))
        #expect(gate.admit("10.0.0.5", now: 0, wallClock: 2000) == nil)
        #expect(gate.admit("2001:db8::77", now: 0, wallClock: 1000) == .banned(until: nil))
        #expect(ConnectionGate.Refusal.banned(until: nil).line == "Connections from your address are banned from LivePet.\r\n")
    }

    @Test func everyRefusalIsOneLine() {
        for refusal in [ConnectionGate.Refusal.banned(until: 0), .full(10), .tooManyAtOnce(8), .tooFast(limit: 20, retryAfterSeconds: 1)] {
            let line = refusal.line
            #expect(line.hasSuffix("\r\n"))
            #expect(line.dropLast(2).allSatisfy { $0 != "\n" && $0 != "\r" })
        }
    }
}
