import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// An input line split into its command word and the rest.
public struct ParsedLine: Equatable, Sendable {
    /// The command word as typed (resolve it with `CommandTable`); "say" or "emote" for the
    /// `'`, `"` and `:` shortcuts; "!" when `!` had nothing to repeat.
    public var command: String
    /// Everything after the word, with leading and trailing whitespace trimmed; inner
    /// spacing is kept as typed.
    public var args: String

    public init(command: String, args: String) {
        self.command = command
        self.args = args
    }
}
