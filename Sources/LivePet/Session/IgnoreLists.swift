import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld
import Synchronization

/// The ignore lists of characters while they are logged out, so that leaving and coming back
/// keeps them for as long as the server runs. Keyed by `NameKey`; lists are at most
/// `SessionPrefs.maxIgnored` long, so the table is bounded by the number of accounts.
final class IgnoreLists: Sendable {
    private let lists = Mutex<[String: [String: String]]>([:])

    func list(for name: String) -> [String: String] {
        lists.withLock { $0[NameKey.make(name)] ?? [:] }
    }

    func save(_ list: [String: String], for name: String) {
        lists.withLock { $0[NameKey.make(name)] = list.isEmpty ? nil : list }
    }

    /// A deleted character: its own list goes, and its name leaves everyone else's (a new
    /// character of that name is someone else).
    func forget(_ name: String) {
        let key = NameKey.make(name)
        lists.withLock { lists in
            lists[key] = nil
            for (owner, list) in lists where list[key] != nil {
                var list = list
                list[key] = nil
                lists[owner] = list.isEmpty ? nil : list
            }
        }
    }
}
