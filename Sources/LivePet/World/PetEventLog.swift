import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// Visits and treats since the last checkpoint, coalesced per pet, kind and actor, and the
/// treats each account gave: written with the checkpoint in its transaction, never a write
/// per event. Only commands record here (visit, treat), never the tick or a broadcast.
///
/// Bounded: at most `maxPending` coalesced events wait for a checkpoint; past that new ones
/// are counted as dropped (and logged by the checkpoint), so a flood between two
/// checkpoints cannot grow memory.
public final class PetEventLog: Sendable {
    public static let maxPending = 50_000

    private struct Key: Hashable {
        var petID: Int64
        var kind: PetEvent.Kind
        var actorKey: String
    }

    private struct State {
        var events: [Key: PetEvent] = [:]
        var given: [Int64: Int] = [:]
        var dropped = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Someone (not the owner) came to the pet's room.
    package func recordVisit(petID: Int64, visitor: String, tick: Int64) {
        record(PetEvent(petID: petID, kind: .visit, actor: visitor, count: 1, tick: tick))
    }

    /// Someone gave the pet a treat; counted in the giver's `treats given` too.
    package func recordTreat(petID: Int64, giverID: Int64, giver: String, toOwnPet: Bool, tick: Int64) {
        state.withLock { $0.given[giverID, default: 0] += 1 }
        if !toOwnPet { record(PetEvent(petID: petID, kind: .treat, actor: giver, count: 1, tick: tick)) }
    }

    private func record(_ event: PetEvent) {
        state.withLock { Self.merge(event, into: &$0) }
    }

    /// Adds `event` to its coalesced entry (count and latest tick), or starts one while there
    /// is room; past `maxPending` it is counted as dropped.
    private static func merge(_ event: PetEvent, into state: inout State) {
        let key = Key(petID: event.petID, kind: event.kind, actorKey: NameKey.make(event.actor))
        if var existing = state.events[key] {
            existing.count += event.count
            existing.tick = max(existing.tick, event.tick)
            state.events[key] = existing
        } else if state.events.count < maxPending {
            state.events[key] = event
        } else {
            state.dropped += 1
        }
    }

    /// Events not yet checkpointed for these pets after `tick` (a login summary reads them
    /// beside the store's).
    public func pending(petIDs: Set<Int64>, afterTick tick: Int64) -> [PetEvent] {
        state.withLock { state in state.events.values.filter { petIDs.contains($0.petID) && $0.tick > tick } }
    }

    /// Treats given by an account since the last checkpoint.
    public func pendingGiven(_ accountID: Int64) -> Int {
        state.withLock { $0.given[accountID] ?? 0 }
    }

    /// Drops what waits about deleted pets and the treats a deleted account gave.
    package func forget(petIDs: Set<Int64>, accountID: Int64) {
        state.withLock { state in
            state.events = state.events.filter { !petIDs.contains($0.key.petID) }
            state.given[accountID] = nil
        }
    }

    /// Everything waiting, for a checkpoint (and how many events were dropped since the last).
    func take() -> (events: [PetEvent], given: [Int64: Int], dropped: Int) {
        state.withLock { state in
            let taken = (Array(state.events.values), state.given, state.dropped)
            state = State()
            return taken
        }
    }

    /// Puts back what a failed checkpoint could not write, merged with what came since.
    func restore(events: [PetEvent], given: [Int64: Int]) {
        state.withLock { state in
            for event in events { Self.merge(event, into: &state) }
            for (id, count) in given { state.given[id, default: 0] += count }
        }
    }
}
