import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// The room everyone starts in.
public actor Lobby: Place {
    public nonisolated let placeID = PlaceID.lobby
    public nonisolated let title = "Lobby"
    /// Locked, not actor state: talk is delivered from the speaker's thread (see `Place`).
    private nonisolated let roster = RoomRoster()
    /// Members changed while the Lobby was crowded: `Room.Players` goes out on the tick.
    private nonisolated let playersDirty = Atomic<Bool>(false)

    public init() {}

    public func enter(_ member: RoomMember, announce: String?) {
        let count = roster.enter(member, announce: announce)
        if RoomRoster.playersDeferred(count: count) { playersDirty.store(true, ordering: .relaxed) }
    }

    public func leave(_ sessionID: UInt64, announce: String?) {
        if let count = roster.leave(sessionID, announce: announce), RoomRoster.playersDeferred(count: count) {
            playersDirty.store(true, ordering: .relaxed)
        }
    }

    /// The tick's `Room.Players`, if the crowded Lobby's members changed since the last one.
    package nonisolated func flushPlayers() {
        guard playersDirty.exchange(false, ordering: .relaxed) else { return }
        roster.flushPlayers()
    }

    public func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) {
        roster.replace(oldSessionID, with: member, announce: announce)
    }

    public nonisolated func withRoster<Result>(_ body: (borrowing RoomRoster) -> Result) -> Result {
        body(roster)
    }
}
