import Foundation
import Testing
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetSupport
@testable import LivePetWorld

/// Limits that hold when requests race, and passwords checked against the hash in force when
/// they are typed.
@Suite struct LoginRaceTests {
    /// Opens `count` clients from `address`, waits for each name prompt, then sends every
    /// client its line at once and returns what each read until it was answered.
    static func simultaneously(_ server: TestServer, from address: String, count: Int,
                               line: @escaping @Sendable (Int) -> String, until answered: [String]) async throws -> [String] {
        var clients: [TestClient] = []
        for _ in 0..<count {
            let client = try await TestClient.connect(port: server.port, .hostile(from: address))
            _ = await client.readText(until: TestClient.namePrompt)
            clients.append(client)
        }
        let ready = clients
        return await withTaskGroup(of: (Int, String).self) { group in
            for (index, client) in ready.enumerated() {
                group.addTask {
                    await client.write(line(index) + "\r\n")
                    var text = ""
                    while !answered.contains(where: text.contains) {
                        let (more, closed) = await client.readText(until: "\n", timeout: .seconds(10))
                        text += more
                        if closed || more.isEmpty { break }
                    }
                    return (index, text)
                }
            }
            var answers = Array(repeating: "", count: ready.count)
            for await (index, text) in group { answers[index] = text }
            return answers
        }
    }

    @Test func parallelCreationsFromOneAddressStopAtTheLimit() async throws {
        try await Abuse.run { server in
            let limit = server.config.abuse.accountsPerAddress
            let answers = try await Self.simultaneously(server, from: "127.0.0.5", count: 8, line: { "create Racer\($0) password123" },
                                                        until: ["Welcome to LivePet", "Too many new characters"])
            let made = answers.filter { $0.contains("Welcome to LivePet, Racer") }.count
            #expect(made == limit, "\(made) accounts made from one address at once; the limit is \(limit)")
            #expect(answers.filter { $0.contains("Too many new characters were made from your address recently.") }.count == 8 - limit)
            var stored = 0
            for index in 0..<8 where try await server.services.accounts.account(named: "Racer\(index)") != nil { stored += 1 }
            #expect(stored == limit)
        }
    }

    @Test func aFailedCreationGivesItsPlaceBack() async throws {
        try await Abuse.run { server in
            try await server.createAccount("Taken", password: "Taken-password")
            let client = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.7"))
            _ = await client.readText(until: TestClient.namePrompt)
            // Name taken, three times: nothing was created, so nothing counts.
            for _ in 0..<3 {
                await client.write("create Taken password123\r\n")
                let (text, _) = await client.readText(until: TestClient.namePrompt)
                #expect(text.contains("The name Taken is taken."))
            }
            // The whole allowance is still there.
            let limit = server.config.abuse.accountsPerAddress
            for index in 0...limit {
                let next = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.7"))
                _ = await next.readText(until: TestClient.namePrompt)
                await next.write("create Fresh\(index) password123\r\n")
                let (text, _) = await next.readText(until: index < limit ? "] > " : TestClient.namePrompt)
                if index < limit {
                    #expect(text.contains("Welcome to LivePet, Fresh\(index)!"))
                } else {
                    #expect(text.contains("Too many new characters"))
                }
                next.close()
            }
        }
    }

    @Test func parallelWrongPasswordsStopAtTheLimit() async throws {
        try await Abuse.run { server in
            try await server.createAccount("Alice", password: "Alice-password")
            let limit = server.config.abuse.loginFailures
            let answers = try await Self.simultaneously(server, from: "127.0.0.6", count: 8, line: { _ in "connect Alice wrong-password" },
                                                        until: ["Wrong password.", "Too many failed logins"])
            let tried = answers.filter { $0.contains("Wrong password.") }.count
            #expect(tried == limit, "\(tried) passwords were tried at once; the limit is \(limit)")
            #expect(answers.filter { $0.contains("Too many failed logins from your address.") }.count == 8 - limit)
        }
    }

    @Test func aRightPasswordDoesNotCountAsAFailure() async throws {
        try await Abuse.run { server in
            try await server.createAccount("Alice", password: "Alice-password")
            for _ in 0..<(server.config.abuse.loginFailures + 2) {
                let client = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.9"))
                _ = await client.readText(until: TestClient.namePrompt)
                await client.write("connect Alice Alice-password\r\n")
                let (text, _) = await client.readText(until: "] > ")
                #expect(text.contains("Alice"))
                #expect(!text.contains("Too many failed logins"))
                await client.write("quit\r\n")
                _ = await client.readText(timeout: .seconds(5))
            }
        }
    }

