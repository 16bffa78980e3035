import LivePetSupport
import LivePetWorld

extension SQLiteStore: ProfileStore {
    public func preferences(accountID: Int64) throws -> [String: String] {
        try withDatabase("read preferences") { db in
            try db.withStatement("SELECT key, value FROM account_prefs WHERE account_id = ?") { statement in
                try statement.bind(accountID, at: 1)
                var prefs: [String: String] = [:]
                while try statement.step() { prefs[statement.string(at: 0)] = statement.string(at: 1) }
                return prefs
            }
        }
    }

    public func setPreference(accountID: Int64, key: String, value: String) throws {
        try withDatabase("save a preference", synchronous: .full) { db in
            let statement = try db.cachedStatement("""
                INSERT INTO account_prefs (account_id, key, value) VALUES (?, ?, ?)
                ON CONFLICT (account_id, key) DO UPDATE SET value = excluded.value
                """)
            try statement.bind(accountID, key, value)
            try statement.run()
        }
    }

    public func leaveMessage(_ message: OfflineMessage, limits: OfflineMessage.Limits) throws -> OfflineMessage.Outcome {
        try withDatabase("save an offline message", synchronous: .full) { db in
            // One write transaction: two senders racing for the last place see each other.
            try db.transaction(.immediate) {
                let expire = try db.cachedStatement("DELETE FROM offline_messages WHERE sent_at < ? AND (recipient_id = ? OR sender_id = ?)")
                try expire.bind(message.sentAt - limits.maxAge, message.recipientID, message.senderID)
                try expire.run()
                func count(_ sql: String, _ values: Int64...) throws -> Int {
                    try db.withStatement(sql) { statement in
                        for (index, value) in values.enumerated() { try statement.bind(value, at: Int32(index + 1)) }
                        _ = try statement.step()
                        return statement.int(at: 0)
                    }
                }
                if try count("SELECT count(*) FROM offline_messages WHERE recipient_id = ?", message.recipientID) >= limits.perRecipient {
                    return .recipientFull
                }
                if try count("SELECT count(*) FROM offline_messages WHERE recipient_id = ? AND sender_id = ?",
                             message.recipientID, message.senderID) >= limits.perSenderPerRecipient
                    || count("SELECT count(*) FROM offline_messages WHERE sender_id = ?", message.senderID) >= limits.perSender {
                    return .senderLimit
                }
                let insert = try db.cachedStatement("""
                    INSERT INTO offline_messages (recipient_id, sender_id, sender_name, text, sent_at) VALUES (?, ?, ?, ?, ?)
                    """)
                try insert.bind(message.recipientID, message.senderID, message.senderName,
                                OfflineMessage.bounded(message.text, limit: limits.maxTextBytes), message.sentAt)
                try insert.run()
                return .saved
            }
        }
    }

    public func takeMessages(recipientID: Int64, notBefore: Int64) throws -> [OfflineMessage] {
        try withDatabase("deliver offline messages", synchronous: .full) { db in
            try db.transaction(.immediate) {
                let messages = try db.withStatement("""
                    SELECT sender_id, sender_name, text, sent_at FROM offline_messages
                    WHERE recipient_id = ? AND sent_at >= ? ORDER BY id
                    """) { statement in
                    try statement.bind(recipientID, at: 1)
                    try statement.bind(notBefore, at: 2)
                    var messages: [OfflineMessage] = []
                    while try statement.step() {
                        messages.append(OfflineMessage(recipientID: recipientID, senderID: statement.int64(at: 0),
                                                       senderName: statement.string(at: 1), text: statement.string(at: 2),
                                                       sentAt: statement.int64(at: 3)))
                    }
                    return messages
                }
                let delete = try db.cachedStatement("DELETE FROM offline_messages WHERE recipient_id = ?")
                try delete.bind(recipientID, at: 1)
                try delete.run()
                return messages
            }
        }
    }

    public func petEvents(petIDs: [Int64], afterTick: Int64) throws -> [PetEvent] {
        try withDatabase("read pet events") { db in
            var events: [PetEvent] = []
            for petID in petIDs {
                try db.withStatement("SELECT kind, actor, count, tick FROM pet_events WHERE pet_id = ? AND tick > ? ORDER BY id") { statement in
                    try statement.bind(petID, at: 1)
                    try statement.bind(afterTick, at: 2)
                    while try statement.step() {
                        guard let kind = PetEvent.Kind(rawValue: statement.string(at: 0)) else { continue }
                        events.append(PetEvent(petID: petID, kind: kind, actor: statement.string(at: 1),
                                               count: statement.int(at: 2), tick: statement.int64(at: 3)))
                    }
                }
            }
            return events
        }
    }

    public func setLastSeen(accountID: Int64, unixTime: Int64, tick: Int64) throws {
        try withDatabase("record last seen") { db in
            let statement = try db.cachedStatement("UPDATE accounts SET last_seen = ?, last_seen_tick = ? WHERE id = ?")
            try statement.bind(unixTime, tick, accountID)
            try statement.run()
        }
    }

    /// The checkpoint's part for the login summaries and profiles, inside its transaction:
    /// events appended (only for pets that still exist) and each pet's log cut to its newest
    /// `maxEventsPerPet` rows; treats given added to their accounts.
    static let maxEventsPerPet = 50

    func writeMemory(_ checkpoint: Checkpoint, _ db: Database) throws {
        guard !checkpoint.events.isEmpty || !checkpoint.treatsGiven.isEmpty else { return }
        let insert = try db.cachedStatement("""
            INSERT INTO pet_events (pet_id, kind, actor, count, tick)
            SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM pets WHERE id = ?)
            """)
        var touched = Set<Int64>()
        for event in checkpoint.events.sorted(by: { ($0.petID, $0.tick) < ($1.petID, $1.tick) }) {
            try insert.bind(event.petID, event.kind.rawValue, event.actor, Int64(event.count), event.tick, event.petID)
            try insert.run()
            touched.insert(event.petID)
        }
        let trim = try db.cachedStatement("""
            DELETE FROM pet_events WHERE pet_id = ? AND id NOT IN
                (SELECT id FROM pet_events WHERE pet_id = ? ORDER BY id DESC LIMIT ?)
            """)
        for petID in touched.sorted() {
            try trim.bind(petID, petID, Int64(Self.maxEventsPerPet))
            try trim.run()
        }
        let given = try db.cachedStatement("UPDATE accounts SET treats_given = treats_given + ? WHERE id = ?")
        for (accountID, count) in checkpoint.treatsGiven {
            try given.bind(Int64(count), accountID)
            try given.run()
        }
    }
}
