import LivePetNet
import LivePetSupport
import Synchronization

/// Addresses an admin let make characters beyond `--accounts-per-address` for a while
/// (`allow <address> [minutes]`): friends behind one home router, a class in one room.
///
/// Kept in memory, not in the database: an allowance is meant for an evening, and a restart
/// ending it early errs on the safe side. Bounded: at most `maximum` addresses, each for at
/// most `maxMinutes`; expired ones are dropped whenever the table is read or changed.
public final class CreationAllowances: Sendable {
    public static let maximum = 100
    public static let maxMinutes = 24 * 60
    public static let defaultMinutes = 60

    public struct Allowance: Sendable, Equatable {
        /// `AddressKey` form: an IPv4 address or an IPv6 /64.
        public var address: String
        /// `ServerClock.uptimeNanos()` when it ends.
        public var until: UInt64
        public var admin: String
    }

    private let table = Mutex<[String: Allowance]>([:])

    public init() {}

    /// Adds or renews the allowance for `address` (an `AddressKey`); false when the table
    /// is full of other addresses.
    func allow(_ address: String, until: UInt64, admin: String, now: UInt64) -> Bool {
        table.withLock { table in
            table = table.filter { $0.value.until > now }
            guard table[address] != nil || table.count < Self.maximum else { return false }
            table[address] = Allowance(address: address, until: until, admin: admin)
            return true
        }
    }

    /// Ends the allowance; false when there was none in force.
    func remove(_ address: String, now: UInt64) -> Bool {
        table.withLock { table in
            guard let removed = table.removeValue(forKey: address) else { return false }
            return removed.until > now
        }
    }

    /// Whether `address` (an `AddressKey`) may make characters beyond the limit at `now`.
    func covers(_ address: String, now: UInt64) -> Bool {
        table.withLock { ($0[address]?.until ?? 0) > now }
    }

    /// The allowances in force, by address.
    func all(now: UInt64) -> [Allowance] {
        table.withLock { table in
            table = table.filter { $0.value.until > now }
            return table.values.sorted { $0.address < $1.address }
        }
    }
}
