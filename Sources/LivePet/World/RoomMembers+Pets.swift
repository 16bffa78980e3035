import LivePetNet
import LivePetSupport
import LivePetTelnet

/// What a pet's room sends its members besides talk: status lines by each member's tick
/// setting (`TickMode`), reactions, and prompt updates.
extension RoomMembers {
    /// Sends a pet's status: the text line to members with `ticks all`, and to those with
    /// `ticks changes` when the tick is `notable`; GMCP `Pet.Status` to GMCP clients
    /// whatever their setting (the web page draws the pet from it).
    func broadcastTick(_ status: PetStatus, notable: Bool) {
        guard !members.isEmpty else { return }
        // Most ticks nobody gets the line (`ticks changes`, nothing changed): not even made.
        let anyLine = notable || members.contains { $0.prefs.tickMode == .all }
        var encoded = anyLine ? EncodedLine(RoomLine(status.tickLine, spoken: status.spokenTickLine)) : .none
        var gmcp = EncodedTelnet { GMCP.encode("Pet.Status", status.gmcpJSON) }
        Fanout.deliver(&encoded, telnet: &gmcp, to: members) { prefs in
            var parts: Fanout.Parts
            switch prefs.tickMode {
            case .all: parts = .line
            case .changes: parts = notable ? .line : []
            case .off: parts = []
            }
            if prefs.gmcp.load(ordering: .relaxed) { parts.insert(.telnet) }
            return parts
        }
    }

    /// A pet's reaction, to members who see reactions (not `ticks off`), but `except`.
    /// A reaction a player caused or that names them (`about`: pet, play, a treat, an
    /// arrival, their words) is not shown to members who ignore that player, as their talk
    /// is not: otherwise `pet` would be a way round `ignore`.
    func broadcastReaction(_ line: RoomLine?, except: UInt64? = nil, about actor: String? = nil) {
        guard let line, !members.isEmpty else { return }
        var encoded = EncodedLine(line)
        var none = EncodedTelnet { [] }
        Fanout.deliver(&encoded, telnet: &none, to: members, except: except) { prefs in
            guard prefs.tickMode.showsReactions else { return [] }
            if let actor, prefs.isIgnoring(actor) { return [] }
            return .line
        }
    }

    /// The pet's hearts changed: every member's prompt says so from its next showing
    /// (`Connection.refreshPrompt`), and their sessions' next prompts too (`roomHearts`).
    func refreshPrompts(scope: UInt, title: String, hearts: Int, treats: TreatBank) {
        for member in members {
            member.prefs.roomHearts.store(hearts, ordering: .relaxed)
            let accountID = member.prefs.accountID.load(ordering: .relaxed)
            let held = accountID >= 0 ? treats.count(accountID) : -1
            let screenReader = member.prefs.screenReader
            member.connection.refreshPrompt(key: RoomPrompt.key(scope: scope, treats: held, hearts: hearts, screenReader: screenReader)) {
                RoomPrompt.text(title: title, hearts: hearts, treats: held, screenReader: screenReader)
            }
        }
    }
}
