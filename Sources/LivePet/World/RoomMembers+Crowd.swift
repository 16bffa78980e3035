import LivePetNet
import LivePetSupport
import LivePetTelnet

/// Comings and goings in a crowd. Telling every arrival to everyone costs the square of
/// the crowd (10,000 guests logging in meant 62 million lines), and nobody reads a wall of
/// "X arrives." anyway: above `crowdSize` people, individual arrivals and departures are
/// not announced; `look` and `who` still show who is here.
extension RoomMembers {
    static let crowdSize = 50

    /// Announces an arrival, departure or reconnection unless the room is a crowd.
    func announce(_ text: String, except: UInt64? = nil) {
        guard members.count <= Self.crowdSize else { return }
        broadcast(text, except: except)
    }
}
