import LivePetNet
import LivePetSupport
import LivePetTelnet

/// The room everyone starts in.
public actor Lobby: Place {
    public nonisolated let placeID = PlaceID.lobby
    public nonisolated let title = "Lobby"
    /// Locked, not actor state: talk is delivered from the speaker's thread (see `Place`).
    private nonisolated let roster = RoomRoster()

    public init() {}

    public func enter(_ member: RoomMember, announce: String?) {
        roster.enter(member, announce: announce)
    }

    public func leave(_ sessionID: UInt64, announce: String?) {
        roster.leave(sessionID, announce: announce)
    }

    public func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) {
        roster.replace(oldSessionID, with: member, announce: announce)
    }

    public nonisolated func withRoster<Result>(_ body: (borrowing RoomRoster) -> Result) -> Result {
        body(roster)
    }
}
