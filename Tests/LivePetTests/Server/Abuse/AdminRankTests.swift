import Foundation
import Testing
@testable import LivePetSession

/// Admin rights that cannot be claimed, and configured admins (`--admins`) that promoted
/// admins cannot lock out.
@Suite struct AdminRankTests {
    /// "Root" is configured and has an account; "Boss" is configured and has none.
    static func run<R>(_ body: (TestServer) async throws -> R) async throws -> R {
        try await Abuse.run({ $0.admins = ["root", "boss"] }) { server in
            try await server.createAccount("Root", password: "Root-password")
            return try await body(server)
        }
    }

    /// Logs a configured admin in from `address` (a loopback address of its own, so bans of
    /// 127.0.0.1 do not cover it unless meant to).
    static func root(_ server: TestServer, from address: String) async throws -> TestClient {
        let root = try await TestClient.connect(port: server.port, .hostile(from: address))
        _ = await root.readText(until: TestClient.namePrompt)
        await root.write("connect Root Root-password\r\n")
        let (text, _) = await root.readText(until: "] > ")
        #expect(text.contains("You are an admin"))
        return root
    }

    @Test func aConfiguredNameWithoutAnAccountCannotBeClaimed() async throws {
        try await Self.run { server in
            let mallory = try await server.connect()
            try await mallory.readUntil(TestClient.namePrompt)
            try await mallory.send("create boss password123")
            try await mallory.readUntil("That name is reserved for this server's admin. If that is you: create boss <password> <setup code from the server's log>.\n")
            try await mallory.readUntil(TestClient.namePrompt)
            // The dialogue refuses it at the name, before any password is asked.
            try await mallory.send("Boss")
            try await mallory.readUntil("That name is reserved for this server's admin.")
            try await mallory.readUntil(TestClient.namePrompt)
            try await mallory.send("create boss password123 AAAA-BBBB-CCCC-DDDD")
            try await mallory.readUntil("That setup code is not right; the server's log at start shows it.\n")
            #expect(try await server.services.accounts.account(named: "boss") == nil)
            // Wrong codes count as failed logins from the address: guessing is bounded.
            let guesser = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.3"))
            _ = await guesser.readText(until: TestClient.namePrompt)
            for _ in 0..<server.config.abuse.loginFailures {
                await guesser.write("create boss password123 AAAA-BBBB-CCCC-DDDD\r\n")
                let (wrong, _) = await guesser.readText(until: TestClient.namePrompt)
                #expect(wrong.contains("That setup code is not right"))
            }
            await guesser.write("create boss password123 AAAA-BBBB-CCCC-DDDD\r\n")
            let (refused, _) = await guesser.readText(until: TestClient.namePrompt)
            #expect(refused.contains("Too many failed logins from your address."))
            // A setup code is no way in for names that are not configured.
            try await mallory.readUntil(TestClient.namePrompt)
            try await mallory.send("create Mallory password123 AAAA-BBBB-CCCC-DDDD")
            try await mallory.readUntil("Usage: create <name> <password>\n")

            // The operator, with the code from the log, gets the account and the rights.
            let code = try #require(server.services.configuredAdmins.setupCode(for: "boss"))
            let owner = try await server.connect()
            try await owner.readUntil(TestClient.namePrompt)
            try await owner.send("create Boss password123 \(code.lowercased().filter { $0 != "-" })")
            try await owner.readUntil("Welcome to LivePet, Boss!")
            try await owner.readUntil("You are an admin")
        }
    }

