/// The room everyone starts in.
public actor Lobby: Place {
    public nonisolated let placeID = PlaceID.lobby
    public nonisolated let title = "Lobby"
    /// Locked, not actor state: talk is delivered from the speaker's thread (see `Place`).
    private nonisolated let roster = RoomRoster()

    public init() {}

    public func enter(_ member: RoomMember, announce: String?) {
        roster.withMembers { members in
            if let announce { members.announce(announce, except: member.sessionID) }
            members.add(member)
        }
    }

    public func leave(_ sessionID: UInt64, announce: String?) {
        roster.withMembers { members in
            guard members.remove(sessionID) != nil else { return }
            if let announce { members.announce(announce) }
        }
    }

    public func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) {
        roster.withMembers { members in
            members.replace(oldSessionID, with: member)
            if let announce { members.announce(announce, except: member.sessionID) }
        }
    }

    public nonisolated func withRoster<Result>(_ body: (borrowing RoomRoster) -> Result) -> Result {
        body(roster)
    }
}
