import Testing
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetWorld

/// Account care end to end: `allow`, `resetpassword` and `delete`. "Root" is an admin by
/// configuration.
@Suite struct AccountCareTests {
    static func root(_ server: TestServer, from address: String = "127.0.0.1") async throws -> TestClient {
        try await server.createAccount("Root", password: "Root-password")
        let root = try await TestClient.connect(port: server.port, .hostile(from: address))
        _ = await root.readText(until: TestClient.namePrompt)
        await root.write("connect Root Root-password\r\n")
        try await root.readUntil("You are an admin")
        try await root.readPrompt()
        return root
    }

    /// Creates `name` from `address`; returns what the server answered.
    static func create(_ server: TestServer, _ name: String, from address: String) async -> String {
        guard let client = try? await TestClient.connect(port: server.port, .hostile(from: address)) else { return "" }
        defer { client.close() }
        _ = await client.readText(until: TestClient.namePrompt)
        await client.write("create \(name) password123\r\n")
        return await client.readText(until: "] > ").text + (await client.readText(until: TestClient.namePrompt, timeout: .milliseconds(1))).text
    }

    @Test func allowLiftsTheLimitOnNewCharactersForOneAddress() async throws {
        try await Abuse.run({ $0.admins = ["root"] }) { server in
            let root = try await Self.root(server, from: "127.0.0.9")
            for index in 1...3 { #expect(await Self.create(server, "Friend\(index)", from: "127.0.0.20").contains("Welcome to LivePet")) }
            #expect(await Self.create(server, "Friend4", from: "127.0.0.20").contains("Too many new characters"))
            try await root.command("allow", until: "No address is allowed")
            try await root.command("allow 127.0.0.20 30", until: "127.0.0.20 may make new characters beyond the limit (3 per 10 minutes) for 30 minutes.\n")
            #expect(await Self.create(server, "Friend4", from: "127.0.0.20").contains("Welcome to LivePet, Friend4!"))
            // Only that address.
            for index in 1...3 { _ = await Self.create(server, "Other\(index)", from: "127.0.0.21") }
            #expect(await Self.create(server, "Other4", from: "127.0.0.21").contains("Too many new characters"))
            try await root.command("allow", until: "127.0.0.20, 30 minutes left, by Root\n")
            try await root.command("allow 127.0.0.20 99999", until: "Usage: allow")
            try await root.command("allow nonsense", until: "Usage: allow")
            try await root.command("allow remove 127.0.0.20", until: "127.0.0.20 is back under the limit")
            #expect(await Self.create(server, "Friend5", from: "127.0.0.20").contains("Too many new characters"))
            try await root.command("unallow 127.0.0.20", until: "127.0.0.20 has no allowance.")
            let audit = try await server.services.admin.recentAudit(limit: 5)
            #expect(audit.map(\.action).prefix(2) == ["unallow", "allow"])
            #expect(audit[1].target == "address:127.0.0.20" && audit[1].detail == "for 30 minutes")
            let bob = try await server.player("Bob")
            try await bob.command("allow 127.0.0.20", until: "Unknown command \"allow\"")
        }
    }

    @Test func anAllowanceEndsByItself() async throws {
        let clock = ManualClock()
        try await Abuse.run({
            $0.admins = ["root"]
            TestServer.useManualClock(clock, &$0)
        }) { server in
            let root = try await Self.root(server, from: "127.0.0.9")
            try await root.command("allow 127.0.0.30 1", until: "for 1 minute.\n")
            for index in 1...4 { #expect(await Self.create(server, "Early\(index)", from: "127.0.0.30").contains("Welcome")) }
            clock.advance(by: .seconds(61))
            // What was made under the allowance does not count; the limit is back for the rest.
            for index in 1...3 { #expect(await Self.create(server, "Late\(index)", from: "127.0.0.30").contains("Welcome")) }
            #expect(await Self.create(server, "Late4", from: "127.0.0.30").contains("Too many new characters"))
            try await root.command("allow", until: "No address is allowed")
        }
    }

    @Test func aResetPasswordLogsInOnceAndMustBeReplaced() async throws {
        try await AdminTests.run { server, root in
            let bob = try await server.player("Bob")
            let answer = try await root.command("resetpassword bob", until: "must choose a new password")
            #expect(try await bob.expectClosed().contains("An admin has reset the password of Bob."))
            let line = try #require(answer.split(separator: "\n").first { $0.contains("one-time password of Bob is: ") })
            let password = String(line.split(separator: " ").last ?? "")
            #expect(password.count == 19)
            let audit = try #require(try await server.services.admin.recentAudit(limit: 1).first)
            #expect(audit.action == "resetpassword" && audit.target == "Bob")
            #expect(!audit.detail.contains(password))

            let old = try await server.connect()
            try await old.readUntil(TestClient.namePrompt)
            try await old.send("connect Bob Bob-password")
            try await old.readUntil("Wrong password.")
            old.close()

            let again = try await server.connect()
            try await again.readUntil(TestClient.namePrompt)
            try await again.send("connect Bob \(password)")
            try await again.readUntil("That was a one-time password: choose your own now.")
            try await again.readUntil("New password for Bob (at least 8 characters): ")
            try await again.send("short")
            try await again.readUntil("New password for Bob: ")
            try await again.send("brand-new-1")
            try await again.readUntil("Repeat the new password: ")
            try await again.send("brand-new-2")
            try await again.readUntil("The passwords did not match.")
            try await again.send("brand-new-1")
            try await again.readUntil("Repeat the new password: ")
            try await again.send("brand-new-1")
            try await again.readUntil("Your new password is saved.")
            try await again.readUntil("Welcome back, Bob!")
            try await again.readPrompt()
            #expect(try await server.services.accounts.account(named: "Bob")?.passwordResetExpires == nil)
            again.close()
            // The one-time password is spent; the new one logs in.
            let later = try await server.connect()
            try await later.readUntil(TestClient.namePrompt)
            try await later.send("connect Bob \(password)")
            try await later.readUntil("Wrong password.")
            later.close()
            _ = try await server.connect().login(name: "Bob", password: "brand-new-1")

            try await root.command("resetpassword Root", until: "To change your own password, use: password")
            try await root.command("resetpassword Nobody", until: "There is no character called Nobody.")
        }
    }

    @Test func anExpiredOneTimePasswordLogsInNoMore() async throws {
        try await AdminTests.run { server, _ in
            let carol = try await server.createAccount("Carol", password: "Carol-password")
            let hash = try await server.hasher.hash("ONCE-ONCE-ONCE")
            try await server.services.accounts.resetPassword(accountID: carol.id, hash: hash, expiresAt: server.services.clock.unixSeconds() - 1)
            let client = try await server.connect()
            try await client.readUntil(TestClient.namePrompt)
            try await client.send("connect Carol ONCE-ONCE-ONCE")
            #expect(try await client.expectClosed().contains("The one-time password of Carol has expired; ask an admin for a new one."))
        }
    }

    @Test func aPlayerDeletesTheirCharacterAndPetsAfterThePassword() async throws {
        try await TestServer.run { server in
            let alice = try await server.player("Alice")
            let bob = try await server.player("Bob")
            try await alice.command("adopt Pip cat", until: "You adopt Pip")
            try await alice.command("adopt Rex dog", until: "You adopt Rex")
            try await bob.command("adopt Bobby fish", until: "You adopt Bobby")
            try await bob.command("ignore Alice", until: "You are now ignoring Alice")
            // Carol ignores Alice too, and is offline when Alice is deleted.
            let carol = try await server.player("Carol")
            try await carol.command("ignore Alice", until: "You are now ignoring Alice")
            try await carol.send("quit")
            _ = try await carol.expectClosed()
            try await bob.command("visit Pip", until: "Pip the cat")
            try await alice.send("delete")
            try await alice.readUntil("Password to delete Alice: ")
            try await alice.command("", until: "Nothing was deleted.")
            try await alice.send("delete")
            #expect(try await alice.readUntil("Password to delete Alice: ").contains("and your 2 pets"))
            try await alice.command("not-my-password", until: "That is not your password; nothing was deleted.")
            #expect(server.services.world.pets.count == 3)
            try await alice.send("delete")
            try await alice.readUntil("Password to delete Alice: ")
            try await alice.send("Alice-password")
            #expect(try await alice.expectClosed().contains("Alice is deleted, with 2 pets."))
            try await bob.readUntil("The owner of Pip has left LivePet, and this room closes.")
            try await bob.command("look", until: "You are back in the Lobby.\n")
            #expect(try await server.services.accounts.account(named: "Alice") == nil)
            #expect(server.services.world.pets.count == 1)
            try await bob.command("pets", until: "1 pet in the world.")
            try await bob.command("visit Pip", until: "There is no pet called Pip.")
            try await bob.command("ignore", until: "You are not ignoring anyone.")
            try await server.player("Carol").command("ignore", until: "You are not ignoring anyone.")
            // Name and pet names are free; a new Alice is someone else, with nothing of the old.
            let newAlice = try await server.connect()
            try await newAlice.create(name: "Alice", password: "another-pass")
            try await newAlice.command("pets mine", until: "You have no pets yet.")
            try await newAlice.command("adopt Pip crab", until: "You adopt Pip the crab")
            let guest = try await server.connect()
            try await guest.loginGuest()
            try await guest.command("delete", until: "Guests have no character to delete")
        }
    }
}
