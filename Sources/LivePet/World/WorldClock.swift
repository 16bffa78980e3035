import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// The world's tick counter. Only the simulation advances it (a timer in production, the
/// test itself in tests), so hours of pet life run in milliseconds under test.
public final class WorldClock: Sendable {
    private let tick: Atomic<Int64>

    public init(tick: Int64 = 0) {
        self.tick = Atomic(tick)
    }

    public var now: Int64 { tick.load(ordering: .acquiring) }

    /// Moves the world one tick on and returns the new tick.
    @discardableResult
    func advance() -> Int64 {
        tick.add(1, ordering: .acquiringAndReleasing).newValue
    }
}
