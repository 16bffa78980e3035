import Foundation
import Testing
@testable import LivePetSession
@testable import LivePetSupport

/// A client turning GMCP off and on again and again (review H2): the full lists go once per
/// connection; after that a re-enable waits for the next tick's flush, so toggles cost the
/// server three bytes of negotiation each, not 48 KiB of lists.
@Suite struct ClientsGMCPToggleTests {
    typealias Fixture = ClientsFixture
    typealias Probe = ListsProbe

    static let doGMCP: [UInt8] = [255, 253, 201]
    static let dontGMCP: [UInt8] = [255, 254, 201]

    /// A telnet client that refuses the server's GMCP offer and then stays silent about the
    /// option, so every DO and DONT on the wire is the test's own; logged in, GMCP off.
    static func player(_ fixture: Fixture, _ name: String) async throws -> TestClient {
        var profile = ClientsGMCPTests.gmcpProfile
        profile.acceptsGMCP = false
        return try await fixture.player(name, profile)
    }

    static func gmcpBytes(_ client: TestClient) -> Int {
        client.gmcpMessages.reduce(0) { $0 + $1.package.utf8.count + $1.json.utf8.count + 6 }
    }

    @Test func twoHundredTogglesSendTheListsOnceThenAtTheNextTick() async throws {
        let clock = ManualClock()
        try await Fixture.run(configure: Fixture.onManualClock(clock)) { fixture in
            let alice = try await Self.player(fixture, "Alice")
            try await alice.command("adopt Biscuit dog", until: "Visit with")
            // The first DO after login: everything, once.
            try await alice.sendBytes(Self.doGMCP)
            try await Probe.wait(alice, "Players.Online", "the lists on the first enable")
            #expect(Probe.telnet(alice, "Pet.List").count == 1)
            let treats = "You hold 5 of 5 treats."
            try await alice.command("treats", until: treats)
            let answerStart = alice.rawReceived.count
            try await alice.command("treats", until: treats)
            let answerBytes = alice.rawReceived.count - answerStart

            let rawStart = alice.rawReceived.count
            let gmcpStart = Self.gmcpBytes(alice)
            for _ in 0..<200 {
                try await alice.sendBytes(Self.dontGMCP + Self.doGMCP + Array("treats\r\n".utf8))
                try await alice.readUntil(treats)
            }
            try await alice.command("treats", until: treats)
            // The same tick as the login: not even Char.Name again, and no list.
            let gmcp = Self.gmcpBytes(alice) - gmcpStart
            #expect(gmcp <= 1024, "200 toggles brought \(gmcp) bytes of GMCP")
            #expect(Probe.telnet(alice, "Pet.List").count == 1)
            #expect(Probe.telnet(alice, "Players.Online").count == 1)
            // WONT and WILL (3 bytes each) and the answers to the commands: nothing else.
            let raw = alice.rawReceived.count - rawStart
            #expect(raw <= 201 * (answerBytes + 6) + 1024, "200 toggles brought \(raw) bytes")

            // The next tick's flush sends both lists again, though nothing in them changed.
            await fixture.host.advance()
            let pets = try await Probe.wait(alice, "Pet.List", after: 1, "the lists at the next tick")
            #expect(Probe.rows(pets).first?["name"] as? String == "Biscuit")
            try await Probe.wait(alice, "Players.Online", after: 1, "the lists at the next tick") { Probe.online($0) == ["Alice: Lobby"] }
            // And not again at the tick after.
            await fixture.host.advance()
            try await alice.command("treats", until: treats)
            #expect(Probe.telnet(alice, "Pet.List").count == 2)
            #expect(Probe.telnet(alice, "Players.Online").count == 2)
        }
    }

    /// Toggles in one packet reach the session as one change (the latest), so the change the
    /// client ends with is never the one dropped from a full inbox.
    @Test func aBurstOfTogglesInOnePacketEndsInTheLastState() async throws {
        let clock = ManualClock()
        try await Fixture.run(configure: Fixture.onManualClock(clock)) { fixture in
            let alice = try await Self.player(fixture, "Alice")
            try await alice.sendBytes(Self.doGMCP)
            try await Probe.wait(alice, "Players.Online", "the lists on the first enable")
            // Off, so that the burst's changes alternate on, off, on...: were they queued one by
            // one, the 64th (the most the inbox holds) would be "off" and the final "on" lost.
            try await alice.sendBytes(Self.dontGMCP)
            try await alice.command("treats", until: "You hold 5 of 5 treats.")
            let rawStart = alice.rawReceived.count
            var burst: [UInt8] = []
            for _ in 0..<200 { burst += Self.doGMCP + Self.dontGMCP }
            try await alice.sendBytes(burst + Self.doGMCP + Array("treats\r\n".utf8))
            try await alice.readUntil("You hold 5 of 5 treats.")
            try await alice.readPrompt()
            let raw = alice.rawReceived.count - rawStart
            #expect(raw <= 401 * 3 + 1024, "a burst of 401 toggles brought \(raw) bytes")
            #expect(Probe.telnet(alice, "Players.Online").count == 1)
            // GMCP is on, as the client left it: the lists come with the next tick.
            await fixture.host.advance()
            try await Probe.wait(alice, "Players.Online", after: 1, "the lists at the next tick")
            try await Probe.wait(alice, "Pet.List", after: 1, "the lists at the next tick")
        }
    }
}
