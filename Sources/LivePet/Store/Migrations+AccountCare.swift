import LivePetSupport
import LivePetWorld

/// Schema 4: one-time passwords set by an admin's `resetpassword` (the time they expire;
/// NULL for a password the player chose).
extension Migrations {
    static let version4 = Step(version: 4) { db in
        try db.execute("ALTER TABLE accounts ADD COLUMN password_reset_expires INTEGER;")
    }
}
