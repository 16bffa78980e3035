import Foundation
import Testing

/// MSSP (telnet option 70) for clients and crawlers, and the plaintext `MSSP-REQUEST` for
/// crawlers on raw sockets.
@Suite struct ClientsMSSPTests {
    typealias Fixture = ClientsFixture

    /// MSSP_VAR 1 name MSSP_VAL 2 value …, as a table (a repeated name keeps every value).
    static func table(_ payload: [UInt8]) -> [String: [String]] {
        var table: [String: [String]] = [:]
        var name: [UInt8] = []
        var value: [UInt8] = []
        var readingName = false
        var current: String?
        func flushValue() {
            if let current { table[current, default: []].append(String(decoding: value, as: UTF8.self)) }
            value = []
        }
        for byte in payload {
            switch byte {
            case 1:
                flushValue()
                current = nil
                name = []
                readingName = true
            case 2:
                if readingName { current = String(decoding: name, as: UTF8.self) } else { flushValue() }
                readingName = false
            default:
                if readingName { name.append(byte) } else { value.append(byte) }
            }
        }
        flushValue()
        return table
    }

    @Test func doMSSPGetsTheStatusTable() async throws {
        try await Fixture.run { fixture in
            let owner = try await fixture.player("Alice", .raw)
            try await owner.command("adopt Whiskers cat", until: "Visit with")
            try await owner.command("adopt Rex dog", until: "Visit with")
            try await owner.command("visit Rex", until: "cared for by")
            let before = Int64(Date().timeIntervalSince1970)

            let crawler = try await fixture.connect(.tintin)
            try await crawler.waitUntil("SB MSSP") { $0.subnegotiations.contains { $0.option == TestClient.mssp } }
            let payload = try #require(crawler.subnegotiations.first { $0.option == TestClient.mssp }).payload
            let table = Self.table(payload)
            #expect(table["NAME"] == ["LivePet"])
            #expect(table["CODEBASE"] == ["LivePet"])
            #expect(table["PLAYERS"] == ["1"])
            #expect(table["UTF-8"] == ["1"])
            #expect(table["ANSI"] == ["1"])
            #expect(table["PETS"] == ["2"])
            #expect(table["ACTIVE PETS"] == ["1"])
            let uptime = try #require(table["UPTIME"]?.first.flatMap { Int64($0) })
            #expect(uptime <= before && uptime > before - 600, "UPTIME is the start time in Unix seconds")
            #expect(table["PORT"] == ["\(fixture.port)"], "\(table["PORT"] ?? [])")
            // Only MSSP_VAR/MSSP_VAL structure: every name has exactly one value here.
            #expect(table.values.allSatisfy { $0.count == 1 })
            // The client keeps working after it.
            try await crawler.send("guest")
            try await crawler.readPrompt()
        }
    }

    /// A client that refuses MSSP is never sent the table.
    @Test func refusedMSSPSendsNothing() async throws {
        try await Fixture.run { fixture in
            var profile = TestClient.Options.tintin
            profile.acceptsMSSP = false
            let (client, _) = try await fixture.guest(profile)
            try await client.command("look", until: "Nobody else is here.")
            #expect(!client.subnegotiations.contains { $0.option == TestClient.mssp })
            #expect(client.rawReceived.index(of: [255, 251, 70]) != nil, "it was offered")
        }
    }

    /// Crawlers on raw sockets: `MSSP-REQUEST` at the name prompt (any case) answers the
    /// table as text and hangs up, with no telnet byte after the opening offer.
    @Test(arguments: ["MSSP-REQUEST", "mssp-request"])
    func plaintextRequest(_ request: String) async throws {
        try await Fixture.run { fixture in
            _ = try await fixture.player("Alice", .raw)
            let crawler = try await fixture.connect(.raw)
            try await crawler.send(request)
            let text = try await crawler.expectClosed()
            let start = try #require(text.range(of: "MSSP-REPLY-START\n"))
            let end = try #require(text.range(of: "MSSP-REPLY-END\n"))
            #expect(start.upperBound <= end.lowerBound)
            #expect(text.hasSuffix("MSSP-REPLY-END\n"), "nothing after the end: \(text.debugDescription)")
            var table: [String: String] = [:]
            for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 1)
                try #require(parts.count == 2, "\(line)")
                table[String(parts[0])] = String(parts[1])
            }
            for name in ["NAME", "PLAYERS", "UPTIME", "CODEBASE", "PORT", "UTF-8", "ANSI", "PETS"] {
                #expect(table[name] != nil, "\(name) missing: \(table)")
            }
            #expect(table["NAME"] == "LivePet")
            #expect(table["PLAYERS"] == "1")
            #expect(!crawler.rawReceived.dropFirst(9).contains(255))
        }
    }

    /// A crawler that sends the request at once, without waiting for the banner, is answered too.
    @Test func plaintextRequestBeforeTheBanner() async throws {
        try await Fixture.run { fixture in
            let crawler = try await TestClient.connect(port: fixture.port, .raw)
            defer { crawler.close() }
            try await crawler.send("MSSP-REQUEST")
            let text = try await crawler.expectClosed()
            #expect(text.contains("MSSP-REPLY-START\nNAME\tLivePet\n"), "\(text.debugDescription)")
            #expect(text.hasSuffix("MSSP-REPLY-END\n"))
        }
    }

    /// After login it is just an unknown command, never a hang-up.
    @Test func plaintextRequestIsOnlyForTheNamePrompt() async throws {
        try await Fixture.run { fixture in
            let (client, _) = try await fixture.guest(.raw)
            try await client.command("MSSP-REQUEST", until: "Unknown command")
            try await client.command("look", until: "Nobody else is here.")
            #expect(!client.isClosedByServer)
        }
    }
}
