import Foundation
import Testing
@testable import LivePetSupport

/// The per-address login limits, the command rate, idle players and link-dead characters,
/// end to end. Attackers connect from other loopback addresses than the test's own clients.
@Suite struct LimitsTests {
    /// On the manual clock: refused for exactly the window, counted from the first failure.
    @Test func failedLoginsFromOneAddressAreRefusedForAWhile() async throws {
        let clock = ManualClock()
        try await Abuse.run({
            TestServer.useManualClock(clock, &$0)
            $0.abuse.loginFailures = 2
            $0.abuse.loginFailureWindow = .seconds(60)
        }) { server in
            try await server.createAccount("Alice", password: "sunflower")
            let guesser = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.5"))
            _ = await guesser.read(until: TestClient.namePrompt)
            await guesser.write("connect Alice wrong-one\r\n")
            _ = await guesser.read(until: "Password: ")
            await guesser.write("wrong-two\r\n")
            _ = await guesser.read(until: "Password: ")
            // Two failures from this address: even the right password is not tried now.
            await guesser.write("sunflower\r\n")
            let (refusal, closed) = await guesser.readText(timeout: .seconds(5))
            #expect(closed)
            #expect(refusal.contains("Too many failed logins from your address. Please wait 1 minute before trying again.\r\n"))
            #expect(!refusal.contains("Welcome back"))

            // A millisecond before the window ends: still refused, and told how long is left.
            clock.advance(by: .seconds(60) - .milliseconds(1))
            let again = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.5"))
            _ = await again.read(until: TestClient.namePrompt)
            await again.write("connect Alice sunflower\r\n")
            let (second, secondClosed) = await again.readText(timeout: .seconds(5))
            #expect(secondClosed)
            #expect(second.contains("Too many failed logins from your address. Please wait 1 second before trying again.\r\n"))

            // Someone at another address is not affected.
            let alice = try await server.connect()
            try await alice.login(name: "Alice", password: "sunflower")

            // At the end of the window the address may try again.
            clock.advance(by: .milliseconds(1))
            let later = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.5"))
            _ = await later.read(until: TestClient.namePrompt)
            await later.write("connect Alice sunflower\r\n")
            let (welcome, _) = await later.readText(until: "] > ")
            // (Alice is on from 127.0.0.1: the right password takes the character over.)
            #expect(welcome.contains("You take over your character from your other connection."))
        }
    }

    @Test func newCharactersPerAddressAreLimited() async throws {
        try await Abuse.run({ $0.abuse.accountsPerAddress = 2 }) { server in
            for name in ["Anna", "Bert"] {
                let maker = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.6"))
                _ = await maker.read(until: TestClient.namePrompt)
                await maker.write("create \(name) password-\(name)\r\n")
                let (text, _) = await maker.readText(until: "] > ")
                #expect(text.contains("Welcome to LivePet, \(name)!"))
                maker.close()
            }
            let third = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.6"))
            _ = await third.read(until: TestClient.namePrompt)
            await third.write("create Cleo password-cleo\r\n")
            let (refused, _) = await third.readText(until: TestClient.namePrompt)
            #expect(refused.contains("Too many new characters were made from your address recently. Please wait 10 minutes, or log in as a guest.\r\n"))
            await third.write("Cleo\r\n")
            let (interactive, _) = await third.readText(until: TestClient.namePrompt)
            #expect(interactive.contains("Too many new characters were made from your address recently."))
            #expect(try await server.services.accounts.account(named: "Cleo") == nil)
            await third.write("guest\r\n")
            let (guest, _) = await third.readText(until: "] > ")
            #expect(guest.contains("Welcome, Guest-"))
        }
    }

    /// On the manual clock: the burst at once, then each waiting line exactly when its token
    /// comes (every 100 ms at 10 a second), none dropped.
    @Test func aPasteOfThirtyCommandsRunsInFullAtTheRate() async throws {
        let clock = ManualClock()
        try await Abuse.run({ TestServer.useManualClock(clock, &$0) }) { server in
            let client = try await server.connect()
            try await client.loginGuest()
            try await server.waitForSleepers(TestServer.housekeepingSleepers, on: clock, "the server is idle")
            try await client.sendBytes(Array(String(repeating: "color off\r\n", count: 30).utf8))
            // The burst is 20 lines and "guest" took one: 19 run at once.
            let burst = server.config.abuse.commandBurst - 1
            for _ in 0..<burst { try await client.readUntil("Colour is off.\n") }
            let token = Duration.seconds(1.0 / server.config.abuse.commandRate)
            for line in (burst + 1)...30 {
                try await server.waitForSleepers(TestServer.housekeepingSleepers + 1, on: clock, "line \(line) waits for its token")
                clock.advance(by: token - .milliseconds(1))
                #expect(clock.sleeperCount == TestServer.housekeepingSleepers + 1, "line \(line) was woken before its token")
                clock.advance(by: .milliseconds(1))
                try await client.readUntil("Colour is off.\n")
            }
            clock.advance(by: token)
            try await client.command("who", until: "1 player online.\n")
            #expect(!client.rawReceived.containsText("Slow down"))
            #expect(!client.rawReceived.containsText("dropped"))
        }
    }

