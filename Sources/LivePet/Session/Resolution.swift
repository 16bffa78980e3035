import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What a typed command word means, given a `CommandTable`.
public enum Resolution: Equatable, Sendable {
    /// The canonical name of the one command meant.
    case command(String)
    /// The word is a prefix of several commands; canonical names, sorted.
    case ambiguous([String])
    /// Nothing matches; `suggestion` is a close canonical name to offer, if any.
    case unknown(suggestion: String?)
}
