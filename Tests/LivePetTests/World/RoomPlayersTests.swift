import Testing
@testable import LivePetNet
@testable import LivePetStore
@testable import LivePetWorld

/// GMCP `Room.Players` from the room itself: at once while the room is small, once a tick
/// (`flushPlayers`) when it is crowded, bounded in names, and only to GMCP members.
@Suite struct RoomPlayersTests {
    /// A member whose connection speaks telnet with GMCP on (or off).
    static func member(_ name: String, gmcp: Bool = true) -> RoomMember {
        let member = RoomMember.detached(name: name)
        member.connection.outbound.withLock { $0.setMode(.telnet) }
        member.prefs.gmcp.store(gmcp, ordering: .relaxed)
        return member
    }

    /// The Room.Players bodies a member's connection has queued, taken out of its queue.
    static func lists(_ member: RoomMember) -> [String] {
        let bytes = member.connection.outbound.withLock { queue -> [UInt8] in
            defer { queue.pending = [] }
            return queue.pending
        }
        let start: [UInt8] = [255, 250, 201] + Array("Room.Players ".utf8)
        var lists: [String] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index...].starts(with: start) else { index += 1; continue }
            let body = bytes[(index + start.count)...].prefix { $0 != 255 }
            lists.append(String(decoding: body, as: UTF8.self))
            index += start.count + body.count
        }
        return lists
    }

    @Test func smallRoomsTellAtOnceCrowdedOnesOnTheTick() async {
        let lobby = Lobby()
        let limit = RoomMembers.playersSentAtOnce
        let plain = Self.member("Plain", gmcp: false)
        await lobby.enter(plain, announce: nil)
        var members = [Self.member("M0")]
        await lobby.enter(members[0], announce: nil)
        for index in 1..<(limit - 1) {
            members.append(Self.member("M\(index)"))
            await lobby.enter(members[index], announce: nil)
        }
        // The room has `limit` members: every arrival so far was told at once, to the others.
        let first = Self.lists(members[0])
        #expect(first.count == limit - 2)
        #expect(first.last == "[\"Plain\"," + (0..<(limit - 1)).map { "\"M\($0)\"" }.joined(separator: ",") + "]")
        #expect(Self.lists(members[limit - 2]).isEmpty, "the newcomer gets its list with Room.Info")
        #expect(DetachedConnection.readAvailable(plain.connection).isEmpty, "nothing without GMCP")
        for member in members { _ = Self.lists(member) }

        // One more: crowded, so nothing now, and one list for everyone on the tick.
        let crowd = Self.member("Crowd")
        await lobby.enter(crowd, announce: nil)
        await lobby.enter(Self.member("Extra"), announce: nil)
        await lobby.leave(members[1].sessionID, announce: nil)
        #expect(Self.lists(members[0]).isEmpty)
        lobby.flushPlayers()
        let ticked = Self.lists(members[0])
        #expect(ticked.count == 1)
        #expect(ticked.first?.hasSuffix(",\"Crowd\",\"Extra\"]") == true)
        #expect(ticked.first?.contains("\"M1\"") == false)
        #expect(Self.lists(crowd).count == 1)
        lobby.flushPlayers()
        #expect(Self.lists(members[0]).isEmpty, "nothing changed since")

        // Back to `limit` members: at once again.
        await lobby.leave(crowd.sessionID, announce: nil)
        #expect(Self.lists(members[0]).count == 1)
    }

    @Test func theListIsBoundedAndACrowdedPetRoomWaitsForTheTick() async throws {
        let store = MemoryStore()
        let owner = try await store.createAccount(name: "Alice", passwordHash: "x", isAdmin: false, createdAt: 0)
        let world = World(store: store)
        let pet = try await world.adopt(name: "Biscuit", species: .dog, ownerID: owner.id, ownerName: "Alice")
        var members: [RoomMember] = []
        for index in 0..<(RoomMembers.playersLimit + 20) {
            let member = Self.member("Visitor\(index)")
            members.append(member)
            await pet.enter(member, announce: nil)
        }
        #expect(world.pets.takePlayersDeferred().map(\.id) == [pet.id])
        #expect(world.pets.takePlayersDeferred().isEmpty)
        for member in members { _ = Self.lists(member) }
        pet.flushPlayers()
        let list = try #require(Self.lists(members[0]).first)
        #expect(list.split(separator: ",").count == RoomMembers.playersLimit)
        #expect(list.hasPrefix("[\"Visitor0\","))
        #expect(list.utf8.count <= RoomMembers.playersMaxBytes)
        #expect(pet.playersJSON() == list)
    }
}
