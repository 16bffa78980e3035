import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Link-dead characters, and what admins need: every entry, removal.
extension Presence {
    /// Marks the character link-dead if `sessionID` still owns it; false after a takeover.
    func markLinkDead(name: String, sessionID: UInt64, at now: UInt64) -> Bool {
        let key = NameKey.make(name)
        guard online[key]?.sessionID == sessionID else { return false }
        online[key]?.linkDead = true
        online[key]?.linkDeadSince = now
        return true
    }

    /// Removes and returns the characters link-dead for `grace` or longer.
    package func expireLinkDead(grace: Duration, now: UInt64) -> [Entry] {
        let expired = online.values.filter { entry in
            guard entry.linkDead, let since = entry.linkDeadSince else { return false }
            return now > since && now - since >= UInt64(grace.nanoseconds)
        }
        for entry in expired { online[NameKey.make(entry.name)] = nil }
        return expired
    }

    /// Removes a character (kick, ban) and returns its entry.
    func remove(name: String) -> Entry? {
        let entry = online.removeValue(forKey: NameKey.make(name))
        entry?.prefs.displaced.store(true, ordering: .relaxed)
        return entry
    }

    /// Removes the character unless `sessionID` is the one playing it.
    func remove(name: String, unlessSession sessionID: UInt64) -> Entry? {
        guard let entry = online[NameKey.make(name)], entry.sessionID != sessionID else { return nil }
        return remove(name: name)
    }

    /// Every entry, by name.
    package func entries() -> [Entry] {
        online.values.sorted { NameKey.make($0.name) < NameKey.make($1.name) }
    }
}
