import Foundation
import Testing
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport

/// Admin roles and commands end to end. "Root" is an admin by configuration.
@Suite struct AdminTests {
    static func run<R>(_ configure: (inout ServerConfig) -> Void = { _ in }, _ body: (TestServer, TestClient) async throws -> R) async throws -> R {
        try await Abuse.run({
            $0.admins = ["root"]
            configure(&$0)
        }) { server in
            let root = try await server.connect()
            try await server.createAccount("Root", password: "Root-password")
            try await root.readUntil(TestClient.namePrompt)
            try await root.send("connect Root Root-password")
            try await root.readUntil("You are an admin: \"help\" lists the admin commands too.\n")
            try await root.readUntil("> ")
            return try await body(server, root)
        }
    }

    @Test func adminCommandsAreInvisibleToPlayers() async throws {
        try await Self.run { server, root in
            let bob = try await server.player("Bob")
            let help = try await bob.command("help", until: "quit")
            #expect(!help.contains("kick"))
            #expect(!help.contains("Admin"))
            let commands = try await bob.command("commands", until: "password")
            #expect(!commands.contains("shutdown"))
            try await bob.command("kick Root", until: "Unknown command \"kick\".")
            let helpBan = try await bob.command("help ban", until: "There is no command \"ban\".")
            #expect(!helpBan.contains("Usage"))

            let rootHelp = try await root.command("help", until: "Admin commands (typed in full):\n")
            #expect(rootHelp.contains("  kick "))
            try await root.command("help kick", until: "Usage: kick <name> [reason]\n")
            try await root.command("kic Bob", until: "Admin commands are typed in full: kick.\n")
            try await bob.command("who", until: "2 players online.\n")
        }
    }

    @Test func kickDisconnectsAndIsAudited() async throws {
        try await Self.run { server, root in
            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")
            try await root.command("kick Bob spamming the lobby", until: "You kick Bob out.\n")
            let last = try await bob.expectClosed()
            #expect(last.contains("You have been disconnected by an admin: spamming the lobby.\n"))
            try await carol.readUntil("Bob has been removed by an admin.\n")
            try await carol.command("who", until: "2 players online.\n")
            let audit = try await server.services.admin.recentAudit(limit: 10)
            #expect(audit.first?.action == "kick")
            #expect(audit.first?.admin == "Root")
            #expect(audit.first?.target == "Bob")
            #expect(audit.first?.detail == "spamming the lobby")
            // A kick is not a ban.
            _ = try await server.player("Bob")
            try await root.command("kick Nobody", until: "Nobody called Nobody is online.\n")
            try await root.command("kick Root", until: "You cannot kick yourself; use quit.\n")
        }
    }

    @Test func aNameBanLastsItsDurationAndCanBeLifted() async throws {
        try await Self.run { server, root in
            let bob = try await server.player("Bob")
            let answer = try await root.command("ban bob 2h being rude", until: "Disconnected: Bob.\n")
            #expect(answer.contains("Banned Bob for 2 hours (until "))
            let last = try await bob.expectClosed()
            #expect(last.contains("You have been banned from LivePet until "))
            #expect(last.contains(": being rude.\n"))

            let again = try await server.connect()
            try await again.readUntil(TestClient.namePrompt)
            try await again.send("connect Bob Bob-password")
            let refused = try await again.expectClosed()
            #expect(refused.contains("Bob is banned from LivePet until "))
            #expect(refused.contains("(being rude).\n"))

            let bans = try await root.command("bans", until: "Bans in force:\n")
            #expect(bans.contains("name bob, until "))
            #expect(try await server.services.admin.activeBans(now: Int64(Date().timeIntervalSince1970)).map(\.target) == ["bob"])

            try await root.command("unban Bob", until: "Lifted the ban on bob.\n")
            _ = try await server.player("Bob")
            try await root.command("unban Bob", until: "Bob is not banned.\n")
            let actions = try await server.services.admin.recentAudit(limit: 10).map(\.action)
            #expect(actions.prefix(2) == ["unban", "ban"])
        }
    }

    @Test func aBannedNameCannotBeCreated() async throws {
        try await Self.run { server, root in
            try await root.command("ban Mallory", until: "Banned Mallory permanently.\n")
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("create Mallory password123")
            try await client.readUntil("That name is not available. Please choose another.\n")
        }
    }

