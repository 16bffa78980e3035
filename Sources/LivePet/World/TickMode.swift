import Foundation

/// What a player sees of the pets in their room: `ticks all|changes|off`.
///
/// One value with one string form and one parser, so the setting can be shown, typed and
/// saved (a preference per account) the same way everywhere.
public enum TickMode: UInt8, Sendable, CaseIterable {
    /// A status line every tick (the old behaviour; `ticks on` is an alias).
    case all
    /// A status line only when something a person notices changes (hearts, mood, an age
    /// milestone, death), and the pets' reactions. The default.
    case changes
    /// No status lines and no reactions (GMCP `Pet.Status` still comes every tick).
    case off

    public static let `default` = TickMode.changes

    /// `all`, `changes` or `off`: what `ticks` shows and what a preference stores.
    public var name: String {
        switch self {
        case .all: "all"
        case .changes: "changes"
        case .off: "off"
        }
    }

    /// Parses a typed or stored setting, case-insensitively; `on` is an alias of `all`.
    public init?(parsing text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "all", "on": self = .all
        case "changes", "change": self = .changes
        case "off": self = .off
        default: return nil
        }
    }

    /// Whether the pets' reactions reach this player.
    public var showsReactions: Bool { self != .off }
}
