import LivePetSupport
import LivePetWorld

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a sidecar file (`<database>.lock`), held while open.
///
/// SQLite's own locks only last for a transaction; this one keeps a second server from
/// using the same database at all. `flock` locks belong to the open file description,
/// so two opens in one process conflict just as two processes do.
/// The lock file is left in place on release: deleting it would let a process that
/// opened the old file and one that creates a new one both "hold" the lock.
final class FileLock {
    let path: String
    private var descriptor: Int32

    /// Takes the lock or throws `StoreError` `.locked` (held elsewhere) or `.io`.
    init(path: String, databasePath: String) throws {
        self.path = path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw StoreError(.io, "cannot open the database at \(databasePath): \(FileLock.describe(code)) (is its folder there and writable?)")
        }
        var result: Int32
        repeat {
            result = flock(descriptor, LOCK_EX | LOCK_NB)
        } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK || code == EAGAIN {
                throw StoreError(.locked, "the database at \(databasePath) is in use by another LivePet server (lock file \(path))")
            }
            throw StoreError(.io, "cannot lock the database at \(databasePath): \(FileLock.describe(code))")
        }
        self.descriptor = descriptor
    }

    deinit {
        unlock()
    }

    /// Releases the lock. Safe to call twice.
    func unlock() {
        guard descriptor >= 0 else { return }
        close(descriptor)  // closing the only descriptor releases the flock
        descriptor = -1
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
