import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// A session's state for the limits and the dialogues that protect players (see
/// `SafetyCommands`): the chat cooldown, the password change, and why it is closing.
struct SessionSafety: Sendable {
    enum PasswordStep: Sendable, Equatable {
        case current
        case new
        case repeatNew(String)
        /// `delete`: the password that confirms deleting the character.
        case confirmDelete
    }

    /// Set while `password` is asking its questions; lines go to the dialogue, not commands.
    var passwordStep: PasswordStep?
    /// Says, emotes, tells, chat, pet and play in the last `chatWindow`; nil when unlimited.
    var chat: SlidingWindow?
    /// Why the server is closing the connection ("idle", "kicked", "banned"); nil for the
    /// player's own quit or a dropped link.
    var closeReason: String?

    init(limits: AbuseLimits) {
        if limits.chatMessages > 0, limits.chatWindow > .zero {
            chat = SlidingWindow(limit: limits.chatMessages, window: UInt64(limits.chatWindow.nanoseconds))
        }
    }
}