    @Test func anAddressBanRefusesAtAcceptAndDisconnectsWhoIsOn() async throws {
        try await Self.run { server, root in
            let guest = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.8"))
            _ = await guest.read(until: TestClient.namePrompt)
            await guest.write("guest\r\n")
            _ = await guest.read(until: "] > ")
            try await root.command("ban 127.0.0.8 30m", until: "Banned 127.0.0.8 for 30 minutes (until ")
            let (last, closed) = await guest.readText(timeout: .seconds(5))
            #expect(closed)
            #expect(last.contains("You have been banned from LivePet until "))

            // With configured admins the address reaches the login screen (they are exempt),
            // told it is banned first; anyone else is refused at the first line.
            let knock = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.8"))
            let (notice, _) = await knock.readText(until: TestClient.namePrompt)
            #expect(notice.contains("Connections from your address are banned from LivePet until "))
            #expect(notice.contains(" UTC. Only the server's own admins can log in from here.\r\n"))
            #expect(!notice.contains("Welcome to the LivePet test server"))
            await knock.write("guest\r\n")
            let (refused, refusedClosed) = await knock.readText(timeout: .seconds(5))
            #expect(refusedClosed)
            #expect(refused.contains("Connections from your address are banned from LivePet until "))
            #expect(!refused.contains("Guest-"))

            try await root.command("ban 127.0.0.1", until: "That would ban your own address (127.0.0.1). To ban it anyway: ban 127.0.0.1 confirm.\n")
            try await root.command("unban 127.0.0.8", until: "Lifted the ban on 127.0.0.8.\n")
            let welcome = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.8"))
            let (text, _) = await welcome.readText(until: TestClient.namePrompt)
            #expect(text.contains(TestClient.namePrompt))
        }
    }

    @Test func bansSurviveARestart() async throws {
        // A ban saved by an earlier run of the server.
        let store = MemoryStore()
        await store.addBan(BanRecord(kind: .address, target: "127.0.0.9", createdAt: 0, expiresAt: nil, admin: "Root"))
        try await TestServer.run(configure: { $0.abuse = AbuseLimits() }, store: store) { server in
            // The server loads the bans from its store at start.
            try await server.waitUntil("the bans are loaded") { server.services.bans.isLoaded }
            let knock = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.9"))
            let (refused, closed) = await knock.readText(timeout: .seconds(5))
            #expect(closed)
            #expect(refused == "Connections from your address are banned from LivePet.\r\n")
        }
    }

    @Test func wallReachesEveryone() async throws {
        try await Self.run { server, root in
            let bob = try await server.player("Bob")
            let guest = try await server.connect()
            try await guest.loginGuest()
            try await root.send("wall The Lobby gets new cushions at noon")
            for client in [bob, guest, root] {
                try await client.readUntil("*** Announcement from Root: The Lobby gets new cushions at noon ***\n")
            }
            #expect(try await server.services.admin.recentAudit(limit: 1).first?.action == "wall")
        }
    }

    @Test func usersShowsAddressesIdleClientsAndProtocols() async throws {
        let clock = ManualClock()
        try await Self.run({ TestServer.useManualClock(clock, &$0) }) { server, root in
            let alice = try await server.player("Alice", mode: .telnet)
            try await alice.command("who", until: " online.\n")
            // Root's client never answered the telnet offer: raw once the negotiation times out.
            clock.advance(by: server.config.limits.negotiationTimeout - .milliseconds(1))
            try await server.waitForHousekeeping()
            #expect(await server.services.presence.entry(named: "Root")?.connection.mode == .undetermined)
            clock.advance(by: .milliseconds(1))
            try await server.waitUntil("Root's client is known to be raw") {
                await server.services.presence.entry(named: "Root")?.connection.mode == .raw
            }
            let answer = try await root.command("users", until: "open in all (logins included).\n")
            let users = try #require(answer.range(of: "Name ").map { String(answer[$0.lowerBound...]) })
            let rows = users.split(separator: "\n")
            let aliceRow = try #require(rows.first { $0.hasPrefix("Alice ") })
            #expect(aliceRow.contains("127.0.0.1"))
            #expect(aliceRow.contains("XTERM"))
            #expect(aliceRow.contains("telnet"))
            let rootRow = try #require(rows.first { $0.hasPrefix("Root ") })
            #expect(rootRow.contains("raw"))
            #expect(rootRow.hasSuffix("admin"))
            #expect(users.contains("2 players; 2 connections open in all"))
        }
    }

    @Test func promotionAndDemotionTakeEffectAtOnceAndPersist() async throws {
        try await Self.run { server, root in
            let alice = try await server.player("Alice")
            try await root.command("promote Alice", until: "Alice is now an admin.\n")
            try await alice.readUntil("You are now an admin: \"help\" lists the admin commands too.\n")
            #expect(try await server.services.accounts.account(named: "Alice")?.isAdmin == true)
            try await alice.command("users", until: "open in all (logins included).\n")
            try await root.command("demote Alice", until: "Alice is no longer an admin.\n")
            try await alice.readUntil("You are no longer an admin.\n")
            try await alice.command("users", until: "Unknown command \"users\".")
            #expect(try await server.services.accounts.account(named: "Alice")?.isAdmin == false)
            try await root.command("demote Root", until: "Root is an admin by the server's configuration (--admins); change it there.\n")
            try await root.command("promote Nobody", until: "There is no character called Nobody (guests cannot be admins).\n")
            let actions = try await server.services.admin.recentAudit(limit: 5).map(\.action)
            #expect(actions.prefix(2) == ["demote", "promote"])
        }
    }