    @Test func aPromptOpenedBeforeAPasswordChangeRefusesTheOldPassword() async throws {
        try await TestServer.run { server in
            try await server.createAccount("Alice", password: "old-password")
            let waiting = try await server.connect()
            try await waiting.readUntil(TestClient.namePrompt)
            try await waiting.send("Alice")
            try await waiting.readUntil("Password: ")

            let alice = try await server.connect()
            try await alice.login(name: "Alice", password: "old-password")
            try await alice.send("password")
            try await alice.readUntil("Current password: ")
            try await alice.send("old-password")
            try await alice.readUntil("New password")
            try await alice.send("new-password")
            try await alice.readUntil("Repeat the new password: ")
            try await alice.send("new-password")
            try await alice.readUntil("Your password is changed.\n")

            try await waiting.send("old-password")
            try await waiting.readUntil("Wrong password.\n")
            try await waiting.readUntil("Password: ")
            try await waiting.send("new-password")
            try await waiting.readUntil("You take over your character from your other connection.\n")
        }
    }

    @Test func aTakeoverDoesNotAddPetsPastTheLimit() async throws {
        try await Abuse.run { server in
            let owner = try await server.createAccount("Alice", password: "Alice-password")
            let world = server.services.world
            for index in 0..<(World.maxLivePets - 2) {
                _ = try await world.adopt(name: "Old \(index)", species: .cat, ownerID: owner.id, ownerName: "Alice")
            }
            let first = try await server.player("Alice")
            let burst = (0..<10).map { "adopt FirstPet\($0) fox" }.joined(separator: "\r\n") + "\r\n"
            try await first.sendBytes(Array(burst.utf8))
            let second = try await server.connect()
            try await second.readUntil(TestClient.namePrompt)
            try await second.send("connect Alice Alice-password")
            try await second.readUntil("You take over your character")
            try await second.readPrompt()
            for index in 0..<10 {
                try await second.command("adopt SecondPet\(index) crab", until: "\n")
            }
            _ = try await first.expectClosed()
            let live = world.pets.pets(ownedBy: owner.id).filter { $0.isAlive(at: world.now) }.count
            #expect(live == World.maxLivePets)
            let stored = await server.store.loadWorld().pets.filter { $0.ownerID == owner.id }.count
            #expect(stored == World.maxLivePets)
        }
    }

    /// On the manual clock: the lines a taken-over connection had queued get their tokens after
    /// the takeover, and none of them runs.
    @Test func aDisplacedConnectionRunsNothingMore() async throws {
        // The command rate as in production; the chat cooldown off, so says show every line.
        let clock = ManualClock()
        try await Abuse.run({
            TestServer.useManualClock(clock, &$0)
            $0.abuse.chatMessages = 0
        }) { server in
            let carol = try await server.player("Carol")
            let first = try await server.player("Alice")
            let firstSession = try #require(await server.services.presence.entry(named: "Alice")?.connection.delegate as? Session)
            // More lines than the command burst: what the login line left of it runs at once,
            // the rest wait in the session's queue for the clock.
            let ran = server.config.abuse.commandBurst - 1
            let queued = 15
            let lines = (1...(ran + queued)).map { "say first-\($0)" }.joined(separator: "\r\n") + "\r\n"
            try await first.sendBytes(Array(lines.utf8))
            try await carol.readUntil("Alice says, \"first-\(ran)\"")
            try await server.waitForSleepers(TestServer.housekeepingSleepers + 1, on: clock, "Alice's queued lines wait for their tokens")
            let second = try await server.connect()
            try await second.readUntil(TestClient.namePrompt)
            try await second.send("connect Alice Alice-password")
            try await second.readUntil("You take over your character")
            try await second.readPrompt()
            try await carol.readUntil("Alice reconnects.\n")
            try await second.command("say second-1", until: "You say")
            try await carol.readUntil("Alice says, \"second-1\"")
            // Time for every queued line's token; the displaced session then handles its close,
            // queued behind those lines. Anything it ran would reach Carol before her `who`.
            clock.advance(by: .seconds(Double(queued) / server.config.abuse.commandRate))
            try await server.waitUntil("the displaced session handled its close") {
                if case .closed = await firstSession.phase { true } else { false }
            }
            let after = try await carol.command("who", until: " online.\n") + carol.takeUnreadText()
            #expect(!after.contains("first-"), "the displaced connection ran: \(after.debugDescription)")
        }
    }
}
