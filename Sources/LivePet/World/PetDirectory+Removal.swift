import LivePetNet
import LivePetSupport
import LivePetTelnet

/// Taking pets out of the world when their owner's account is deleted.
extension PetDirectory {
    /// Removes the pets with these ids from every index and returns them. Their rooms are
    /// closed: no longer found, listed, ticked or saved; whoever is still in one is moved to
    /// the Lobby by their session (`isRetired`). Their names become free again.
    func remove(ids: [Int64]) -> [Pet] {
        let wanted = Set(ids)
        guard !wanted.isEmpty else { return [] }
        let removed: [Pet] = index.withLock { index in
            let pets = index.ordered.filter { wanted.contains($0.id) }
            guard !pets.isEmpty else { return [] }
            index.ordered.removeAll { wanted.contains($0.id) }
            index.sortedNames.removeAll { wanted.contains($0.pet.id) }
            for pet in pets {
                index.byOwner[pet.ownerID]?.removeAll { $0.id == pet.id }
                if index.byOwner[pet.ownerID]?.isEmpty == true { index.byOwner[pet.ownerID] = nil }
                // Names are unique by skeleton (`claimName`), so this hash was only this pet's.
                index.skeletons.remove(Confusables.skeleton(pet.name).hashValue)
                let position = Self.lowerBoundTick(index.bornTicks, pet.bornTick)
                if position < index.bornTicks.count, index.bornTicks[position] == pet.bornTick { index.bornTicks.remove(at: position) }
            }
            return pets
        }
        activity.withLock { activity in
            for pet in removed {
                activity.retired[pet.id] = pet
                activity.visitors[pet.id] = nil
                activity.dirty[pet.id] = nil
            }
        }
        return removed
    }

    /// Whether this pet (this very object, not just its id) was removed with its owner's
    /// account.
    public func isRetired(_ pet: Pet) -> Bool {
        activity.withLock { $0.retired[pet.id] === pet }
    }

    private static func lowerBoundTick(_ ticks: [Int64], _ tick: Int64) -> Int {
        var low = 0
        var high = ticks.count
        while low < high {
            let mid = (low + high) / 2
            if ticks[mid] < tick { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
