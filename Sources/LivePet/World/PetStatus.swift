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

    /// The line a room sees every tick.
    public var tickLine: String {
        "[\(name)] age \(age), hunger \(hunger)/\(PetState.maxHunger), \(PetState.heartsText(hearts)) \(mood)\n"
    }
}
