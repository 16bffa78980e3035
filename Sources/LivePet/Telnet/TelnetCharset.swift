import LivePetSupport

/// What a client's screen can show, and so how its bytes are read.
///
/// Learned per connection (the session decides, see `ClientCommands.charsetLearned`): the MTTS
/// bit 4 (UTF-8) in the terminal-type cycle, the client's answer to our telnet CHARSET request
/// (RFC 2066), or `charset utf-8|ascii`. Clients that never say (GNU telnet, nc) stay UTF-8.
public enum TelnetCharset: UInt8, Sendable, Equatable {
    /// UTF-8 both ways: the default.
    case utf8 = 0
    /// 7-bit ASCII out (`ASCIIText.fold`: hearts as `<3`, art and boxes in ASCII, other text
    /// transliterated or `?`), and input read as Latin-1 (ISO 8859-1), which maps every byte.
    case ascii = 1

    /// The name the `charset` command shows and takes.
    public var name: String {
        switch self {
        case .utf8: "utf-8"
        case .ascii: "ascii"
        }
    }

    /// A charset name as clients write it (CHARSET answers, the `charset` command), any case:
    /// UTF-8 or one of the names of ASCII and Latin-1; nil for anything else.
    public init?(name: String) {
        switch name.trimmingCharacters(in: .whitespaces).uppercased() {
        case "UTF-8", "UTF8": self = .utf8
        case "ASCII", "US-ASCII", "ANSI_X3.4-1968", "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "LATIN-1",
             "ISO-1", "CP1252", "WINDOWS-1252":
            self = .ascii
        default: return nil
        }
    }
}
