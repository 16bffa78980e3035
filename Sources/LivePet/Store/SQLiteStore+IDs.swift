import LivePetSupport
import LivePetWorld

/// Pet and account ids are never handed out twice, not even after a restart.
///
/// The tables use `id INTEGER PRIMARY KEY` without AUTOINCREMENT, so SQLite would give a new
/// row the largest id again once that row is deleted; the world still knows the old id (a
/// closed room, talk, events waiting for a checkpoint) and would take the new pet or account
/// for the deleted one. Rebuilding the tables with AUTOINCREMENT would rewrite a million pets
/// at startup; instead, deleting rows first raises a high-water mark in the `world` table in
/// the same transaction, and inserts give an explicit id above both it and `max(id)` (one
/// B-tree descent each, no new schema version).
extension SQLiteStore {
    enum IDSeries: String {
        case pets
        case accounts

        /// The `world` key of the largest id this table has ever held when rows were deleted.
        var highWaterKey: String {
            switch self {
            case .pets: "pet_id_high_water"
            case .accounts: "account_id_high_water"
            }
        }

        /// An SQL expression for the next id: above every id the table holds or once held.
        var nextID: String {
            """
            (max(coalesce((SELECT max(id) FROM \(rawValue)), 0),
                 coalesce((SELECT value FROM world WHERE key = '\(highWaterKey)'), 0)) + 1)
            """
        }
    }

    /// Remembers the largest id `series` holds now, before rows of it are deleted in the same
    /// transaction; the mark never goes down.
    static func raiseHighWater(_ series: IDSeries, _ db: Database) throws {
        try db.execute("""
            INSERT INTO world (key, value)
            SELECT '\(series.highWaterKey)', coalesce(max(id), 0) FROM \(series.rawValue) WHERE true
            ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value);
            """)
    }

    /// The id the next insert into `series` gets (seeding numbers its rows from it).
    static func nextID(_ series: IDSeries, _ db: Database) throws -> Int64 {
        try db.withStatement("SELECT \(series.nextID)") { statement in
            _ = try statement.step()
            return statement.int64(at: 0)
        }
    }
}
