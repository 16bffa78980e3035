import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// What a pet's room remembers while people are in it, for the pet's reactions (`Reactions`):
/// when the pet last reacted unprompted (the room's rate limit), when its owner was last
/// there, and the generator that picks what it says.
///
/// Made when the first visitor arrives and dropped when the last one leaves (`PetDirectory`
/// keeps it beside the visitor count), so pets without visitors cost nothing, neither
/// memory nor time in the tick. Time is counted in world ticks, the pet's own clock (5 s by
/// default, driven by the injected clock): deterministic under test.
package final class RoomLife: Sendable {
    /// At most one unprompted reaction per this many ticks (30 s at the default 5 s tick).
    package static let quietTicks: Int64 = 6
    /// The owner away this long while others visit: the pet misses them (15 minutes), and
    /// says so at most once per this long.
    package static let lonelyTicks: Int64 = 180
    /// Each tick with people there, a 1 in this chance of some idle behaviour (when the rate
    /// limit allows one): about every two minutes.
    package static let idleChance = 24

    private struct State {
        var generator: SplitMix64
        /// The tick of the last reaction, prompted or not; nil before the first.
        var lastReaction: Int64?
        var ownerSeen: Int64
        var lastLonely: Int64?
    }

    private let state: Mutex<State>

    /// Seeded by the pet and the tick the room filled: the same events give the same words.
    package init(petID: Int64, now: Int64) {
        let seed = UInt64(bitPattern: petID) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: now)
        state = Mutex(State(generator: SplitMix64(seed: seed), ownerSeen: now))
    }

    /// Whether an unprompted reaction may go out at `now`; if so, it takes the room's slot.
    package func claimUnprompted(at now: Int64) -> Bool {
        state.withLock { state in
            if let last = state.lastReaction, now - last < Self.quietTicks { return false }
            state.lastReaction = now
            return true
        }
    }

    /// A reaction a command caused went out: unprompted ones wait their turn after it.
    package func notePrompted(at now: Int64) {
        state.withLock { $0.lastReaction = now }
    }

    /// A number in 0..<bound from the room's generator.
    package func pick(_ bound: Int) -> Int {
        state.withLock { $0.generator.below(max(bound, 1)) }
    }

    /// One roll of the idle chance.
    package func idleRoll() -> Bool {
        pick(Self.idleChance) == 0
    }

    /// The owner is in the room at `now`.
    package func ownerPresent(at now: Int64) {
        state.withLock { $0.ownerSeen = now }
    }

    /// Whether the owner has been away long enough, while others visit, for the pet to miss
    /// them at `now` (at most once per `lonelyTicks`): the caller still needs the rate limit.
    package func missesOwner(at now: Int64) -> Bool {
        state.withLock { state in
            guard now - state.ownerSeen >= Self.lonelyTicks else { return false }
            if let last = state.lastLonely, now - last < Self.lonelyTicks { return false }
            return true
        }
    }

    /// The pet said it misses its owner at `now`.
    package func toldLonely(at now: Int64) {
        state.withLock { $0.lastLonely = now }
    }
}
