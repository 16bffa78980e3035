import Foundation
import LivePetNet
import LivePetSupport
import LivePetTelnet

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

    /// The form of a pet name to check and store: `TextSanitizer.clean` (controls dropped,
    /// whitespace runs made one space) in NFC, so that `é` typed as one character or as `e`
    /// and an accent is the same name.
    public static func normalizedPetName(_ s: String) -> String {
        TextSanitizer.clean(s).precomposedStringWithCanonicalMapping
    }

    /// Checks a pet name after `normalizedPetName`, which is also the form to store, so stray
    /// control characters are dropped, not refused. Pet names may use any script, but:
    /// - no `[` or `]` (nor a look-alike such as `［`): tick lines and prompts frame the name
    ///   in brackets (`[Whiskers] age 2`, `[Whiskers's room, 5 treats] >`), and a name that
    ///   closed the bracket could make them start with anything (`[chat] admin: ...`);
    /// - nothing invisible (zero-width spaces and joiners, variation selectors, Hangul
    ///   fillers, other default-ignorable or format characters), and no accent to start with;
    /// - one script per name (`UnicodeScript.isSingleScript`), so `Fluffу` with a Cyrillic `у`
    ///   is refused while `Кот`, `ねこ` and `Rex 2` are fine.
    /// Uniqueness, also against look-alikes (`Confusables.skeleton`), is the directory's job.
    public static func validatePetName(_ s: String) -> String? {
        let name = normalizedPetName(s)
        guard !name.isEmpty else { return "Please give your pet a name." }
        let skeleton = Confusables.skeleton(name)
        guard !name.hasPrefix("#"), !skeleton.hasPrefix("#") else {
            return "Pet names may not start with '#', which is used for pet numbers."
        }
        // Two wide characters (`ねこ`, `김치`, `猫猫`) are as long a name as three narrow ones.
        guard name.count <= petNameLength.upperBound,
              name.count >= petNameLength.lowerBound || DisplayWidth.of(name) >= petNameLength.lowerBound + 1 else {
            return "Pet names must be \(petNameLength.lowerBound) to \(petNameLength.upperBound) characters long."
        }
        guard !name.unicodeScalars.contains(where: Confusables.isInvisible) else {
            return "Pet names may not contain invisible characters."
        }
        if let first = name.unicodeScalars.first, isMark(first) {
            return "Pet names may not start with an accent or other combining mark."
        }
        guard !skeleton.utf8.contains(where: { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") }) else {
            return "Pet names may not contain '[' or ']', which frame pet names in status lines."
        }
        guard UnicodeScript.isSingleScript(name) else {
            return "Pet names may not mix alphabets (such as Latin and Cyrillic letters); digits, spaces and punctuation go with any."
        }
        return nil
    }

    /// A stored pet name as it may be shown, for pets adopted before the rules above: the
    /// same name when it would pass them (nearly always), otherwise with brackets turned
    /// into parentheses, whitespace runs into one space, invisible characters and leading
    /// accents dropped, and `pet #<id>` when nothing visible is left. Lookups keep using the
    /// stored name; `visit #<id>` always works.
    public static func displayPetName(_ stored: String, id: Int64) -> String {
        var cleaned = TextSanitizer.clean(stored)
        let changed = cleaned != stored
        // Printable ASCII without brackets, the common case: a million names load at startup.
        if !changed, !cleaned.withUTF8({ $0.contains { $0 >= 0x80 || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") } }) {
            return stored
        }
        let scalars = cleaned.unicodeScalars
        if !changed, scalars.first.map(isMark) != true,
           !scalars.contains(where: { Confusables.bracket($0) != nil || Confusables.isInvisible($0) }) {
            return stored
        }
        var shown = String.UnicodeScalarView()
        for scalar in scalars {
            if Confusables.isInvisible(scalar) || (shown.isEmpty && isMark(scalar)) { continue }
            switch Confusables.bracket(scalar) {
            case "[": shown.append("(")
            case "]": shown.append(")")
            default: shown.append(scalar)
            }
        }
        let result = TextSanitizer.clean(String(shown))
        return result.isEmpty ? "pet #\(id)" : result
    }

    /// Cells a pet's name takes at most in the lines that frame it with the server's words
    /// (`shortPetName`).
    public static let petShortNameWidth = 24

    /// A shown pet name (`displayPetName`) as tick lines, prompts, `who`, `pets` and the
    /// room's news show it: at most `petShortNameWidth` cells, cut between characters and
    /// ended with "…" when it was longer (spaces before the "…" dropped). A name may be 100
    /// characters of up to 200 columns; whole, it would push these lines past 80 columns, and
    /// a terminal would start its next row with whatever the name says there. `look` and the
    /// adoption show the whole name, wrapped by the server. `Pet` keeps the result: it is not
    /// made per line.
    public static func shortPetName(_ shown: String) -> String {
        // A grapheme takes at most as many cells as it has bytes: a short name costs nothing.
        guard shown.utf8.count > petShortNameWidth else { return shown }
        let cut = DisplayWidth.truncate(shown, to: petShortNameWidth)
        guard cut != shown else { return shown }
        var kept = cut.dropLast() // the "…"
        while kept.last == " " { kept.removeLast() }
        return kept + "…"
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (0x30...0x39).contains(byte)
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
