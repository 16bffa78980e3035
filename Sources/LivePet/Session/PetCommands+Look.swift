import LivePetNet
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// `look <pet|player>`: a pet's status from anywhere, or where a player is and what they do.
extension PetCommands {
    static func lookAt(_ session: isolated Session, _ args: String) async {
        let query = args.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else {
            await look(session)
            return
        }
        guard let viewer = session.player?.name else { return }
        // A player's exact name first (names are one word of letters and digits), then a pet.
        if !query.hasPrefix("#"), !query.contains(" "), let entry = await session.services.presence.entry(named: query) {
            guard case .playing = session.phase else { return }
            session.connection.send(session.wrap(describe(entry, idleFlag: session.services.config.abuse.idleFlag)))
            return
        }
        guard case .playing = session.phase, let pet = findPet(session, query) else { return }
        let status = await pet.status(at: session.world.now)
        guard case .playing = session.phase else { return }
        session.out(session.wrap(PetFormatter.look(status, viewer: viewer, screenReader: session.screenReader)))
    }

    /// "Alice is visiting Whiskers (#3), idle 6 minutes, AFK: lunch."
    static func describe(_ entry: Presence.Entry, idleFlag: Duration) -> String {
        var text = entry.name
        if let pet = entry.place as? Pet {
            text += " is visiting \(pet.shortName) (#\(pet.id))"
        } else {
            text += " is in the \(entry.place.title)"
        }
        var notes: [String] = []
        if entry.isGuest { notes.append("a guest") }
        if entry.linkDead {
            notes.append("link-dead")
        } else {
            let idle = Int64(entry.connection.idleSeconds)
            if idleFlag > .zero, idle >= idleFlag.components.seconds { notes.append("idle \(TimeText.describe(seconds: idle))") }
        }
        if let message = entry.afkMessage { notes.append(message.isEmpty ? "AFK" : "AFK: \(message)") }
        if !notes.isEmpty { text += ", " + notes.joined(separator: ", ") }
        return text + ".\n"
    }
}
