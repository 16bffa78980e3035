import Testing
@testable import LivePetWorld

/// What a room's talk looks like to each member (the room's own unit, without a server).
@Suite struct RoomRosterTests {
    /// The speaker reads "You say", everyone else the line; an emote reads the same for all;
    /// someone who left hears nothing more.
    @Test func sayEmoteAndLeave() {
        let roster = RoomRoster()
        let alice = RoomMember.detached(name: "Alice")
        let bob = RoomMember.detached(name: "Bob")
        let carol = RoomMember.detached(name: "Carol")
        roster.withMembers { members in
            for member in [alice, bob, carol] { members.add(member) }
        }
        roster.say(from: alice, text: "one")
        roster.emote(from: bob, text: "waves.")
        _ = roster.withMembers { $0.remove(carol.sessionID) }
        roster.say(from: alice, text: "two")

        #expect(DetachedConnection.readAvailable(alice.connection) == "You say, \"one\"\r\nBob waves.\r\nYou say, \"two\"\r\n")
        #expect(DetachedConnection.readAvailable(bob.connection) == "Alice says, \"one\"\r\nBob waves.\r\nAlice says, \"two\"\r\n")
        #expect(DetachedConnection.readAvailable(carol.connection) == "Alice says, \"one\"\r\nBob waves.\r\n")
        #expect(roster.names == ["Alice", "Bob"])
    }
}
