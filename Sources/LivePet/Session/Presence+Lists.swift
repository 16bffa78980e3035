import LivePetNet
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What `GMCPLists` reads from presence: who gets the lists, and `Players.Online`'s rows.
extension Presence {
    /// One playing connection with GMCP on.
    struct ListRecipient: Sendable {
        var sessionID: UInt64
        var name: String
        var accountID: Int64?
        var connection: Connection
        var prefs: SessionPrefs
    }

    /// One row of `Players.Online`.
    struct OnlineRow: Sendable, Equatable {
        var name: String
        var key: String
        var place: String
        var afk: Bool

        var json: String {
            "{\"name\":\(GMCP.string(name)),\"where\":\(GMCP.string(place))\(afk ? ",\"afk\":true" : "")}"
        }
    }

    /// Everyone playing with GMCP on (a link-dead character's connection is gone).
    func listRecipients() -> [ListRecipient] {
        var recipients: [ListRecipient] = []
        for entry in online.values where !entry.linkDead && entry.prefs.gmcp.load(ordering: .relaxed) {
            recipients.append(ListRecipient(sessionID: entry.sessionID, name: entry.name, accountID: entry.accountID,
                                            connection: entry.connection, prefs: entry.prefs))
        }
        return recipients
    }

    /// `Players.Online`'s rows, by name, at most `limit`; nil when nothing changed since the
    /// last call (`onlineChanged`).
    func onlineRowsIfChanged(limit: Int) -> [OnlineRow]? {
        guard onlineChanged else { return nil }
        onlineChanged = false
        // Sorting every name would be a million comparisons for ten thousand players on each
        // tick: keep the first `limit` by key instead (a bounded insertion).
        var rows: [OnlineRow] = []
        rows.reserveCapacity(min(limit, online.count))
        for (key, entry) in online {
            if rows.count == limit, let last = rows.last, last.key <= key { continue }
            let row = OnlineRow(name: entry.name, key: key, place: entry.place.title, afk: entry.afkMessage != nil)
            let position = rows.firstIndex { $0.key > key } ?? rows.count
            rows.insert(row, at: position)
            if rows.count > limit { rows.removeLast() }
        }
        return rows
    }
}
