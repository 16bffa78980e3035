/// Rules for what players may call their accounts, passwords and pets.
///
/// Each validator returns nil when the value is acceptable, or a short polite reason the
/// session can print as is. Account names are plain ASCII so that they are easy to type on
/// any client, cannot be spoofed with look-alike letters, and compare case-insensitively
/// without Unicode case folding. Pet names are freer: they are shown, not typed to log in.
public enum NameRules {
    /// Words no account may take whatever the command table says, compared lowercased.
    public static let builtinReserved: Set<String> = [
        "guest", "admin", "lobby", "new", "connect", "create", "quit", "who",
        "system", "server", "livepet",
    ]

    public static let accountNameLength = 3...16
    public static let passwordMinCharacters = 8
    public static let passwordMaxBytes = 128
    public static let petNameLength = 3...100

    /// Checks an account name. `reserved` is typically every command name and alias; it is
    /// compared case-insensitively and combined with `builtinReserved`.
    public static func validateAccountName(_ s: String, reserved: Set<String>) -> String? {
        guard !s.isEmpty else { return "Please choose a name." }
        guard s.utf8.allSatisfy(isASCIILetterOrDigit) else {
            return "Names may use only the letters A-Z and the digits 0-9, with no spaces."
        }
        guard let first = s.utf8.first, isASCIILetter(first) else {
            return "Names must start with a letter."
        }
        guard accountNameLength.contains(s.utf8.count) else {
            return "Names must be \(accountNameLength.lowerBound) to \(accountNameLength.upperBound) characters long."
        }
        let lower = s.lowercased()
        // Guests are named Guest-NNNN; refusing the whole prefix keeps "Guest1234" from posing as one.
        guard !lower.hasPrefix("guest") else { return "Names starting with \"guest\" are kept for guests." }
        if builtinReserved.contains(lower) || reserved.contains(where: { $0.lowercased() == lower }) {
            return "That name is reserved. Please choose another."
        }
        return nil
    }

    /// Checks a new password: long enough to resist guessing, short enough to bound hashing
    /// work, and free of control characters (which clients and terminals mangle, and which
    /// include NUL, which C's crypt would treat as the end).
    public static func validatePassword(_ s: String) -> String? {
        guard s.count >= passwordMinCharacters else {
            return "Passwords must be at least \(passwordMinCharacters) characters long."
        }
        guard s.utf8.count <= passwordMaxBytes else {
            return "Passwords may be at most \(passwordMaxBytes) bytes long."
        }
        guard !s.unicodeScalars.contains(where: isControl) else {
            return "Passwords may not contain control characters."
        }
        return nil
    }

    /// Checks a pet name after `TextSanitizer.clean`, which is also the form to store: callers
    /// save `TextSanitizer.clean(s)`, so stray control characters are dropped, not refused.
    public static func validatePetName(_ s: String) -> String? {
        let name = TextSanitizer.clean(s)
        guard !name.isEmpty else { return "Please give your pet a name." }
        guard !name.hasPrefix("#") else {
            return "Pet names may not start with '#', which is used for pet numbers."
        }
        guard petNameLength.contains(name.count) else {
            return "Pet names must be \(petNameLength.lowerBound) to \(petNameLength.upperBound) characters long."
        }
        return nil
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (0x30...0x39).contains(byte)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
