import Foundation
import Synchronization
import Testing
@testable import LivePet
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetWorld

/// Review finding H1 end to end, on a real SQLite file as `livepet` runs: once Alice deletes
/// her character, Bob's new pet gets an id none of hers had (SQLite would hand out the
/// largest one again), so its room is not taken for her closed one, shows none of its talk,
/// and Bob can visit it and stay; a new account does not get Alice's id either. The same
/// after a restart.
@Suite struct IDReuseTests {
    /// A server over the SQLite file at `path`, as `LivePetMain.serve` builds it.
    final class SQLiteServer: Sendable {
        let store: SQLiteStore
        let services: Services
        let server: Server
        let hasher = PasswordHasher(cost: 1)
        private let clients = Mutex<[TestClient]>([])

        private init(store: SQLiteStore, world: World) throws {
            self.store = store
            let config = TestServer.defaultConfig()
            services = Services(config: config, motd: TestServer.motd, accounts: store, world: world, hasher: hasher)
            server = try Server(config: config, services: services)
            try server.start()
        }

        /// Starts a server over `path`, runs `body`, then stops it and closes the file.
        static func run(_ path: String, _ body: (SQLiteServer) async throws -> Void) async throws {
            let store = try await SQLiteStore.open(path: path)
            let running: SQLiteServer
            do {
                running = try SQLiteServer(store: store, world: try await World.load(from: store))
            } catch {
                await store.close()
                throw error
            }
            do {
                try await body(running)
            } catch {
                await running.stop()
                throw error
            }
            await running.stop()
        }

        private func stop() async {
            for client in clients.withLock({ $0 }) { client.close() }
            await server.shutdown()
            await store.close()
        }

        /// Creates `name` (password "\(name)-password") in the store and logs it in.
        func player(_ name: String) async throws -> TestClient {
            let password = "\(name)-password"
            if try await store.account(named: name) == nil {
                _ = try await store.createAccount(name: name, passwordHash: try await hasher.hash(password), isAdmin: false, createdAt: 0)
            }
            let client = try await TestClient.connect(port: server.port)
            clients.withLock { $0.append(client) }
            try await client.login(name: name, password: password)
            return client
        }

        func petID(_ name: String) throws -> Int64 {
            try #require(services.world.pets.pet(named: name)).id
        }

        func accountID(_ name: String) async throws -> Int64 {
            try #require(try await store.account(named: name)).id
        }
    }

    /// Carol's Kit first, then Alice (the newest account) adopts Pip, the newest pet; Bob
    /// visits Pip, talks there and Alice gives Kit a treat; Alice deletes her character.
    /// Returns her account's and Pip's ids.
    static func aliceAdoptsAndDeletes(_ server: SQLiteServer) async throws -> (account: Int64, pip: Int64) {
        let carol = try await server.player("Carol")
        try await carol.command("adopt Kit cat", until: "You adopt Kit")
        let bob = try await server.player("Bob")
        let alice = try await server.player("Alice")
        try await alice.command("adopt Pip cat", until: "You adopt Pip")
        let ids = (account: try await server.accountID("Alice"), pip: try server.petID("Pip"))
        try await alice.command("visit Kit", until: "Kit the cat")
        try await alice.command("treat Kit", until: "You give Kit a treat")
        try await bob.command("visit Pip", until: "Pip the cat")
        try await bob.command("say hello Pip", until: "hello Pip")
        try await alice.send("delete")
        try await alice.readUntil("Password to delete Alice: ")
        try await alice.send("Alice-password")
        #expect(try await alice.expectClosed().contains("Alice is deleted, with 1 pet."))
        try await bob.readUntil("The owner of Pip has left LivePet, and this room closes.")
        try await bob.command("look", until: "You are back in the Lobby.\n")
        try await bob.send("quit")
        _ = try await bob.expectClosed()
        #expect(server.services.history.lines(.place(.pet(ids.pip))).isEmpty)
        #expect(server.services.world.events.pendingGiven(ids.account) == 0)
        return ids
    }

    /// The review's probe: Bob adopts Rex and Dave signs up; neither gets an id Alice or Pip
    /// had, and Bob stays in Rex's room, where nothing of Pip's room is said.
    static func bobAdoptsAndStays(_ server: SQLiteServer, after deleted: (account: Int64, pip: Int64)) async throws {
        let bob = try await server.player("Bob")
        try await bob.command("adopt Rex dog", until: "You adopt Rex")
        let rex = try server.petID("Rex")
        #expect(rex > deleted.pip)
        let rexRoom = try #require(server.services.world.pets.pet(id: rex))
        #expect(!server.services.world.pets.isRetired(rexRoom))
        let visit = try await bob.command("visit Rex", until: "Rex the dog")
        #expect(!visit.contains("hello Pip"))
        let look = try await bob.command("look", until: "Rex the dog")
        #expect(!look.contains("back in the Lobby"))
        try await bob.command("history", until: "Nothing has been said here lately.")
        #expect(server.services.world.pets.visitorCount(rex) == 1)
        try await bob.command("feed Rex", until: "You feed Rex")

        let dave = try await server.player("Dave")
        let daveID = try await server.accountID("Dave")
        #expect(daveID > deleted.account)
        try await dave.command("pets mine", until: "You have no pets yet.")
        // The treat Alice gave is not counted for whoever comes next.
        try await server.services.world.checkpoint()
        #expect(try await server.store.account(named: "Dave")?.treatsGiven == 0)
        #expect(try await server.store.account(named: "Bob")?.treatsGiven == 0)
    }

    @Test func aNewPetNeverTakesADeletedPetsID() async throws {
        try await withTemporaryDirectory { dir in
            try await SQLiteServer.run(dir + "/livepet.sqlite") { server in
                let deleted = try await Self.aliceAdoptsAndDeletes(server)
                try await Self.bobAdoptsAndStays(server, after: deleted)
            }
        }
    }

    @Test func aNewPetNeverTakesADeletedPetsIDAfterARestart() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            var deleted: (account: Int64, pip: Int64) = (0, 0)
            try await SQLiteServer.run(path) { server in
                deleted = try await Self.aliceAdoptsAndDeletes(server)
            }
            try await SQLiteServer.run(path) { server in
                #expect(server.services.world.pets.pet(id: deleted.pip) == nil)
                try await Self.bobAdoptsAndStays(server, after: deleted)
            }
        }
    }
}
