import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// Treats held per account (0…5), with the accounts changed since the last checkpoint.
public final class TreatBank: Sendable {
    public static let maximum = 5

    private struct State {
        var counts: [Int64: Int] = [:]
        var dirty: Set<Int64> = []
        /// Unix seconds of the last refill.
        var lastRefill: Int64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    func load(_ counts: [Int64: Int], lastRefill: Int64) {
        state.withLock {
            $0.counts = counts.mapValues { min(max($0, 0), Self.maximum) }
            $0.lastRefill = lastRefill
        }
    }

    /// A new account starts with a full hand.
    package func open(_ accountID: Int64) {
        state.withLock { if $0.counts[accountID] == nil { $0.counts[accountID] = Self.maximum } }
    }

    /// The account was deleted: its hand is gone, and not saved again.
    package func forget(_ accountID: Int64) {
        state.withLock { state in
            state.counts[accountID] = nil
            state.dirty.remove(accountID)
        }
    }

    public func count(_ accountID: Int64) -> Int {
        state.withLock { $0.counts[accountID] ?? Self.maximum }
    }

    public var lastRefill: Int64 { state.withLock { $0.lastRefill } }

    /// Takes one treat; false when none is left.
    package func take(_ accountID: Int64) -> Bool {
        state.withLock { state in
            let held = state.counts[accountID] ?? Self.maximum
            guard held > 0 else { return false }
            state.counts[accountID] = held - 1
            state.dirty.insert(accountID)
            return true
        }
    }

    /// Gives back a treat that could not be used (the pet died or vanished).
    package func refund(_ accountID: Int64) {
        state.withLock { state in
            let held = state.counts[accountID] ?? Self.maximum
            state.counts[accountID] = min(Self.maximum, held + 1)
            state.dirty.insert(accountID)
        }
    }

    /// Fills every hand to 5; returns the accounts that gained treats.
    @discardableResult
    func refillAll(at unixTime: Int64) -> Set<Int64> {
        state.withLock { state in
            var changed = Set<Int64>()
            for (id, held) in state.counts where held < Self.maximum {
                state.counts[id] = Self.maximum
                changed.insert(id)
            }
            state.dirty.formUnion(changed)
            state.lastRefill = unixTime
            return changed
        }
    }

    func takeDirty() -> [Int64: Int] {
        state.withLock { state in
            var rows: [Int64: Int] = [:]
            for id in state.dirty { rows[id] = state.counts[id] ?? Self.maximum }
            state.dirty = []
            return rows
        }
    }

    func restoreDirty(_ rows: [Int64: Int]) {
        state.withLock { $0.dirty.formUnion(rows.keys) }
    }
}
