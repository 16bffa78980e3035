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
            text += "Age \(NumberText.count(status.age, "tick")), hunger \(status.hunger)/\(PetState.maxHunger), "
            text += "\(screenReader ? PetState.heartsText(status.hearts, plain: true) : Styled.paint(PetState.heartsText(status.hearts), Styled.red)), \(status.mood).\n"
        } else {
            text += "Here rests \(status.name), who lived \(NumberText.count(status.livedTicks, "tick")). A quiet memorial; flowers lie by the door.\n"
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

    /// What the room hears when its pet dies (wrapped by the caller). A pet dies when its age
    /// passes `PetState.lifespan`, so it has lived that many ticks.
    package static func deathNews(species: Species, shortName: String) -> String {
        "The \(species.displayName) \(shortName) has died peacefully of old age, after \(NumberText.count(PetState.lifespan, "tick")). Rest well, \(shortName)."
    }

    /// A page of `pets`: a header and aligned rows (sentences for screen readers), then the
    /// page, the next page's command and how many pets match of how many in the world.
    /// `matching` is nil for the unfiltered list.
    package static func list(_ pets: [PetStatus], visitors: [Int64: Int], page: Int, hasMore: Bool, command: String, total: Int,
                             matching: Int? = nil, empty: String = "No pets yet. Adopt one with: adopt <name> [species]\n",
                             screenReader: Bool = false) -> String {
        guard !pets.isEmpty else {
            return page > 1 ? "No more pets (page \(page)).\n" : empty
        }
        var text = ""
        if screenReader {
            for pet in pets {
                text += "Pet \(pet.shortName), number \(pet.id), \(pet.species.displayName) of \(pet.ownerName), "
                text += pet.alive ? "\(PetState.heartsText(pet.hearts, plain: true)), age \(NumberText.grouped(pet.age))"
                                  : "dead at age \(NumberText.grouped(pet.livedTicks))"
                let count = visitors[pet.id] ?? 0
                text += count > 0 ? ", \(count) visiting.\n" : ".\n"
            }
        } else {
            text += rows(pets, visitors: visitors)
        }
        text += "Page \(page)" + (hasMore ? ". More: \(command) \(page + 1)" : ", the last") + ". "
        if let matching {
            text += "\(NumberText.grouped(matching)) of \(NumberText.count(total, "pet")) in the world.\n"
        } else {
            text += "\(NumberText.count(total, "pet")) in the world.\n"
        }
        return text
    }

    /// The table: every column as wide as its widest cell (by display width), dead rows in
    /// line with live ones, the visitors' column only when someone is visiting.
    private static func rows(_ pets: [PetStatus], visitors: [Int64: Int]) -> String {
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
        }
        let ids = pets.map { "#\($0.id)" }
        let ages = pets.map { NumberText.grouped($0.alive ? $0.age : $0.livedTicks) }
        let healths = pets.map { $0.alive ? PetState.heartsText($0.hearts) : "(dead)" }
        let idWidth = max(6, ids.map(\.count).max() ?? 0)
        let nameWidth = max(4, pets.map { DisplayWidth.of($0.shortName) }.max() ?? 0)
        let speciesWidth = max(7, pets.map { $0.species.displayName.count }.max() ?? 0)
        let healthWidth = max(6, healths.map { DisplayWidth.of($0) }.max() ?? 0)
        let ageWidth = max(3, ages.map(\.count).max() ?? 0)
        let ownerWidth = max(5, pets.map { DisplayWidth.of($0.ownerName) }.max() ?? 0)
        let anyVisitors = pets.contains { (visitors[$0.id] ?? 0) > 0 }
        var text = "  \("Number".leftPad(idWidth))  \(pad("Name", nameWidth))  \(pad("Species", speciesWidth))  "
        text += "\(pad("Health", healthWidth))  \("Age".leftPad(ageWidth))  " + (anyVisitors ? "\(pad("Owner", ownerWidth))  Visiting" : "Owner") + "\n"
        for (index, pet) in pets.enumerated() {
            let health = pad(healths[index], healthWidth)
            text += "  \(ids[index].leftPad(idWidth))  \(pad(pet.shortName, nameWidth))  \(pad(pet.species.displayName, speciesWidth))  "
            text += pet.alive ? Styled.paint(health, Styled.red) : health
            text += "  \(ages[index].leftPad(ageWidth))  "
            let count = visitors[pet.id] ?? 0
            if anyVisitors {
                text += pad(pet.ownerName, ownerWidth) + (count > 0 ? "  " + NumberText.grouped(count).leftPad(8) : "")
            } else {
                text += pet.ownerName
            }
            text += "\n"
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while line.last == " " { line = line.dropLast() }
            return String(line)
        }.joined(separator: "\n")
    }
}
