import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Splits input lines into a command word and arguments.
///
/// A value type with one piece of state, the last line, so that `!` can repeat it. It does not
/// resolve words (that is `CommandTable`'s job) so it needs no knowledge of the command set.
public struct CommandParser: Sendable {
    /// The last line parsed other than `!` itself, already split.
    public private(set) var lastLine: ParsedLine?

    public init() {}

    /// Parses one line; nil for a blank line (which is not remembered for `!`).
    ///
    /// - `'text`, `"text` → `say text`; `:text` → `emote text` (a space after the mark is fine).
    /// - `!` alone → the last non-`!` line again. With nothing to repeat it returns
    ///   `ParsedLine(command: "!", args: "")`; the caller answers "Nothing to repeat.".
    /// - Otherwise the word ends at the first run of whitespace; the rest is the arguments.
    public mutating func parse(_ line: String) -> ParsedLine? {
        let line = line.trimmingWhitespace()
        guard let first = line.first else { return nil }
        if line == "!" {
            return lastLine ?? ParsedLine(command: "!", args: "")
        }
        let parsed: ParsedLine
        switch first {
        case "'", "\"":
            parsed = ParsedLine(command: "say", args: line.dropFirst().trimmingWhitespace())
        case ":":
            parsed = ParsedLine(command: "emote", args: line.dropFirst().trimmingWhitespace())
        default:
            let wordEnd = line.firstWhitespaceIndex()
            parsed = ParsedLine(
                command: String(line[..<wordEnd]),
                args: line[wordEnd...].trimmingWhitespace()
            )
        }
        lastLine = parsed
        return parsed
    }
}

private extension StringProtocol {
    /// Whitespace trimmed at both ends, without Foundation.
    ///
    /// Every line passes here, twice (the line, then its arguments): ASCII text is trimmed
    /// on bytes, without the grapheme breaking and Unicode property lookups of `Character`
    /// (in ASCII every byte is a character of its own, but CR LF, which is whitespace anyway).
    func trimmingWhitespace() -> String {
        var whole = String(self)
        let ascii: Range<Int>? = whole.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var start = 0
            var end = bytes.count
            while start < end, Self.isASCIIWhitespace(bytes[start]) { start += 1 }
            while end > start, Self.isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
            return start..<end
        }
        if let ascii {
            if ascii.count == whole.utf8.count { return whole }
            return whole.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[ascii]), as: UTF8.self) }
        }
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }

    /// Where the first word ends: the first whitespace, or the end. Bytes are enough while
    /// they are ASCII; the first non-ASCII byte hands over to `Character`.
    func firstWhitespaceIndex() -> Index {
        for index in utf8.indices {
            let byte = utf8[index]
            if byte >= 0x80 { return self[index...].firstIndex(where: \.isWhitespace) ?? endIndex }
            if Self.isASCIIWhitespace(byte) { return index }
        }
        return endIndex
    }

    /// What `Character.isWhitespace` says of an ASCII character: space, and TAB to CR.
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