    /// On the manual clock: each announcement and the request come at exactly their second.
    @Test func shutdownCountsDownThenTakesTheCleanPath() async throws {
        let clock = ManualClock()
        try await Self.run({ TestServer.useManualClock(clock, &$0) }) { server, root in
            let bob = try await server.player("Bob")
            let countdown = TestServer.housekeepingSleepers + 1
            try await root.send("shutdown 2")
            try await bob.readUntil("*** LivePet will shut down in 2 seconds (by Root). Your pets are saved. ***\n")
            try await server.waitForSleepers(countdown, on: clock, "the countdown waits for its next mark")
            clock.advance(by: .seconds(1) - .milliseconds(1))
            #expect(clock.sleeperCount == countdown, "the 1-second mark came early")
            clock.advance(by: .milliseconds(1))
            try await bob.readUntil("LivePet shuts down in 1 second.\n")
            try await server.waitForSleepers(countdown, on: clock, "the countdown waits for its end")
            clock.advance(by: .seconds(1) - .milliseconds(1))
            #expect(clock.sleeperCount == countdown, "the countdown ended early")
            #expect(server.services.shutdownController.requestedReason == nil)
            clock.advance(by: .milliseconds(1))
            // What LivePetMain does when the request comes: the same path as SIGTERM.
            let reason = await server.services.shutdownController.wait()
            #expect(reason == "admin Root")
            await server.shutdown()
            let last = try await bob.expectClosed()
            #expect(last.contains("LivePet is shutting down. See you soon!\n"))
        }
    }

    /// On the manual clock: once cancelled, the countdown's minute passes without a shutdown.
    @Test func aShutdownCanBeCancelled() async throws {
        let clock = ManualClock()
        try await Self.run({ TestServer.useManualClock(clock, &$0) }) { server, root in
            let bob = try await server.player("Bob")
            try await root.send("shutdown 60")
            try await bob.readUntil("*** LivePet will shut down in 1 minute (by Root). Your pets are saved. ***\n")
            try await root.command("shutdown 30", until: "A shutdown is already counting down (")
            try await root.send("shutdown cancel")
            try await bob.readUntil("The shutdown is cancelled; LivePet stays up.\n")
            try await server.waitForSleepers(TestServer.housekeepingSleepers, on: clock, "no countdown sleeps")
            clock.advance(by: .seconds(60))
            try await server.waitForSleepers(TestServer.housekeepingSleepers, on: clock, "housekeeping looked again")
            #expect(server.services.shutdownController.requestedReason == nil)
            #expect(!bob.takeUnreadText().contains("shuts down in"))
            try await root.command("shutdown cancel", until: "No shutdown is counting down.\n")
        }
    }
}

/// The real binary: an admin's `shutdown` ends the process like SIGTERM does, with a final
/// checkpoint and exit code 0.
@Suite(.needsLivePetExecutable)
struct AdminProcessTests {
    @Test func anAdminShutdownExitsCleanly() async throws {
        try await withTemporaryDirectory { dir in
            let arguments = SpawnedLivePet.serveArguments(db: dir + "/livepet.sqlite", motd: "Admin test", ["--loops", "1", "--admins", "root"])
            try await SpawnedLivePet.run(arguments) { process in
                let root = try await TestClient.connect(port: process.listeningPort())
                defer { root.close() }
                try await root.readUntil(TestClient.namePrompt)
                // "root" has no account: the name is reserved, and only the setup code that
                // the server logged at start creates it (and with it the admin rights).
                let logged = try await process.waitForLog("event=admin_unclaimed", "name=root")
                let words = logged.split(whereSeparator: { $0 == " " || $0 == "\"" }).map(String.init)
                let code = try #require(words.first { $0.count == 19 && $0.filter { $0 == "-" }.count == 3 })
                try await root.send("create Root rootpassword")
                try await root.readUntil("That name is reserved for this server's admin.")
                try await root.send("create Root rootpassword AAAA-BBBB-CCCC-DDDD")
                try await root.readUntil("That setup code is not right")
                try await root.send("create Root rootpassword \(code)")
                try await root.readUntil("You are an admin")
                try await root.readUntil("> ")
                try await root.send("shutdown 1")
                try await root.readUntil("LivePet will shut down in 1 second (by Root).")
                let last = try await root.expectClosed(timeout: .seconds(10))
                #expect(last.contains("LivePet is shutting down. See you soon!"))
                #expect(try await process.waitForExit(timeout: .seconds(10)) == .code(0))
                #expect(process.standardError.contains("event=shutdown_requested by=\"admin Root\""))
                #expect(process.standardError.contains("reason=shutdown"))
                #expect(process.standardError.contains("event=admin_action admin=Root action=shutdown"))
            }
        }
    }
}
