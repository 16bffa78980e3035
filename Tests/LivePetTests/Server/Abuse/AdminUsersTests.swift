import Testing
@testable import LivePetNet
@testable import LivePetSession

/// `users` with thousands online: one page at a time, so the admin's reply stays far under the
/// connection's output cap (a connection whose queue passes it is closed).
@Suite struct AdminUsersTests {
    /// The report: 5,000 characters online. Opening 5,000 sockets would take most of the test's
    /// time; `users` reads only the presence list, so besides two real players (Root, Alice) the
    /// characters are link-dead ones, as after a network outage: listed like anyone else,
    /// with a long IPv6 address and a client name, on a connection that no longer has a socket.
    @Test func usersPagesThousandsWithATotalAndKeepsTheAdminConnected() async throws {
        try await AdminTests.run { server, root in
            _ = try await server.player("Alice")
            let count = 5_000
            for index in 0..<count {
                let number = String(index).leftPad(4).replacingOccurrences(of: " ", with: "0")
                let connection = Connection(fd: -1, peerAddress: "2001:db8:4006:812:ab12:cd34:ef56:\(number)",
                                            loop: DetachedConnection.loop, id: UInt64(1_000_000 + index), limits: ConnectionLimits())
                var entry = Presence.Entry(name: "Player\(number)", sessionID: UInt64(1_000_000 + index), connection: connection,
                                           place: server.services.lobby, since: server.services.clock.uptimeNanos(), isGuest: false)
                entry.prefs.client.withLock { $0 = "Mudlet 4.17.2" }
                entry.linkDead = true
                entry.linkDeadSince = server.services.clock.uptimeNanos()
                _ = await server.services.presence.login(entry)
            }
            let total = count + 2

            // Everyone in one reply, as `users` wrote it before: more than the cap.
            let everyone = await server.services.presence.entries().map {
                UsersFormatter.Row(name: $0.name, address: $0.connection.peerAddress, idleSeconds: 0,
                                   client: "Mudlet 4.17.2", protocolName: "?", flags: ["link-dead"])
            }
            let unpaged = UsersFormatter.format(everyone, page: 1, total: everyone.count, openConnections: 2)
            #expect(unpaged.utf8.count > server.config.limits.maxQueuedBytes)

            let first = try await root.command("users", until: "open in all (logins included).\n", timeout: .seconds(20))
            let firstRows = Self.rows(first)
            #expect(firstRows.count == UsersFormatter.pageSize)
            #expect(firstRows.first?.hasPrefix("Alice ") == true)
            #expect(firstRows.last?.hasPrefix("Player0098 ") == true)
            #expect(firstRows.dropFirst().allSatisfy { $0.contains("2001:db8:4006:812:ab12:cd34:ef56:") && $0.hasSuffix("link-dead") })
            #expect(first.contains("\nPage 1 of 51. More: users 2. \(total) players; 2 connections open in all (logins included).\n"))
            #expect(first.utf8.count < 32 * 1024)

            let second = try await root.command("users 2", until: "open in all (logins included).\n", timeout: .seconds(20))
            #expect(Self.rows(second).first?.hasPrefix("Player0099 ") == true)
            #expect(second.contains("\nPage 2 of 51. More: users 3. \(total) players;"))

            let last = try await root.command("users 51", until: "open in all (logins included).\n", timeout: .seconds(20))
            #expect(Self.rows(last).map { String($0.prefix(11)) } == ["Player4999 ", "Root       "])
            #expect(last.contains("\nPage 51 of 51, the last. \(total) players;"))

            try await root.command("users 52", until: "No more players: page 52 of 51. \(total) players;", timeout: .seconds(20))
            try await root.command("users two", until: "Usage: users [page]\n")
            #expect(!root.isClosedByServer)
        }
    }

    /// One online player: no page line, as before.
    @Test func onePageHasNoPageLine() async throws {
        try await AdminTests.run { _, root in
            let answer = try await root.command("users", until: "open in all (logins included).\n")
            #expect(answer.contains("\n1 player; 1 connection open in all (logins included).\n"))
            #expect(!answer.contains("Page "))
        }
    }

    /// The table's rows: the lines between its header and the line with the totals.
    private static func rows(_ answer: String) -> [Substring] {
        guard let header = answer.range(of: "Name ", options: .backwards) else { return [] }
        let lines = answer[header.lowerBound...].split(separator: "\n")
        return Array(lines.dropFirst().prefix { !$0.contains(" open in all ") })
    }
}
