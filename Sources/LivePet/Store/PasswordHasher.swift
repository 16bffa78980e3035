import CCrypt
import Glibc
import LivePetSupport
import LivePetWorld

/// Hashes and checks passwords with yescrypt (libxcrypt's `$y$`), the Debian default.
///
/// The C calls block for tens of milliseconds, so they run on `CryptQueue`, never on the
/// cooperative pool. Passwords are never logged and never appear in errors.
public struct PasswordHasher: Sendable {
    /// yescrypt cost, 1...11; each step doubles time and memory. 5 is libxcrypt's default.
    public let cost: Int

    public init(cost: Int = 5) {
        self.cost = cost
    }

    /// A new salted hash, e.g. "$y$j9T$<salt>$<hash>", to store in place of the password.
    public func hash(_ password: String) async throws -> String {
        guard !password.utf8.contains(0) else { throw PasswordHashError(.invalidPassword) }
        let cost = cost
        return try await CryptQueue.run { () -> Result<String, PasswordHashError> in
            Result { try Self.hashBlocking(password, cost: cost) }
                .mapError { $0 as? PasswordHashError ?? PasswordHashError(.hash) }
        }.get()
    }

    /// Whether `password` matches a stored hash. A malformed, empty or non-yescrypt stored
    /// hash is simply a mismatch: a corrupt record must not crash the server or let anyone in.
    public func verify(_ password: String, against hash: String) async -> Bool {
        guard hash.hasPrefix("$y$"), !password.utf8.contains(0), !hash.utf8.contains(0) else {
            return false
        }
        return await CryptQueue.run {
            guard let recomputed = Self.crypt(password, setting: hash) else { return false }
            return Self.constantTimeEqual(Array(recomputed.utf8), Array(hash.utf8))
        }
    }

    private static func hashBlocking(_ password: String, cost: Int) throws -> String {
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        // nil random bytes: libxcrypt reads the OS's CSPRNG itself.
        guard crypt_gensalt_rn("$y$", UInt(cost), nil, 0, &setting, Int32(setting.count)) != nil else {
            throw PasswordHashError(.salt, errno: errno)
        }
        let settingString = String(decoding: setting.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
        guard let hashed = crypt(password, setting: settingString) else {
            throw PasswordHashError(.hash, errno: errno)
        }
        return hashed
    }

    /// `crypt_rn` with a zeroed heap `crypt_data` (32 KiB: too big for a thread's stack habits),
    /// wiped again afterwards because its scratch area held password-derived state.
    /// Returns nil on failure, including libxcrypt's "*0"/"*1" failure tokens.
    private static func crypt(_ password: String, setting: String) -> String? {
        let size = MemoryLayout<crypt_data>.size
        let data = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<crypt_data>.alignment)
        data.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        defer {
            memset(data, 0, size)
            data.deallocate()
        }
        guard let output = crypt_rn(password, setting, data, Int32(size)) else { return nil }
        let result = String(cString: output)
        guard !result.hasPrefix("*") else { return nil }
        return result
    }

    /// Compares every byte whatever the first difference, so timing reveals nothing about how
    /// much of a hash matched; a length mismatch is folded into the same accumulator.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt(bitPattern: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= UInt(x ^ y)
        }
        return difference == 0
    }
}
