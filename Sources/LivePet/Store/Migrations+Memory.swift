import LivePetSupport
import LivePetWorld

/// Schema 3: what the world remembers of a player (issue 19): saved preferences, offline
/// messages, the per-pet event log behind the login summary, and the profile's columns.
///
/// Every new table's rows go with their account (or pet) through `ON DELETE CASCADE`
/// (`PRAGMA foreign_keys` is on for every connection): deleting an account row deletes its
/// preferences and the offline messages it sent or was sent; deleting a pet row deletes its
/// events.
extension Migrations {
    static let version3 = Step(version: 3) { db in
        try db.execute("""
            ALTER TABLE accounts ADD COLUMN last_seen INTEGER;
            ALTER TABLE accounts ADD COLUMN last_seen_tick INTEGER;
            ALTER TABLE accounts ADD COLUMN treats_given INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE account_prefs (
                account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (account_id, key)
            ) WITHOUT ROWID;
            CREATE TABLE offline_messages (
                id INTEGER PRIMARY KEY,
                recipient_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                sender_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
                sender_name TEXT NOT NULL,
                text TEXT NOT NULL,
                sent_at INTEGER NOT NULL
            );
            CREATE INDEX offline_messages_recipient ON offline_messages(recipient_id, sender_id);
            CREATE INDEX offline_messages_sender ON offline_messages(sender_id);
            CREATE TABLE pet_events (
                id INTEGER PRIMARY KEY,
                pet_id INTEGER NOT NULL REFERENCES pets(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                actor TEXT NOT NULL,
                count INTEGER NOT NULL,
                tick INTEGER NOT NULL
            );
            CREATE INDEX pet_events_pet ON pet_events(pet_id, id);
            """)
    }
}
