import Testing
@testable import LivePetNet
@testable import LivePetSupport

@Suite struct AddressAndTimeTextTests {
    @Test(arguments: [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::9", "2001:db8:1:2::/64"),
        ("::1", "::/64"),
    ])
    func addressKeys(address: String, key: String) {
        #expect(AddressKey.make(address) == key)
    }

    @Test(arguments: [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:DB8::1", "2001:db8::1"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2::/64", "2001:db8:1:2::/64"),
    ])
    func canonicalAddresses(text: String, canonical: String) {
        #expect(AddressKey.canonical(text) == canonical)
    }

    @Test(arguments: ["alice", "Guest-1001", "300.1.2.3", "1.2.3", "", "10.0.0.0/8"])
    func notAddresses(text: String) {
        #expect(AddressKey.canonical(text) == nil)
    }

    @Test(arguments: [("90s", 90), ("30m", 1800), ("2h", 7200), ("7d", 604_800), ("2W", 1_209_600), ("45", 45)] as [(String, Int64)])
    func durations(text: String, seconds: Int64) {
        #expect(TimeText.parseDuration(text) == seconds)
    }

    @Test(arguments: ["0m", "-5m", "m", "5x", "forever", "99999999999d", "1.5h", "٣m"])
    func notDurations(text: String) {
        #expect(TimeText.parseDuration(text) == nil)
    }

    @Test func describedDurationsAndDates() {
        #expect(TimeText.describe(seconds: 1) == "1 second")
        #expect(TimeText.describe(seconds: 59) == "59 seconds")
        #expect(TimeText.describe(seconds: 300) == "5 minutes")
        #expect(TimeText.describe(seconds: 7200) == "2 hours")
        #expect(TimeText.describe(seconds: 5400) == "1 hour 30 minutes")
        #expect(TimeText.describe(seconds: 86_400 * 7) == "7 days")
        #expect(TimeText.date(0) == "1970-01-01 00:00 UTC")
        #expect(TimeText.date(1_700_000_000) == "2023-11-14 22:13 UTC")
    }
}
