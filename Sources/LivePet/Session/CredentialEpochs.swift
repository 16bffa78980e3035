import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld
import Synchronization

/// A counter per account that moves on every password change, read before a password is
/// checked and again when the login completes: a login whose password check overlapped a
/// change does not complete with the old password. Only accounts whose password changed
/// while the server runs have an entry.
final class CredentialEpochs: Sendable {
    private let epochs = Mutex<[Int64: UInt64]>([:])

    func current(_ accountID: Int64) -> UInt64 {
        epochs.withLock { $0[accountID, default: 0] }
    }

    /// Called once the new password is saved.
    func advance(_ accountID: Int64) {
        epochs.withLock { $0[accountID, default: 0] &+= 1 }
    }
}
