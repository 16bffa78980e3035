import LivePetNet
import LivePetSupport
import LivePetTelnet

/// Text for `look` in a pet's room and for `pets`.
///
/// No line starts with a pet's name: a name is the player's text, and at the start of a line
/// it could pose as a line of the server or of another player ("Alice says, ...").
/// `look` shows the whole name (the session wraps it, indenting what follows a break);
/// `pets` rows show the short one (`PetStatus.shortName`).
package enum PetFormatter {
    package static func look(_ status: PetStatus, viewer: String, screenReader: Bool) -> String {
        var text = ""
        if !screenReader { text += status.species.art + "\n" }
        text += "This is \(Styled.paint(status.name, Styled.bold)) the \(status.species.displayName) (#\(status.id)), cared for by \(status.ownerName).\n"
        if status.alive {
            text += "Age \(status.age) ticks, hunger \(status.hunger)/\(PetState.maxHunger), "
            text += "\(screenReader ? PetState.heartsText(status.hearts, plain: true) : Styled.paint(PetState.heartsText(status.hearts), Styled.red)), \(status.mood).\n"
        } else {
            text += "Here rests \(status.name), who lived \(status.age) ticks. A quiet memorial; flowers lie by the door.\n"
        }
        let others = status.visitors.filter { $0.lowercased() != viewer.lowercased() }
        if others.isEmpty {
            text += "Nobody else is visiting.\n"
        } else if others.count <= 20 {
            text += "Visiting: \(others.joined(separator: ", ")).\n"
        } else {
            text += "Visiting: \(others.prefix(20).joined(separator: ", ")) and \(others.count - 20) others.\n"
        }
        return text
    }

    package static func list(_ pets: [PetStatus], visitors: [Int64: Int], page: Int, hasMore: Bool, command: String, total: Int,
                     screenReader: Bool = false) -> String {
        guard !pets.isEmpty else {
            return page > 1 ? "No more pets (page \(page)).\n" : "No pets match. Adopt one with: adopt <name> [species]\n"
        }
        let nameWidth = pets.map { DisplayWidth.of($0.shortName) }.max() ?? 4
        var text = ""
        for pet in pets {
            let name = pet.shortName
            let id = "#\(pet.id)".leftPad(8)
            if screenReader {
                text += "Pet \(name), number \(pet.id), \(pet.species.displayName) of \(pet.ownerName), "
                text += pet.alive ? "\(PetState.heartsText(pet.hearts, plain: true)), age \(pet.age)" : "dead"
                let count = visitors[pet.id] ?? 0
                text += count > 0 ? ", \(count) visiting.\n" : ".\n"
                continue
            }
            let health = pet.alive ? Styled.paint(PetState.heartsText(pet.hearts), Styled.red) : "(dead)"
            let count = visitors[pet.id] ?? 0
            text += "\(id)  \(name)\(String(repeating: " ", count: max(0, nameWidth - DisplayWidth.of(name))))  "
            text += pet.species.displayName.padding(toLength: 10, withPad: " ", startingAt: 0)
            text += "  \(health)\(pet.alive ? "" : " ")  age \(String(pet.age).leftPad(5))  \(pet.ownerName)"
            if count > 0 { text += "  [\(count) visiting]" }
            text += "\n"
        }
        text += "Page \(page)" + (hasMore ? ". More: \(command) \(page + 1)" : ", the last") + ". \(total) pets in the world.\n"
        return text
    }
}
