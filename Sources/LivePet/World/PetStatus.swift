/// A pet as seen at one tick: what `look`, `pets` and tick lines show.
public struct PetStatus: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var species: Species
    public var ownerName: String
    public var age: Int64
    public var hunger: Int
    public var hearts: Int
    public var alive: Bool
    public var visitors: [String]

    public var mood: String { PetState.mood(hunger: hunger, alive: alive) }

    /// The line a room sees every tick. The name is framed in brackets, which pet names may
    /// not contain (`NameRules.validatePetName`), so no tick line starts with text a player
    /// chose: a name cannot close the bracket and go on as `[chat] admin: ...`.
    public var tickLine: String {
        "\(Styled.dim)[\(Styled.reset)\(Styled.paint(name, Styled.bold))\(Styled.dim)]\(Styled.reset) age \(age), hunger \(hunger)/\(PetState.maxHunger), \(Styled.paint(PetState.heartsText(hearts), Styled.red)) \(mood)\n"
    }

    /// The tick line for screen readers: words, no symbols. "Pet" first, so that the line
    /// does not start with the name, which could read like another line ("Alice says, ...").
    public var spokenTickLine: String {
        "Pet \(name): age \(age), hunger \(hunger) of \(PetState.maxHunger), \(PetState.heartsText(hearts, plain: true)), \(mood).\n"
    }

    /// GMCP `Pet.Status` body.
    var gmcpJSON: String {
        "{\"id\":\(id),\"name\":\(GMCP.string(name)),\"species\":\(GMCP.string(species.rawValue)),\"owner\":\(GMCP.string(ownerName)),"
            + "\"age\":\(age),\"hunger\":\(hunger),\"maxHunger\":\(PetState.maxHunger),\"hearts\":\(hearts),"
            + "\"alive\":\(alive),\"mood\":\(GMCP.string(mood)),\"visitors\":\(visitors.count)}"
    }
}
