import Testing
@testable import LivePetNet
@testable import LivePetTelnet

/// A browser's spare connection (opened as it navigates, silent for seconds) is not taken for
/// telnet: when the peer's address made an HTTP request lately (`RecentHTTPClients`), a
/// silent connection waits past its sniff window, up to the grace. Driven with byte arrays.
@Suite struct TransportStackGraceTests {
    static let ms: UInt64 = 1_000_000
    static let second: UInt64 = 1_000_000_000
    static let address = "192.0.2.7"

    private func limits(_ clients: RecentHTTPClients?, proxies: String? = nil) throws -> ConnectionLimits {
        var limits = ConnectionLimits()
        limits.protocolSniffWindow = .milliseconds(100)
        limits.web = HTTPContentTests.Site()
        limits.httpClients = clients
        if let proxies { limits.trustedProxies = try TrustedProxies(parsing: proxies) }
        return limits
    }

    private func receive(_ text: String, _ stack: inout TransportStack, now: UInt64) -> [TransportAction] {
        var actions: [TransportAction] = []
        Array(text.utf8).withUnsafeBytes { stack.receive($0, now: now, into: &actions) }
        return actions
    }

    /// A stack opened at `now` for `address`.
    private func opened(_ limits: ConnectionLimits, from address: String = address, now: UInt64) -> TransportStack {
        var stack = TransportStack(limits: limits, peerAddress: address)
        var actions: [TransportAction] = []
        _ = stack.open(now: now, into: &actions)
        return stack
    }

    private func isTelnetStart(_ actions: [TransportAction]) -> Bool {
        actions == [.reply(TransportStackTests.offer), .event(.opened)]
    }

    @Test func aRequestIsNotedAndASilentConnectionFromTheSameAddressWaitsForItsOwn() throws {
        let clients = RecentHTTPClients()
        let limits = try limits(clients)
        let start = 100 * Self.second
        var page = opened(limits, now: start)
        let answered = receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &page, now: start + Self.ms)
        #expect(answered.contains(.serving(.http)))
        #expect(clients.isBrowsing(Self.address, now: start + Self.ms))

        var spare = opened(limits, now: start + 2 * Self.ms)
        var actions: [TransportAction] = []
        spare.sniffWindowEnded(now: start + 102 * Self.ms, into: &actions)
        #expect(actions.isEmpty, "no telnet offer at the window")
        #expect(spare.sniffing && !spare.waitsForSniffTimer, "housekeeping's now")
        spare.expire(now: start + 5 * Self.second, into: &actions)
        #expect(actions.isEmpty)
        // Its request comes seconds later: HTTP, with nothing of telnet before it.
        let late = receive("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n", &spare, now: start + 6 * Self.second)
        #expect(late.first == .serving(.http), "\(late)")
        #expect(!late.contains(.event(.opened)))
        guard case .reply(let response) = late.last else { Issue.record("no response: \(late)"); return }
        #expect(String(decoding: response.prefix(17), as: UTF8.self) == "HTTP/1.1 404 Not ")
    }

    @Test func theWaitEndsAtTheGraceCountedFromTheConnectionAndAnyByteEndsItSooner() throws {
        let clients = RecentHTTPClients()
        let limits = try limits(clients)
        let start = 100 * Self.second
        clients.note(Self.address, now: start - 3 * Self.second)
        var nc = opened(limits, now: start)
        var actions: [TransportAction] = []
        nc.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        nc.expire(now: start + 10 * Self.second - 1, into: &actions)
        #expect(actions.isEmpty)
        nc.expire(now: start + 10 * Self.second, into: &actions)
        #expect(isTelnetStart(actions), "telnet at the grace: \(actions)")

        // Someone who presses Enter is greeted at once.
        var typist = opened(limits, now: start)
        typist.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        let typed = receive("\r\n", &typist, now: start + 2 * Self.second)
        #expect(Array(typed.prefix(2)) == [.reply(TransportStackTests.offer), .event(.opened)])
    }

    @Test func withoutARecentRequestTelnetStartsAtTheWindowAsBefore() throws {
        let clients = RecentHTTPClients()
        let limits = try limits(clients)
        let start = 100 * Self.second
        var actions: [TransportAction] = []
        // Never seen; another address seen; this address seen more than the grace ago.
        clients.note("192.0.2.8", now: start)
        var fresh = opened(limits, now: start)
        fresh.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        #expect(isTelnetStart(actions))
        actions = []
        clients.note(Self.address, now: start - 11 * Self.second)
        var stale = opened(limits, now: start)
        stale.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        #expect(isTelnetStart(actions))
        actions = []
        // No table (a port without the web): as before too.
        var plain = opened(try self.limits(nil), now: start)
        plain.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        #expect(isTelnetStart(actions))
    }

    @Test func monitoringAndWebSocketHandshakesAreNotBrowsing() throws {
        let clients = RecentHTTPClients()
        let limits = try limits(clients)
        for request in ["GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n"] {
            var probe = opened(limits, now: Self.second)
            let actions = receive(request, &probe, now: Self.second)
            #expect(actions.contains(.serving(.http)))
        }
        #expect(clients.count == 0, "a scraper's or a WebSocket's address is not kept waiting")
        var favicon = opened(limits, now: Self.second)
        _ = receive("GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n", &favicon, now: Self.second)
        #expect(clients.isBrowsing(Self.address, now: Self.second), "a 404 a browser asks for counts")
    }

    @Test func aTrustedProxyIsNeitherNotedNorKeptWaiting() throws {
        let clients = RecentHTTPClients()
        let limits = try limits(clients, proxies: "10.1.2.3")
        let start = 100 * Self.second
        var proxied = opened(limits, from: "10.1.2.3", now: start)
        _ = receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &proxied, now: start)
        #expect(clients.count == 0)
        clients.note("10.1.2.3", now: start)
        var silent = opened(limits, from: "10.1.2.3", now: start)
        var actions: [TransportAction] = []
        silent.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        #expect(isTelnetStart(actions))
    }

    @Test func aSpareConnectionClosedUnusedIsNotGreeted() throws {
        let clients = RecentHTTPClients()
        let limits = try limits(clients)
        let start = 100 * Self.second
        clients.note(Self.address, now: start)
        var spare = opened(limits, now: start)
        var actions: [TransportAction] = []
        spare.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        spare.inputEnded(now: start + 10 * Self.second - Self.ms, into: &actions)
        #expect(actions.isEmpty, "no offer to a browser's closed spare: \(actions)")
        spare.expire(now: start + 11 * Self.second, into: &actions)
        #expect(actions.isEmpty)
    }

    @Test func anIPv6AddressCountsByItsSlash64() throws {
        let clients = RecentHTTPClients()
        let limits = try limits(clients)
        let start = 100 * Self.second
        var page = opened(limits, from: "2001:db8:1:2::10", now: start)
        _ = receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &page, now: start)
        #expect(clients.isBrowsing("2001:db8:1:2::/64", now: start))
        var spare = opened(limits, from: "2001:db8:1:2::11", now: start)
        var actions: [TransportAction] = []
        spare.sniffWindowEnded(now: start + 100 * Self.ms, into: &actions)
        #expect(actions.isEmpty)
    }
}
