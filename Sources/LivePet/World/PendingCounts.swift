import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// Work in flight per key (adoptions being saved, per owner), so that a limit checked before
/// an `await` also counts what other tasks started and have not finished.
final class PendingCounts: Sendable {
    private let counts = Mutex<[Int64: Int]>([:])

    /// Takes a slot when `done` plus what is in flight stays under `limit`; false otherwise.
    func reserve(owner: Int64, live done: Int, limit: Int) -> Bool {
        counts.withLock { counts in
            let pending = counts[owner, default: 0]
            guard done + pending < limit else { return false }
            counts[owner] = pending + 1
            return true
        }
    }

    /// Gives a slot back (the work finished, either way).
    func release(owner: Int64) {
        counts.withLock { counts in
            let left = counts[owner, default: 1] - 1
            counts[owner] = left > 0 ? left : nil
        }
    }

    /// Keys with work in flight (for tests of the bound).
    var trackedKeys: Int { counts.withLock { $0.count } }
}
