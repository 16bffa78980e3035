import Testing
@testable import LivePetNet

/// The table of addresses that made HTTP requests lately: what it remembers, for how long,
/// and that it stays bounded however it is fed.
@Suite struct RecentHTTPClientsTests {
    static let second: UInt64 = 1_000_000_000

    @Test func anAddressIsBrowsingForTheGraceAfterItsLastRequest() {
        let table = RecentHTTPClients()
        #expect(table.grace == .seconds(10))
        #expect(!table.isBrowsing("192.0.2.1", now: 5 * Self.second), "never seen")
        table.note("192.0.2.1", now: 5 * Self.second)
        #expect(table.isBrowsing("192.0.2.1", now: 5 * Self.second))
        #expect(table.isBrowsing("192.0.2.1", now: 15 * Self.second))
        #expect(!table.isBrowsing("192.0.2.1", now: 15 * Self.second + 1))
        #expect(!table.isBrowsing("192.0.2.2", now: 6 * Self.second), "another address")
        // A later request renews it; a reading taken just before another loop's note counts too.
        table.note("192.0.2.1", now: 12 * Self.second)
        #expect(table.isBrowsing("192.0.2.1", now: 22 * Self.second))
        #expect(table.isBrowsing("192.0.2.1", now: 11 * Self.second))
        #expect(table.count == 1)
    }

    @Test func expiredAddressesAreDroppedAsLaterOnesCome() {
        let table = RecentHTTPClients()
        for index in 0..<100 { table.note("10.0.0.\(index)", now: Self.second + UInt64(index)) }
        #expect(table.count == 100)
        table.note("10.0.1.1", now: 12 * Self.second)
        #expect(table.count == 1, "the hundred are older than the grace")
        #expect(table.heldEntries <= 2)
    }

    @Test func theTableHoldsAtMostItsCapacityAndForgetsTheOldestFirst() {
        let table = RecentHTTPClients()
        #expect(table.capacity == 4096)
        // 5,000 addresses within one grace (an IPv6 /64 each, as `AddressKey` writes them).
        for index in 0..<5000 { table.note("2001:db8:\(String(index, radix: 16))::/64", now: Self.second + UInt64(index)) }
        #expect(table.count == 4096)
        let now = 2 * Self.second
        #expect(!table.isBrowsing("2001:db8:0::/64", now: now), "the oldest went first")
        #expect(!table.isBrowsing("2001:db8:\(String(903, radix: 16))::/64", now: now))
        #expect(table.isBrowsing("2001:db8:\(String(904, radix: 16))::/64", now: now))
        #expect(table.isBrowsing("2001:db8:\(String(4999, radix: 16))::/64", now: now))
        #expect(table.heldEntries <= 4 * table.capacity + 2)
    }

    @Test func renewingTheSameAddressesKeepsItsBookkeepingBounded() {
        let table = RecentHTTPClients(capacity: 8)
        // 8 addresses renewed 1,000 times each within one grace: every renewal leaves a stale
        // entry behind, which must not pile up.
        var now = Self.second
        for _ in 0..<1000 {
            for index in 0..<8 {
                now += 1
                table.note("198.51.100.\(index)", now: now)
                #expect(table.heldEntries <= 4 * 8 + 2)
            }
        }
        #expect(table.count == 8)
        for index in 0..<8 { #expect(table.isBrowsing("198.51.100.\(index)", now: now)) }
        // A ninth pushes out the least recently noted, not the least noted.
        table.note("198.51.100.99", now: now + 1)
        #expect(table.count == 8)
        #expect(!table.isBrowsing("198.51.100.0", now: now + 1))
        #expect(table.isBrowsing("198.51.100.1", now: now + 1))

        // One address renewed over and over behind an older one that is still current: the
        // stale entries cannot be passed from the front, and are dropped all the same.
        let anchored = RecentHTTPClients(capacity: 8)
        anchored.note("203.0.113.1", now: Self.second)
        for step in 1...1000 {
            anchored.note("203.0.113.2", now: Self.second + UInt64(step))
            #expect(anchored.heldEntries <= 4 * 8 + 2)
        }
        #expect(anchored.count == 2)
        #expect(anchored.isBrowsing("203.0.113.1", now: 2 * Self.second))
    }
}
