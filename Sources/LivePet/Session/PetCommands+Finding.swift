import LivePetNet
import LivePetSupport
import LivePetWorld

/// Finding the pet a player names: `#id`, an exact name, or a unique prefix; several pets
/// sharing the prefix are listed, as an ambiguous command word is.
extension PetCommands {
    /// How many pets an ambiguous prefix lists.
    static let candidatesShown = 10

    enum PetMatch {
        case found(Pet)
        /// No pet has that number; the number as typed.
        case noNumber(String)
        /// Text after `#` that is not a number.
        case badNumber
        /// Several pets start with the text (the first `candidatesShown`); `more` when others do too.
        case ambiguous([Pet], more: Bool)
        case none
    }

    /// Finds a pet by `#id` or name: an exact name wins, then a unique prefix.
    static func matchPet(_ session: isolated Session, _ text: String) -> PetMatch {
        let query = text.trimmingCharacters(in: .whitespaces)
        if query.hasPrefix("#") {
            guard let id = Int64(query.dropFirst()) else { return .badNumber }
            return session.world.pets.pet(id: id).map(PetMatch.found) ?? .noNumber(String(query.dropFirst()))
        }
        if let pet = session.world.pets.pet(named: query) { return .found(pet) }
        let candidates = session.world.pets.pets(prefix: query, limit: candidatesShown + 1)
        switch candidates.count {
        case 0: return .none
        case 1: return .found(candidates[0])
        default: return .ambiguous(Array(candidates.prefix(candidatesShown)), more: candidates.count > candidatesShown)
        }
    }

    /// The pet `text` names, or nil after telling the player why there is none.
    static func findPet(_ session: isolated Session, _ text: String) -> Pet? {
        let query = text.trimmingCharacters(in: .whitespaces)
        let shown = clipped(query)
        switch matchPet(session, query) {
        case .found(let pet):
            return pet
        case .noNumber(let number):
            session.connection.send("There is no pet #\(clipped(number)). \"pets\" lists them with their numbers.\n")
        case .badNumber:
            session.connection.send("\"\(shown)\" is not a pet number: numbers are digits, as in #12.\n")
        case .ambiguous(let pets, let more):
            let names = pets.map { "\($0.shortName) (#\($0.id))" }.joined(separator: ", ")
            let rest = more ? "; more: pets \(shown)" : ""
            session.connection.send(session.wrap("\"\(shown)\" could mean: \(names)\(rest).\n"))
        case .none:
            session.connection.send(session.wrap("There is no pet called \(shown). \"pets\" lists every pet.\n"))
        }
        return nil
    }

    /// Typed text echoed in an answer, cut to 40 characters.
    private static func clipped(_ text: String) -> String {
        let clean = TextSanitizer.clean(text)
        return clean.count > 40 ? String(clean.prefix(39)) + "…" : clean
    }
}
