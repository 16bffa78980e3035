import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A pet as seen at one tick: what `look`, `pets` and tick lines show.
public struct PetStatus: Sendable, Equatable {
    public var id: Int64
    public var name: String
    /// `name` as the tick lines show it (`NameRules.shortPetName`); `look` shows `name`.
    public var shortName: String
    public var species: Species
    public var ownerName: String
    public var age: Int64
    public var hunger: Int
    public var hearts: Int
    public var alive: Bool
    public var visitors: [String]

    /// `shortName` is made from `name` unless given (`Pet` gives the one it keeps).
    public init(id: Int64, name: String, shortName: String? = nil, species: Species, ownerName: String,
                age: Int64, hunger: Int, hearts: Int, alive: Bool, visitors: [String]) {
        self.id = id
        self.name = name
        self.shortName = shortName ?? NameRules.shortPetName(name)
        self.species = species
        self.ownerName = ownerName
        self.age = age
        self.hunger = hunger
        self.hearts = hearts
        self.alive = alive
        self.visitors = visitors
    }

    /// The ticks it has lived: its age, which stops one past `PetState.lifespan` at death.
    public var livedTicks: Int64 { min(age, PetState.lifespan) }

    public var mood: String { PetState.mood(hunger: hunger, alive: alive) }

    /// The line a room sees every tick. The name is framed in brackets, which pet names may
    /// not contain (`NameRules.validatePetName`), so no tick line starts with text a player
    /// chose: a name cannot close the bracket and go on as `[chat] admin: ...`. The name is
    /// the short one, so the line stays within 80 columns (78 at most) and no terminal row
    /// starts inside it.
    public var tickLine: String {
        "\(Styled.dim)[\(Styled.reset)\(Styled.paint(shortName, Styled.bold))\(Styled.dim)]\(Styled.reset) age \(age), hunger \(hunger)/\(PetState.maxHunger), \(Styled.paint(PetState.heartsText(hearts), Styled.red)) \(mood)\n"
    }

    /// The tick line for screen readers: words, no symbols. "Pet" first, so that the line
    /// does not start with the name, which could read like another line ("Alice says, ...").
    /// Up to 94 columns, but the name is within the first 28: a row a terminal starts
    /// after 80 starts with the server's words.
    public var spokenTickLine: String {
        "Pet \(shortName): age \(age), hunger \(hunger) of \(PetState.maxHunger), \(PetState.heartsText(hearts, plain: true)), \(mood).\n"
    }

    /// GMCP `Pet.Status` body.
    var gmcpJSON: String {
        "{\"id\":\(id),\"name\":\(GMCP.string(name)),\"species\":\(GMCP.string(species.rawValue)),\"owner\":\(GMCP.string(ownerName)),"
            + "\"age\":\(age),\"hunger\":\(hunger),\"maxHunger\":\(PetState.maxHunger),\"hearts\":\(hearts),"
            + "\"alive\":\(alive),\"mood\":\(GMCP.string(mood)),\"visitors\":\(visitors.count)}"
    }
}
