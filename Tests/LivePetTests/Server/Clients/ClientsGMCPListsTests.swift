import Foundation
import Testing
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetWorld

/// GMCP's world lists end to end (docs/GMCP.md): Room.Players, Char.Status, Pet.List and
/// Players.Online, to a telnet GMCP client and to the browser's WebSocket, after login,
/// adopt, visit, leave, someone else coming and going, and a treat; at most one list a tick.
@Suite struct ClientsGMCPListsTests {
    typealias Fixture = ClientsFixture
    typealias Probe = ListsProbe

    @Test func loginSendsRoomPlayersCharStatusThenTheLists() async throws {
        try await Fixture.run { fixture in
            let alice = try await ClientsGMCPTests.gmcpPlayer(fixture, "Alice")
            try await Probe.wait(alice, "Players.Online", "Alice's login list")
            #expect(Probe.names(Probe.telnet(alice, "Room.Players").first ?? nil) == ["Alice"])
            #expect((Probe.telnet(alice, "Char.Status").first as? [String: Any])?["treats"] as? Int == 5)
            #expect(alice.gmcpMessages.first { $0.package == "Pet.List" }?.json == "[]")
            #expect(Probe.online(Probe.telnet(alice, "Players.Online").first ?? nil) == ["Alice: Lobby"])
            #expect(Array(alice.gmcpMessages.map(\.package).prefix(6))
                    == ["Char.Name", "Room.Info", "Room.Players", "Char.Status", "Pet.List", "Players.Online"])

            // A guest in a browser: the same, with no treats.
            let web = try await WebSocketTestClient.open(fixture.host)
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            try await web.send("guest")
            let online = try await Probe.wait(web, "Players.Online", "the guest's login list")
            #expect(Probe.online(online).count == 2)
            #expect(Probe.online(online).first == "Alice: Lobby")
            #expect((Probe.web(web, "Char.Status").first as? [String: Any])?["treats"] as? Int == 0)
            #expect(Probe.names(Probe.web(web, "Room.Players").first ?? nil).count == 2)
            // Alice hears of the guest's arrival in the Lobby at once.
            try await Probe.wait(alice, "Room.Players", after: 1, "the guest arrives") { Probe.names($0).count == 2 }
        }
    }

    @Test func listsFollowAdoptVisitLeaveAndOthersComingAndGoing() async throws {
        try await Fixture.run { fixture in
            let alice = try await ClientsGMCPTests.gmcpPlayer(fixture, "Alice")
            try await Probe.wait(alice, "Players.Online", "Alice's login list")
            let bobPassword = try await fixture.account("Bob")
            let bob = try await WebSocketTestClient.open(fixture.host)
            try await bob.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            try await bob.send("connect Bob \(bobPassword)")
            let bobsFirst = try await Probe.wait(bob, "Players.Online", "Bob's login list")
            #expect(Probe.online(bobsFirst) == ["Alice: Lobby", "Bob: Lobby"])

            try await alice.command("adopt Biscuit dog", until: "Visit with")
            let id = try #require(fixture.services.world.pets.pet(named: "Biscuit")).id
            await fixture.host.advance()
            let adopted = try await Probe.wait(alice, "Pet.List", after: 1, "Biscuit adopted") { Probe.pet($0, id) != nil }
            var row = try #require(Probe.pet(adopted, id))
            #expect(row["name"] as? String == "Biscuit")
            #expect(row["species"] as? String == "dog")
            #expect(row["owner"] as? String == "Alice")
            #expect(row["alive"] as? Bool == true)
            #expect(row["hearts"] as? Int == 3)
            #expect(row["visitors"] as? Int == 0)
            try await Probe.wait(bob, "Pet.List", after: 1, "Biscuit in Bob's list") { Probe.pet($0, id) != nil }
            // Bob's login list already had both names: no second one for an unchanged list.
            try await Probe.wait(alice, "Players.Online", after: 1, "Bob in Alice's list") { Probe.online($0) == ["Alice: Lobby", "Bob: Lobby"] }
            #expect(Probe.web(bob, "Players.Online").count == 1)

            // Bob visits, then Alice: each arrival updates who is here at once.
            try await bob.send("visit Biscuit")
            try await Probe.wait(bob, "Room.Players", after: 1, "Bob alone with Biscuit") { Probe.names($0) == ["Bob"] }
            let room = try #require(Probe.web(bob, "Room.Info").last as? [String: Any])
            #expect((room["num"] as? NSNumber)?.int64Value == id)
            try await alice.command("visit Biscuit", until: "cared for by")
            try await Probe.wait(bob, "Room.Players", after: 2, "Alice arrives") { Probe.names($0) == ["Bob", "Alice"] }
            try await Probe.wait(alice, "Room.Players", after: 1, "Alice's view") { Probe.names($0) == ["Bob", "Alice"] }

            await fixture.host.advance()
            let visited = try await Probe.wait(alice, "Pet.List", after: 2, "two visitors") { (Probe.pet($0, id)?["visitors"] as? Int) == 2 }
            row = try #require(Probe.pet(visited, id))
            #expect(row["visitors"] as? Int == 2)
            let where_ = "Biscuit's room"
            try await Probe.wait(bob, "Players.Online", after: 1, "both with Biscuit") { Probe.online($0) == ["Alice: \(where_)", "Bob: \(where_)"] }
            try await Probe.wait(alice, "Players.Online", after: 2, "both with Biscuit") { Probe.online($0) == ["Alice: \(where_)", "Bob: \(where_)"] }

            // Alice leaves: Bob is alone again; Alice is told who is in the Lobby.
            try await alice.command("leave", until: "A sunny hall")
            try await Probe.wait(bob, "Room.Players", after: 3, "Alice left") { Probe.names($0) == ["Bob"] }
            try await Probe.wait(alice, "Room.Players", after: 2, "the Lobby") { Probe.names($0) == ["Alice"] }

            // Carol, without GMCP, logs in and out: the GMCP clients' lists follow her.
            let carol = try await fixture.player("Carol", .gnuTelnet)
            try await Probe.wait(alice, "Room.Players", after: 3, "Carol arrives") { Probe.names($0) == ["Alice", "Carol"] }
            await fixture.host.advance()
            try await Probe.wait(alice, "Players.Online", after: 3, "Carol online") { Probe.online($0).contains("Carol: Lobby") }
            try await Probe.wait(bob, "Players.Online", after: 2, "Carol online") { Probe.online($0).contains("Carol: Lobby") }
            try await carol.send("quit")
            try await carol.expectClosed()
            try await Probe.wait(alice, "Room.Players", after: 4, "Carol left") { Probe.names($0) == ["Alice"] }
            try await fixture.waitUntil("Carol logged out") { await fixture.services.presence.count == 2 }
            await fixture.host.advance()
            try await Probe.wait(alice, "Players.Online", after: 4, "Carol gone") { Probe.online($0) == ["Alice: Lobby", "Bob: \(where_)"] }
            let raw = carol.rawReceived
            #expect(!raw.indices.contains { raw[$0...].starts(with: [255, 250, 201]) }, "no GMCP for a client that did not ask for it")
            #expect(carol.gmcpMessages.isEmpty)
        }
    }

    @Test func aTreatAndTheRefillSendCharStatus() async throws {
        try await Fixture.run { fixture in
            let alice = try await ClientsGMCPTests.gmcpPlayer(fixture, "Alice")
            _ = try await fixture.adoptAndVisit(alice, pet: "Biscuit", species: "dog")
            let bob = try await ClientsGMCPTests.gmcpPlayer(fixture, "Bob")
            try await Probe.wait(bob, "Char.Status", "Bob's treats") { ($0 as? [String: Any])?["treats"] as? Int == 5 }
            try await bob.command("treat Biscuit", until: "You give Biscuit a treat.")
            try await Probe.wait(bob, "Char.Status", after: 1, "one treat fewer") { ($0 as? [String: Any])?["treats"] as? Int == 4 }
            // Unchanged treats are not sent again.
            try await bob.command("look", until: "Busiest pets")
            #expect(Probe.telnet(bob, "Char.Status").count == 2)
            #expect(Probe.telnet(alice, "Char.Status").count == 1)

            fixture.services.world.refillTreats(at: fixture.services.clock.unixSeconds())
            await fixture.host.advance()
            try await Probe.wait(bob, "Char.Status", after: 2, "refilled") { ($0 as? [String: Any])?["treats"] as? Int == 5 }
            #expect(Probe.telnet(alice, "Char.Status").count == 1, "Alice's treats did not change")
        }
    }

    /// Many changes within a tick make one list; an unchanged tick makes none.
    @Test func listsGoOutAtMostOnceATickAndOnlyWhenChanged() async throws {
        try await Fixture.run { fixture in
            let alice = try await ClientsGMCPTests.gmcpPlayer(fixture, "Alice")
            try await Probe.wait(alice, "Players.Online", "Alice's login list")
            for name in ["Bob", "Carol", "Dave"] {
                let client = try await fixture.player(name, .gnuTelnet)
                try await client.send("quit")
                try await client.expectClosed()
            }
            let dave = try await fixture.player("Dave", .gnuTelnet)
            try await fixture.waitUntil("Dave online") { await fixture.services.presence.count == 2 }
            try await alice.command("adopt Biscuit dog", until: "Visit with")
            try await alice.command("adopt Rex dog", until: "Visit with")
            await fixture.host.advance()
            try await Probe.wait(alice, "Players.Online", after: 1, "Dave online") { Probe.online($0) == ["Alice: Lobby", "Dave: Lobby"] }
            try await Probe.wait(alice, "Pet.List", after: 1, "two pets") { Probe.rows($0).count == 2 }
            await fixture.host.advance()
            await fixture.host.advance()
            // Whatever the flushes sent is queued before the answer to this.
            try await alice.command("say done", until: "You say, \"done\"")
            #expect(Probe.telnet(alice, "Players.Online").count == 2)
            #expect(Probe.telnet(alice, "Pet.List").count == 2)
            #expect(dave.gmcpMessages.isEmpty)
        }
    }

    /// Pet.List is bounded whatever the world's size: the player's own pets first, then pets
    /// with visitors, then the newest, at most 200 rows and 32 KiB; over WebSocket too, where
    /// the message is longer than a client's 8 KiB GMCP limit.
    @Test func petListIsBoundedAndPutsYourOwnPetsFirst() async throws {
        let store = MemoryStore()
        let alice = try await store.createAccount(name: "Alice", passwordHash: "x", isAdmin: false, createdAt: 0)
        let owner = try await store.createAccount(name: "Zed", passwordHash: "x", isAdmin: false, createdAt: 0)
        let first = try await store.insertPet(PetRecord(id: 0, name: "Oldest", species: "cat", ownerID: alice.id, bornTick: 0, hunger: 250, hungerTick: 0), maxLive: 1000)
        for index in 1...260 {
            _ = try await store.insertPet(PetRecord(id: 0, name: "Pet\(index)", species: "fish", ownerID: owner.id, bornTick: 0, hunger: 250, hungerTick: 0), maxLive: 1000)
        }
        try await TestServer.run(store: store) { server in
            try await server.store.setPasswordHash(accountID: alice.id, hash: try await server.hasher.hash("alice-password"))
            let client = try await server.connect(ClientsGMCPTests.gmcpProfile)
            try await client.waitForRaw(ClientsFixture.willGMCP)
            try await client.send("connect Alice alice-password")
            let list = try await Probe.wait(client, "Pet.List", "the login list")
            let rows = Probe.rows(list)
            #expect(rows.count == GMCPLists.petRowsLimit)
            #expect((rows.first?["id"] as? NSNumber)?.int64Value == first.id)
            #expect(rows.dropFirst().first?["name"] as? String == "Pet260", "then the newest")
            #expect(Set(rows.compactMap { ($0["id"] as? NSNumber)?.int64Value }).count == rows.count, "no pet twice")
            let json = try #require(client.gmcpMessages.first { $0.package == "Pet.List" }).json
            #expect(json.utf8.count <= GMCPLists.petListMaxBytes)

            let web = try await WebSocketTestClient.open(server)
            try await web.next("the name prompt") { $0.contains(#""t":"prompt""#) }
            try await web.send("guest")
            let webList = try await Probe.wait(web, "Pet.List", "the guest's list")
            #expect(Probe.rows(webList).count == GMCPLists.petRowsLimit)
            #expect(Probe.rows(webList).first?["name"] as? String == "Pet260")
            #expect(json.utf8.count > 8192, "longer than a GMCP message a client may send")
        }
    }
}
