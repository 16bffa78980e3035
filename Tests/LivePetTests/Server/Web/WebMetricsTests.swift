import Foundation
import Testing
@testable import LivePet
@testable import LivePetNet

/// `/metrics` over a real socket, read as Prometheus would, before and after real activity.
@Suite struct WebMetricsTests {
    /// The samples of one scrape, by name with labels (`livepet_connections{protocol="telnet"}`).
    static func scrape(_ server: TestServer) async throws -> [String: Double] {
        let raw = try await WebEndpointTests.exchange(server, WebEndpointTests.request("/metrics", close: true))
        #expect(raw.hasPrefix("HTTP/1.1 200 OK\r\n"), "got \(raw.prefix(200).debugDescription)")
        #expect(raw.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        let body = try #require(raw.components(separatedBy: "\r\n\r\n").dropFirst().first)
        var samples: [String: Double] = [:]
        var declared: Set<String> = []
        for line in body.split(separator: "\n") {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["gauge", "counter"].contains(parts[3]), "\(line)")
                declared.insert(String(parts[2]))
                continue
            }
            if line.hasPrefix("# HELP livepet_") { continue }
            let space = try #require(line.lastIndex(of: " "), "\(line)")
            let name = String(line[..<space])
            #expect(name.hasPrefix("livepet_"))
            #expect(declared.contains(String(name.prefix { $0 != "{" })), "\(name) has a TYPE before it")
            guard let value = Double(String(line[line.index(after: space)...])) else {
                Issue.record("not a number: \(line)")
                continue
            }
            samples[name] = value
        }
        return samples
    }

    @Test func valuesMoveWithRealActivity() async throws {
        try await TestServer.run { server in
            let before = try await Self.scrape(server)
            for name in ["livepet_players_online", "livepet_pets_live", "livepet_pets_visited", "livepet_lines_delivered_total",
                         "livepet_bytes_out_total", "livepet_output_drops_total", "livepet_checkpoint_duration_seconds",
                         "livepet_checkpoint_age_seconds", "livepet_tick_lag_seconds", "livepet_build_info{version=\"\(ServerMetrics.version)\"}"] {
                #expect(before[name] != nil, "\(name) in \(before.keys.sorted())")
            }
            for label in ["telnet", "telnet+tls", "web", "web+tls", "http", "negotiating"] {
                #expect(before["livepet_connections{protocol=\"\(label)\"}"] != nil, "\(label)")
            }
            #expect(before["livepet_players_online"] == 0)
            // The scrape itself: made before its own connection is counted as HTTP.
            let http = before["livepet_connections{protocol=\"http\"}"] ?? 0
            let negotiating = before["livepet_connections{protocol=\"negotiating\"}"] ?? 0
            #expect(http + negotiating == 1)

            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            let web = try await WebSocketTestClient.open(server)
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            let linesBefore = try await Self.scrape(server)["livepet_lines_delivered_total"] ?? 0
            try await alice.send("say hello, Bob")
            try await bob.readUntil("Alice says, \"hello, Bob\"")
            try await alice.readUntil("You say, \"hello, Bob\"")
            let afterSay = try await Self.scrape(server)
            // Bob's line and Alice's echo at least.
            #expect(afterSay["livepet_lines_delivered_total", default: 0] >= linesBefore + 2)
            #expect(afterSay["livepet_bytes_out_total", default: 0] > before["livepet_bytes_out_total", default: 0])
            #expect(afterSay["livepet_players_online"] == 2)
            #expect(afterSay["livepet_connections{protocol=\"telnet\"}"] == 2)
            #expect(afterSay["livepet_connections{protocol=\"web\"}"] == 1)

            try await alice.command("adopt Whiskers cat", until: "Visit with: visit")
            try await bob.command("visit Whiskers", until: "> ")
            let afterVisit = try await Self.scrape(server)
            #expect(afterVisit["livepet_pets_live"] == 1)
            #expect(afterVisit["livepet_pets_visited"] == 1)

            // A checkpoint resets the age and records its duration.
            let ageBefore = afterVisit["livepet_checkpoint_age_seconds", default: 0]
            #expect(await Server.checkpoint(server.services.world, reason: "test", metrics: server.server.metrics))
            let afterCheckpoint = try await Self.scrape(server)
            #expect(afterCheckpoint["livepet_checkpoint_age_seconds", default: .infinity] < ageBefore)
            #expect(afterCheckpoint["livepet_checkpoint_duration_seconds", default: -1] >= 0)
            #expect(afterCheckpoint["livepet_build_info{version=\"\(ServerMetrics.version)\"}"] == 1)
        }
    }
}