    @Test func promotedAdminsCannotKickBanOrDemoteConfiguredOnes() async throws {
        try await Self.run { server in
            let root = try await Self.root(server, from: "127.0.0.2")
            let bob = try await server.createAccount("Bob", password: "Bob-password")
            try await server.services.admin.setAdmin(accountID: bob.id, isAdmin: true)
            let promoted = try await server.player("Bob")

            try await promoted.command("kick Root", until: "Root is an admin by the server's configuration (--admins); only another of those can kick them.\n")
            try await promoted.command("demote Root", until: "Root is an admin by the server's configuration (--admins); change it there.\n")
            try await promoted.command("ban Root", until: "Root is an admin by the server's configuration (--admins); they cannot be banned.\n")
            try await promoted.command("who", until: "2 players online.\n")

            // An address ban covering Root's address spares Root, and Root can come back.
            try await promoted.command("ban 127.0.0.2", until: "Banned 127.0.0.2 permanently. Not covered (admins by configuration): Root.\n")
            await root.write("who\r\n")
            let (stillOn, closed) = await root.readText(until: "players online.")
            #expect(!closed && !stillOn.contains("banned"), "the ban's sweep must skip Root; it got \(stillOn.debugDescription)")
            _ = try await Self.root(server, from: "127.0.0.2")
            // Anyone else from there is turned away at the first line.
            let other = try await TestClient.connect(port: server.port, .hostile(from: "127.0.0.2"))
            _ = await other.readText(until: TestClient.namePrompt)
            await other.write("connect Bob Bob-password\r\n")
            let (refused, refusedClosed) = await other.readText(timeout: .seconds(5))
            #expect(refusedClosed)
            #expect(refused.contains("Connections from your address are banned from LivePet."))
            #expect(!refused.contains("Welcome back"))
        }
    }

    /// A promoted admin cannot take another admin's account by demoting them first and then
    /// resetting their password: only configured admins demote admins.
    @Test func promotedAdminsCannotDemoteAdminsSoNoResetTakesOneOver() async throws {
        try await Self.run { server in
            let root = try await Self.root(server, from: "127.0.0.2")
            for name in ["Bob", "Carol"] {
                let account = try await server.createAccount(name, password: "\(name)-password")
                try await server.services.admin.setAdmin(accountID: account.id, isAdmin: true)
            }
            _ = try await server.createAccount("Dave", password: "Dave-password")
            let bob = try await server.player("Bob")
            let carol = try await server.player("Carol")

            try await bob.command("demote Carol",
                                  until: "Carol is an admin; only an admin named by the server's configuration (--admins) can demote them.\n")
            #expect(try await server.services.accounts.account(named: "Carol")?.isAdmin == true)
            try await bob.command("resetpassword Carol",
                                  until: "Carol is an admin; only an admin named by the server's configuration (--admins) can reset their password.\n")
            // Carol kept her rights and her connection; nothing reached the audit.
            try await carol.command("users", until: "open in all (logins included).\n")
            #expect(try await server.services.admin.recentAudit(limit: 10).allSatisfy { $0.action != "demote" && $0.action != "resetpassword" })
            // Demoting someone who is no admin writes nothing, whoever asks.
            try await bob.command("demote Dave", until: "Dave is not an admin.\n")
            try await root.command("demote Dave", until: "Dave is not an admin.\n")

            // A configured admin demotes her; then she is a player whose password an admin may reset.
            try await root.command("demote Carol", until: "Carol is no longer an admin.\n")
            try await carol.readUntil("You are no longer an admin.\n")
            #expect(try await server.services.accounts.account(named: "Carol")?.isAdmin == false)
            try await bob.command("resetpassword Carol", until: "The one-time password of Carol is: ")
        }
    }

    @Test func anAddressBanCoversItsOwnAdminOnlyWhenConfirmed() async throws {
        try await Self.run { server in
            let bob = try await server.createAccount("Bob", password: "Bob-password")
            try await server.services.admin.setAdmin(accountID: bob.id, isAdmin: true)
            let promoted = try await server.player("Bob")
            try await promoted.command("ban 127.0.0.1 2h spam",
                                       until: "That would ban your own address (127.0.0.1) and disconnect you; you could not log in from there until another admin lifts it. To ban it anyway: ban 127.0.0.1 confirm ....\n")
            #expect(server.services.bans.all(now: server.services.clock.unixSeconds()).isEmpty)
            try await promoted.send("ban 127.0.0.1 confirm 2h spam")
            let last = try await promoted.expectClosed()
            #expect(last.contains("Banned 127.0.0.1 for 2 hours"))
            #expect(last.contains("You have been banned from LivePet until "))
            #expect(server.services.bans.ban(address: "127.0.0.1", now: server.services.clock.unixSeconds())?.reason == "spam")
        }
    }
}
