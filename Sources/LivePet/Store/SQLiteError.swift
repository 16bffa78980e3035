import CSQLite
import LivePetSupport
import LivePetWorld

/// An error reported by SQLite. Its description names the result code and SQLite's
/// message, never the SQL text of the statement that failed.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The primary result code (`SQLITE_BUSY`, `SQLITE_NOTADB`, ...).
    public var code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_IOERR_WRITE`, ...).
    public var extendedCode: Int32
    /// SQLite's own message for the failure.
    public var message: String

    public init(code: Int32, extendedCode: Int32? = nil, message: String? = nil) {
        self.code = code & 0xFF
        self.extendedCode = extendedCode ?? code
        self.message = message ?? String(cString: sqlite3_errstr(code))
    }

    /// Reads the last error of a connection after a call returned `result`.
    init(result: Int32, connection: OpaquePointer?) {
        if let connection {
            self.init(
                code: result,
                extendedCode: sqlite3_extended_errcode(connection),
                message: String(cString: sqlite3_errmsg(connection))
            )
        } else {
            self.init(code: result)
        }
    }

    public var description: String {
        "SQLite error \(code) (\(String(cString: sqlite3_errstr(code))), extended \(extendedCode)): \(message)"
    }

    /// True for a violated UNIQUE or PRIMARY KEY constraint.
    var isUniqueViolation: Bool {
        extendedCode == SQLiteError.constraintUnique || extendedCode == SQLiteError.constraintPrimaryKey
    }

    var isForeignKeyViolation: Bool { extendedCode == SQLiteError.constraintForeignKey }

    static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)
    static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)
}