    /// On the manual clock: flagged idle at exactly `idleFlag`, logged out at exactly `idleLogout`.
    @Test func idlePlayersAreFlaggedThenLoggedOut() async throws {
        let clock = ManualClock()
        try await Abuse.run({
            TestServer.useManualClock(clock, &$0)
            $0.abuse.idleFlag = .seconds(1)
            $0.abuse.idleLogout = .milliseconds(1500)
        }) { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            clock.advance(by: .seconds(1) - .milliseconds(1))
            let before = try await bob.command("who", until: " online.\n")
            #expect(!(before.split(separator: "\n").first { $0.hasPrefix("Alice ") }?.contains("idle") ?? true))
            clock.advance(by: .milliseconds(1))
            let who = try await bob.command("who", until: " online.\n")
            let aliceRow = try #require(who.split(separator: "\n").first { $0.hasPrefix("Alice ") })
            #expect(aliceRow.hasSuffix("idle"))
            #expect(!(who.split(separator: "\n").first { $0.hasPrefix("Bob ") }?.contains("idle") ?? true))

            clock.advance(by: .milliseconds(499))
            try await server.waitForHousekeeping()
            try await bob.command("who", until: "2 players online.\n")
            #expect(!alice.isClosedByServer, "a moment before the idle logout")
            clock.advance(by: .milliseconds(1))
            let last = try await alice.expectClosed()
            #expect(last.contains("You have been idle for 1 second, so you are logged out. Your pets will be waiting.\n"))
            try await bob.readUntil("Alice has been logged out for idling.\n")
            // Bob typed half a second ago: his own deadline passed and was set again.
            try await bob.command("who", until: "1 player online.\n")
        }
    }

    /// On the manual clock: back within the grace resumes the character; gone for the whole
    /// grace, it fades at the housekeeping pass after.
    @Test func aDroppedPlayerStaysLinkDeadAndResumesOrFadesAway() async throws {
        let clock = ManualClock()
        let grace = Duration.seconds(1)
        try await Abuse.run({
            TestServer.useManualClock(clock, &$0)
            $0.abuse.linkDeadGrace = grace
        }) { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")

            alice.close()
            try await bob.readUntil("Alice's link goes dead.\n")
            let who = try await bob.command("who", until: " online.\n")
            #expect(who.contains("2 players online."))
            #expect(who.split(separator: "\n").first { $0.hasPrefix("Alice ") }?.contains("link-dead") == true)
            try await bob.command("tell Alice are you there?", until: "Alice is not available.\n")

            // Back a millisecond within the grace (the housekeeping task has looked meanwhile):
            // the same character, where it was.
            clock.advance(by: grace - .milliseconds(1))
            try await server.waitForSleepers(TestServer.housekeepingSleepers, on: clock, "housekeeping looked at the link-dead")
            let again = try await server.connect()
            try await again.readUntil(TestClient.namePrompt)
            try await again.send("connect Alice Alice-password")
            try await again.readUntil("Welcome back, Alice! Your connection had dropped; you are back where you were.\n")
            try await again.readUntil("> ")
            try await bob.readUntil("Alice reconnects.\n")
            let after = try await bob.command("who", until: " online.\n")
            #expect(after.contains("2 players online."))
            #expect(!after.contains("link-dead"))
            try await again.command("say hello again", until: "You say, \"hello again\"\n")
            try await bob.readUntil("Alice says, \"hello again\"\n")

            // Gone for longer than the grace: the character leaves.
            again.close()
            try await bob.readUntil("Alice's link goes dead.\n")
            clock.advance(by: grace - .milliseconds(1))
            try await server.waitForSleepers(TestServer.housekeepingSleepers, on: clock, "housekeeping looked at the link-dead")
            #expect(await server.services.presence.entry(named: "Alice") != nil, "a moment before the grace ends")
            // Housekeeping looks four times a grace: the next look is past it.
            clock.advance(by: grace / 4)
            try await bob.readUntil("Alice fades away.\n")
            try await bob.command("who", until: "1 player online.\n")
            #expect(await server.services.presence.entry(named: "Alice") == nil)
        }
    }

    @Test func quittingIsNotADroppedLink() async throws {
        try await Abuse.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.readUntil("Bob arrives.\n")
            try await alice.send("quit")
            try await alice.expectClosed()
            try await bob.readUntil("Alice has left LivePet.\n")
            try await bob.command("who", until: "1 player online.\n")
        }
    }
}

extension Array where Element == UInt8 {
    func containsText(_ text: String) -> Bool {
        index(of: Array(text.utf8)) != nil
    }
}
