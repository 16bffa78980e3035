import LivePetNet
import LivePetSupport
import LivePetTelnet

/// The prompt of a player in a place: where they are, the pet's hearts in a pet's room, and
/// their treats. Made in one place for the session (after each command) and for a pet
/// (when its hearts change, `Pet`), which must agree on the text for a key.
package enum RoomPrompt {
    /// `SessionPrefs.roomHearts` when the player is not in a pet's room.
    package static let noPet = -1
    /// `SessionPrefs.roomHearts` for a pet that has died.
    package static let atPeace = -2

    /// Equal keys, equal text: the place (`scope`), the treats, the hearts and the wording.
    package static func key(scope: UInt, treats: Int, hearts: Int, screenReader: Bool) -> PromptKey {
        PromptKey(scope: scope, value: (treats + 1) << 8 | (hearts + 2) << 1 | (screenReader ? 1 : 0))
    }

    /// `[Lobby, 4 treats] > `, `[Whiskers ♥♥♥♡♡, 4 treats] > ` (hearts in words for screen
    /// readers); without the treats for guests (`treats` < 0). `title` is the place's
    /// (`Place.title`) outside a pet's room, the pet's short name in one.
    package static func text(title: String, hearts: Int, treats: Int, screenReader: Bool) -> String {
        var inside = title
        switch hearts {
        case atPeace: inside += screenReader ? ", at peace" : " (at peace)"
        case 0...5: inside += screenReader ? ", \(PetState.heartsText(hearts, plain: true))" : " \(PetState.heartsText(hearts))"
        default: break
        }
        if treats >= 0 { inside += ", \(treats) treat\(treats == 1 ? "" : "s")" }
        return "[\(inside)] > "
    }
}
