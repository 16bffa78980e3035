import Testing
@testable import LivePet
@testable import LivePetStore

/// Review finding L5 on a real SQLite file: a graceful shutdown records last seen for every
/// character in the world before the store closes, so the next login summary starts from the
/// shutdown and does not tell the same news again.
@Suite struct ShutdownLastSeenTests {
    @Test func charactersInTheWorldAtShutdownAreLastSeenThen() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            var tick: Int64 = 0
            try await IDReuseTests.SQLiteServer.run(path) { server in
                let alice = try await server.player("Alice")
                // Bob's line drops: link-dead, he stays in the world (and presence) for the grace.
                let bob = try await server.player("Bob")
                try await alice.readUntil("Bob arrives.\n")
                bob.close()
                try await alice.readUntil("Bob's link goes dead.\n")
                // Time passes after both logins, which recorded the tick they came at.
                for _ in 0..<3 { await server.services.world.advance() }
                tick = server.services.world.now
                #expect(tick > 0)
                // As LivePetMain does: shut down, then close the store at once.
                await server.server.shutdown()
                await server.store.close()
                #expect(try await alice.expectClosed().contains("LivePet is shutting down."))
            }
            let store = try await SQLiteStore.open(path: path)
            let accounts = [try await store.account(named: "Alice"), try await store.account(named: "Bob")]
            await store.close()
            for account in accounts {
                let account = try #require(account)
                #expect(account.lastSeenTick == tick, "\(account.name)")
                #expect(account.lastSeen != nil, "\(account.name)")
            }
        }
    }
}
