import LivePetNet
import LivePetSupport
import LivePetTelnet

/// GMCP `Room.Players` (docs/GMCP.md): who is in the room, for GMCP clients only. Sent by the
/// room when its members change while it is small (`playersSentAtOnce` or fewer), else marked
/// for the next tick, so a login storm into a crowded Lobby costs one list per member per
/// tick, not one per arrival.
extension RoomMembers {
    /// A room of at most this many tells its GMCP members of every arrival and departure at
    /// once; a bigger one on the next tick.
    static let playersSentAtOnce = 32
    /// At most this many names (in arrival order) and this many bytes of JSON in one
    /// `Room.Players`; `Pet.Status.visitors` has the real count.
    package static let playersLimit = 100
    package static let playersMaxBytes = 4096

    /// The `Room.Players` body: a JSON array of the first names, within both limits.
    var playersJSON: String {
        var json = "["
        for (index, member) in members.prefix(Self.playersLimit).enumerated() {
            let name = GMCP.string(member.name)
            guard json.utf8.count + name.utf8.count + 2 <= Self.playersMaxBytes else { break }
            if index > 0 { json += "," }
            json += name
        }
        return json + "]"
    }

    /// Sends `Room.Players` to every GMCP member but `except`; nothing is encoded when none
    /// has GMCP on.
    func broadcastPlayers(except: UInt64? = nil) {
        guard !members.isEmpty else { return }
        var none = EncodedLine.none
        var gmcp = EncodedTelnet { GMCP.encode("Room.Players", playersJSON) }
        Fanout.deliver(&none, telnet: &gmcp, to: members, except: except) { prefs in
            prefs.gmcp.load(ordering: .relaxed) ? .telnet : []
        }
    }

    /// After a change of members: tells the room at once when it is small; true when the
    /// list waits for the next tick instead.
    func playersChanged(except: UInt64?) -> Bool {
        guard members.count <= Self.playersSentAtOnce else { return true }
        broadcastPlayers(except: except)
        return false
    }
}

extension Place {
    /// The `Room.Players` body of this place, for the member who just arrived.
    public nonisolated func playersJSON() -> String {
        withRoster { $0.withMembers { $0.playersJSON } }
    }
}
