import LivePetSupport
import LivePetWorld

extension SQLiteStore {
    /// The species seeded pets cycle through, as `Species.rawValue`s.
    static let seedSpecies = ["cat", "crab", "dog", "fish", "fox", "phoenix", "rabbit", "sea_turtle", "totoro"]

    /// Fills the database with a large test world in one transaction: `users` accounts
    /// named `user<id>` sharing `passwordHash` (so seeding does not hash thousands of
    /// times), and `pets` pets named `Pet-<id, 7 digits>` owned round-robin by them,
    /// species cycling, born uniformly over `0...tick` (so, for a large tick, some are
    /// old or dead), hunger 250 as of `tick`. Sets the world tick to `tick`.
    ///
    /// Ids continue after existing (and deleted) rows; a name clash throws `.nameTaken` and nothing is
    /// written. `progress(done, total)` runs on the store thread every 100,000 rows.
    public func seed(
        pets petCount: Int,
        users userCount: Int,
        tick: Int64,
        passwordHash: String,
        createdAt: Int64,
        progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil
    ) throws {
        guard petCount >= 0, userCount >= 0, tick >= 0 else {
            throw StoreError(.other, "seed needs non-negative counts and tick")
        }
        guard petCount == 0 || userCount > 0 else {
            throw StoreError(.other, "seed needs at least one user to own the pets")
        }
        try withDatabase("seed the world", synchronous: .full) { db in
            try db.transaction(.immediate) {
                let total = userCount + petCount
                var done = 0
                func advance() {
                    done += 1
                    if done % 100_000 == 0 || done == total { progress?(done, total) }
                }

                let firstUser = try Self.nextID(.accounts, db)
                let insertUser = try db.cachedStatement("""
                    INSERT INTO accounts (id, name, name_key, password_hash, is_admin, created_at)
                    VALUES (?, ?, ?, ?, 0, ?)
                    """)
                try insertUser.bind(passwordHash, at: 4)
                try insertUser.bind(createdAt, at: 5)
                for id in firstUser..<(firstUser + Int64(userCount)) {
                    let name = "user\(id)"
                    try insertUser.bind(id, at: 1)
                    try insertUser.bind(name, at: 2)
                    try insertUser.bind(name, at: 3)  // already lowercase
                    try Self.runInsert(insertUser, kind: "account")
                    advance()
                }

                let firstPet = try Self.nextID(.pets, db)
                let insertPet = try db.cachedStatement("""
                    INSERT INTO pets (id, name, name_key, species, owner_id, born_tick, hunger, hunger_tick)
                    VALUES (?, ?, ?, ?, ?, ?, 250, ?)
                    """)
                try insertPet.bind(tick, at: 7)
                var random = SplitMix64(seed: UInt64(bitPattern: firstPet))
                let species = Self.seedSpecies
                for index in 0..<petCount {
                    let id = firstPet + Int64(index)
                    let digits = String(id)
                    let padded = String(repeating: "0", count: max(0, 7 - digits.count)) + digits
                    try insertPet.bind(id, at: 1)
                    try insertPet.bind("Pet-" + padded, at: 2)
                    try insertPet.bind("pet-" + padded, at: 3)
                    try insertPet.bind(species[index % species.count], at: 4)
                    try insertPet.bind(firstUser + Int64(index % userCount), at: 5)
                    try insertPet.bind(Int64(random.next() % UInt64(tick + 1)), at: 6)
                    try Self.runInsert(insertPet, kind: "pet")
                    advance()
                }

                let setTick = try db.cachedStatement("""
                    INSERT INTO world (key, value) VALUES ('tick', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """)
                try setTick.bind(tick, at: 1)
                try setTick.run()
            }
        }
    }

    private static func runInsert(_ statement: Statement, kind: String) throws {
        do {
            try statement.run()
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw StoreError(.nameTaken, "seeding clashes with an existing \(kind) name; nothing was written")
        }
    }
}
