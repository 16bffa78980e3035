import LivePetNet
import LivePetSupport
import LivePetTelnet

/// One row of GMCP `Pet.List` (docs/GMCP.md): a pet as the page's list of active pets shows it.
package struct PetListRow: Sendable, Equatable {
    package var id: Int64
    package var name: String
    package var species: Species
    package var ownerName: String
    package var alive: Bool
    package var hearts: Int
    package var visitors: Int

    package init(id: Int64, name: String, species: Species, ownerName: String, alive: Bool, hearts: Int, visitors: Int) {
        self.id = id
        self.name = name
        self.species = species
        self.ownerName = ownerName
        self.alive = alive
        self.hearts = hearts
        self.visitors = visitors
    }

    /// The row as a JSON object.
    package var json: String {
        "{\"id\":\(id),\"name\":\(GMCP.string(name)),\"species\":\(GMCP.string(species.rawValue)),\"owner\":\(GMCP.string(ownerName)),"
            + "\"alive\":\(alive),\"hearts\":\(alive ? hearts : 0),\"visitors\":\(visitors)}"
    }
}
