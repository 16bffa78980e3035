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
            let wordEnd = line.firstIndex(where: \.isWhitespace) ?? line.endIndex
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
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }
}
