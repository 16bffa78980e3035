import Foundation
import Glibc
import Testing

/// The real `livepet` binary, killed and restarted: accounts and adoptions survive a kill -9
/// at once, care survives as of the last checkpoint, and a SIGTERM saves everything and
/// stops the world's clock until the next start.
@Suite(.needsLivePetExecutable)
struct PersistenceProcessRestartTests {
    /// A tick long enough that the clock does not move during a test.
    static let frozen = "3600"

    /// Runs a server on `db` and a client connected to it; kills the server (SIGKILL) and
    /// closes the client afterwards unless the body already stopped it.
    static func withServer<R>(db: String, tick: String = frozen, checkpoint: String,
                              _ body: (SpawnedLivePet, TestClient) async throws -> R) async throws -> R {
        try await SpawnedLivePet.run(SpawnedLivePet.serveArguments(db: db, ["--loops", "1", "--tick", tick, "--checkpoint", checkpoint])) { process in
            let client = try await TestClient.connect(port: process.listeningPort())
            defer { client.close() }
            return try await body(process, client)
        }
    }

    /// Age and hunger from a `look` in a pet's room ("Age 5 ticks, hunger 175/500, ...").
    static func lookedAt(_ text: String) throws -> String {
        let match = try #require(text.firstMatch(of: /Age (\d+) ticks?, hunger (\d+)\/500/), "no pet description in \(text.debugDescription)")
        return "age \(match.1), hunger \(match.2)"
    }

    @Test func killNineKeepsAccountsAndAdoptionsAndTheLastCheckpoint() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/livepet.sqlite"
            // Frequent checkpoints: the feed and the treat are saved, then the process dies.
            try await Self.withServer(db: db, checkpoint: "0.2") { process, alice in
                try await alice.create(name: "Alice", password: "sunflower1")
                #expect(try await alice.command("adopt Rex dog", until: "You adopt Rex the dog (#1)!").contains("Visit with: visit Rex"))
                #expect(try await Self.lookedAt(alice.command("visit Rex", until: "ticks, hunger ")) == "age 0, hunger 250")
                #expect(try await alice.command("feed", until: "You feed Rex.").contains("You feed Rex. Hunger 250 → 150."))
                #expect(try await alice.command("treat", until: "You give Rex a treat.").contains("Hunger 150 → 130. You have 4 treats left."))
                // The second checkpoint that starts after the treat certainly contains it.
                let mark = process.logLineCount
                let first = try await process.waitForLog("event=checkpoint", after: mark)
                let afterFirst = process.logLineCount
                try await process.waitForLog("event=checkpoint", after: afterFirst)
                #expect(first.contains("reason=interval"))
                process.signal(SIGKILL)
                #expect(try await process.waitForExit() == .signal(SIGKILL))
            }
            // Rare checkpoints: what happens now reaches the file only if it is written at once.
            try await Self.withServer(db: db, checkpoint: Self.frozen) { process, alice in
                try await alice.login(name: "Alice", password: "sunflower1")
                #expect(try await Self.lookedAt(alice.command("visit Rex", until: "ticks, hunger ")) == "age 0, hunger 130")
                #expect(try await alice.command("treats", until: "You hold").contains("You hold 4 of 5 treats."))
                let bob = try await TestClient.connect(port: alice.port)
                defer { bob.close() }
                try await bob.create(name: "Bob", password: "sunflower2")
                #expect(try await bob.command("adopt Bolt fox", until: "You adopt").contains("You adopt Bolt the fox (#2)!"))
                #expect(try await alice.command("feed", until: "You feed Rex.").contains("You feed Rex. Hunger 130 → 30."))
                process.signal(SIGKILL)
                #expect(try await process.waitForExit() == .signal(SIGKILL))
            }
            try await Self.withServer(db: db, checkpoint: Self.frozen) { _, bob in
                try await bob.login(name: "Bob", password: "sunflower2")
                let bolt = try await bob.command("visit Bolt", until: "ticks, hunger ")
                #expect(bolt.contains("Bolt the fox (#2), cared for by Bob."))
                #expect(try Self.lookedAt(bolt) == "age 0, hunger 250")
                // The last feed came after the last checkpoint: Rex is as that checkpoint left him.
                let rex = try await bob.command("visit Rex", until: "ticks, hunger ")
                #expect(try Self.lookedAt(rex) == "age 0, hunger 130")
            }
        }
    }

    @Test func sigtermSavesEverythingAndTheClockWaits() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/livepet.sqlite"
            let tickLine = /\[Rex\] age (\d+), hunger (\d+)\/500/
            let (lastSeen, shutdownTick) = try await Self.withServer(db: db, tick: "0.05", checkpoint: Self.frozen) { process, alice in
                try await alice.create(name: "Alice", password: "sunflower1")
                try await alice.command("adopt Rex dog", until: "You adopt Rex")
                try await alice.command("visit Rex", until: "ticks, hunger ")
                try await alice.everyTick()  // every tick's line: the last one read is the state saved
                try await alice.send("feed")
                var transcript = try await alice.readUntil("You feed Rex.")
                // Let the clock run on past the feed, so the final state is the tick's, not the feed's.
                for _ in 0..<3 { transcript += try await alice.readUntil("[Rex] age") }
                process.signal(SIGTERM)
                let goodbye = try await alice.expectClosed(timeout: .seconds(5))
                transcript += goodbye
                #expect(goodbye.contains("LivePet is shutting down."))
                #expect(try await process.waitForExit(timeout: .seconds(5)) == .code(0))
                let last = try #require(transcript.matches(of: tickLine).last, "no tick line before shutdown in \(transcript.debugDescription)")
                let checkpoint = try #require(process.errorLines.first { $0.contains("event=checkpoint reason=shutdown") },
                                              "no shutdown checkpoint in \(process.standardError.debugDescription)")
                let tick = try #require(checkpoint.firstMatch(of: /\ tick=(\d+)\ /)?.1)
                #expect(checkpoint.contains(" pets=1 "))
                return ("age \(last.1), hunger \(last.2)", String(tick))
            }

            try await Self.withServer(db: db, checkpoint: Self.frozen) { process, alice in
                #expect(try await process.waitForLog("event=world_loaded").contains(" tick=\(shutdownTick) "))
                try await alice.login(name: "Alice", password: "sunflower1")
                #expect(try await Self.lookedAt(alice.command("visit Rex", until: "ticks, hunger ")) == lastSeen)
                #expect(try await Self.lookedAt(alice.command("look", until: "ticks, hunger ")) == lastSeen)
            }
        }
    }
}
