import Glibc
import Testing
@testable import LivePetWorld

/// What a room's talk looks like to each member (the room's own unit, without a server).
@Suite struct RoomRosterTests {
    /// The speaker reads "You say", everyone else the line; an emote reads the same for all;
    /// someone who left hears nothing more.
    @Test func sayEmoteAndLeave() {
        let roster = RoomRoster()
        let alice = RoomMember.detachedWithPeer(name: "Alice")
        let bob = RoomMember.detachedWithPeer(name: "Bob")
        let carol = RoomMember.detachedWithPeer(name: "Carol")
        defer { for peer in [alice.peer, bob.peer, carol.peer] { close(peer) } }
        roster.withMembers { members in
            for member in [alice.member, bob.member, carol.member] { members.add(member) }
        }
        roster.say(from: alice.member, text: "one")
        roster.emote(from: bob.member, text: "waves.")
        _ = roster.withMembers { $0.remove(carol.member.sessionID) }
        roster.say(from: alice.member, text: "two")

        #expect(DetachedConnection.readAvailable(alice.peer) == "You say, \"one\"\r\nBob waves.\r\nYou say, \"two\"\r\n")
        #expect(DetachedConnection.readAvailable(bob.peer) == "Alice says, \"one\"\r\nBob waves.\r\nAlice says, \"two\"\r\n")
        #expect(DetachedConnection.readAvailable(carol.peer) == "Alice says, \"one\"\r\nBob waves.\r\n")
        #expect(roster.names == ["Alice", "Bob"])
    }
}
