import LivePetSupport
import LivePetWorld

/// Why a password could not be hashed. Never carries the password itself.
public struct PasswordHashError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// `crypt_gensalt_rn` failed (bad cost, no OS randomness).
        case salt
        /// `crypt_rn` failed or returned a failure token.
        case hash
        /// The password contains NUL, which C would silently cut it at.
        case invalidPassword
    }

    public var code: Code
    /// `errno` from libxcrypt, 0 when not applicable.
    public var errno: Int32

    public init(_ code: Code, errno: Int32 = 0) {
        self.code = code
        self.errno = errno
    }

    public var description: String {
        switch code {
        case .salt: "password hashing failed: could not generate a salt (errno \(errno))"
        case .hash: "password hashing failed (errno \(errno))"
        case .invalidPassword: "password hashing refused: password contains NUL"
        }
    }
}
