import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Preferences a player chose explicitly (`color`, `screenreader`, `ticks`, `channel`,
/// `charset`), saved per account and put back at login, where they override what the client
/// announced. What was only detected (TTYPE, MTTS, CHARSET) is never saved. Guests' choices
/// last until they leave.
///
/// Values are stored as the strings the commands take ("on", "off", "utf-8", ...), so a
/// value this build does not know (a newer `ticks` mode, a hand-edited row) is skipped at
/// login and the default stays.
enum SavedPreferences {
    enum Key: String, CaseIterable {
        case color, screenreader, ticks, channel, charset
    }

    /// Saves a choice for the next login; guests save nothing. A failure is told, not fatal.
    static func save(_ session: isolated Session, _ key: Key, _ value: String) async {
        guard let accountID = session.player?.accountID else { return }
        do {
            try await session.services.profiles.setPreference(accountID: accountID, key: key.rawValue, value: value)
        } catch {
            Logger.shared.error("preference_save_failed", ["key": key.rawValue, "error": "\(error)"])
            session.answer("(That could not be saved for your next login; it holds until you leave.)\n")
        }
    }

    /// What a login puts back: read before the character enters the world.
    struct Restored: Sendable {
        var values: [Key: String] = [:]

        /// The saved channel choice: nil when none (the default, on).
        var channelOn: Bool? { values[.channel].flatMap(Self.onOff) }

        static func onOff(_ value: String) -> Bool? {
            switch value {
            case "on": true
            case "off": false
            default: nil
            }
        }
    }

    static func load(_ session: isolated Session, accountID: Int64) async -> Restored {
        let stored: [String: String]
        do {
            stored = try await session.services.profiles.preferences(accountID: accountID)
        } catch {
            Logger.shared.error("preference_load_failed", ["account": "\(accountID)", "error": "\(error)"])
            return Restored()
        }
        var restored = Restored()
        for (name, value) in stored {
            if let key = Key(rawValue: name) { restored.values[key] = value }
        }
        return restored
    }

    /// Applies what was saved; each is an explicit choice, so detection no longer changes it.
    static func apply(_ session: isolated Session, _ restored: Restored) {
        if let on = restored.values[.color].flatMap(Restored.onOff) {
            session.colourChosen = true
            session.prefs.setColour(on)
        }
        if let on = restored.values[.screenreader].flatMap(Restored.onOff) {
            session.screenReaderChosen = true
            session.prefs.setScreenReader(on)
        }
        if let mode = restored.values[.ticks].flatMap(TickMode.init(parsing:)) {
            session.prefs.setTickMode(mode)
        }
        if let name = restored.values[.charset], ["utf-8", "ascii"].contains(name), let charset = TelnetCharset(name: name) {
            session.charsetChosen = true
            session.connection.setCharset(charset)
        }
    }
}
