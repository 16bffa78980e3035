import CSQLite
import LivePetSupport
import LivePetWorld

extension StoreError {
    /// Turns an SQLite failure into a message for operators: what failed and why,
    /// never SQL text.
    init(_ error: SQLiteError, path: String, action: String) {
        let reason = "\(error.message) (SQLite \(error.code)/\(error.extendedCode))"
        switch error.code {
        case SQLITE_NOTADB:
            self.init(.corrupt, "\(path) is not a LivePet database (it is not an SQLite file); use another file")
        case SQLITE_CORRUPT:
            self.init(.corrupt, "the database at \(path) is damaged; cannot \(action): \(reason)")
        case SQLITE_BUSY, SQLITE_LOCKED:
            self.init(.locked, "the database at \(path) is locked by another program; cannot \(action): \(reason)")
        case SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL, SQLITE_READONLY, SQLITE_PERM, SQLITE_NOLFS:
            self.init(.io, "cannot \(action) at \(path): \(reason)")
        default:
            self.init(.other, "cannot \(action) at \(path): \(reason)")
        }
    }
}
