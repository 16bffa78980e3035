import LivePetSupport
import LivePetWorld

extension SQLiteStore: WorldStore {
    public func loadWorld() throws -> WorldSnapshot {
        try withDatabase("load the world") { db in
            // One read transaction, so the tick, pets and owners are from one checkpoint.
            try db.transaction(.deferred) {
                let tick = try db.withStatement("SELECT value FROM world WHERE key = 'tick'") { statement in
                    try statement.step() ? statement.int64(at: 0) : 0
                }
                let count = try db.withStatement("SELECT count(*) FROM pets") { statement in
                    _ = try statement.step()
                    return statement.int(at: 0)
                }
                var pets: [PetRecord] = []
                pets.reserveCapacity(count)
                try db.withStatement("""
                    SELECT id, name, species, owner_id, born_tick, hunger, hunger_tick
                    FROM pets ORDER BY name_key
                    """) { statement in
                    while try statement.step() {
                        pets.append(PetRecord(
                            id: statement.int64(at: 0),
                            name: statement.string(at: 1),
                            species: statement.string(at: 2),
                            ownerID: statement.int64(at: 3),
                            bornTick: statement.int64(at: 4),
                            hunger: statement.int(at: 5),
                            hungerTick: statement.int64(at: 6)
                        ))
                    }
                }
                var ownerNames: [Int64: String] = [:]
                var treats: [Int64: Int] = [:]
                try db.withStatement("SELECT id, name, treats FROM accounts") { statement in
                    while try statement.step() {
                        let id = statement.int64(at: 0)
                        ownerNames[id] = statement.string(at: 1)
                        treats[id] = statement.int(at: 2)
                    }
                }
                let lastRefill = try db.withStatement("SELECT value FROM world WHERE key = 'last_refill'") { statement in
                    try statement.step() ? statement.int64(at: 0) : 0
                }
                return WorldSnapshot(tick: tick, pets: pets, ownerNames: ownerNames, treats: treats, lastRefill: lastRefill)
            }
        }
    }

    public func insertPet(_ pet: PetRecord, maxLive: Int) throws -> PetRecord {
        try withDatabase("save a new pet", synchronous: .full) { db in
            // One statement, so the count and the insert are one transaction: a pet is alive
            // at `bornTick` when it was born at most `lifespan` ticks before (PetState). The
            // id is explicit: never one a deleted pet had (`SQLiteStore+IDs`).
            let statement = try db.cachedStatement("""
                INSERT INTO pets (id, name, name_key, species, owner_id, born_tick, hunger, hunger_tick)
                SELECT \(IDSeries.pets.nextID), ?, ?, ?, ?, ?, ?, ?
                WHERE (SELECT COUNT(*) FROM pets WHERE owner_id = ? AND born_tick >= ?) < ?
                """)
            try statement.bind(
                pet.name, NameKey.make(pet.name), pet.species, pet.ownerID,
                pet.bornTick, pet.hunger, pet.hungerTick,
                pet.ownerID, pet.bornTick - PetState.lifespan, Int64(clamping: maxLive)
            )
            do {
                try statement.run()
            } catch let error as SQLiteError where error.isUniqueViolation {
                throw StoreError(.nameTaken, "a pet with that name already exists")
            } catch let error as SQLiteError where error.isForeignKeyViolation {
                throw StoreError(.notFound, "no account with id \(pet.ownerID) to own the pet")
            }
            guard try db.changes > 0 else {
                throw StoreError(.limitReached, "the owner already has \(maxLive) live pets")
            }
            var saved = pet
            saved.id = try db.lastInsertRowID
            return saved
        }
    }

    /// Writes the checkpoint all-or-nothing. On failure (disk full, I/O error) it throws
    /// and the file keeps the previous checkpoint; the caller keeps its state and retries.
    /// Rows for ids that no longer exist are skipped.
    ///
    /// Pets are written in id order, the table's B-tree order, so each leaf page is read and
    /// dirtied once. In a hash table's order a page is evicted (and spilled to the WAL)
    /// between one row and its neighbour: a million rows took 2.5 s under load, not 0.9–1.1 s.
    public func write(_ checkpoint: Checkpoint) throws {
        let pets = checkpoint.pets.sorted { $0.id < $1.id }
        try withDatabase("write a checkpoint", synchronous: .normal) { db in
            try db.transaction(.immediate) {
                let updatePet = try db.cachedStatement("UPDATE pets SET hunger = ?, hunger_tick = ? WHERE id = ?")
                for row in pets {
                    try updatePet.bind(row.hunger, at: 1)
                    try updatePet.bind(row.hungerTick, at: 2)
                    try updatePet.bind(row.id, at: 3)
                    try updatePet.run()
                }
                let updateTreats = try db.cachedStatement("UPDATE accounts SET treats = ? WHERE id = ?")
                for (accountID, treats) in checkpoint.treats {
                    try updateTreats.bind(treats, at: 1)
                    try updateTreats.bind(accountID, at: 2)
                    try updateTreats.run()
                }
                let setTick = try db.cachedStatement("""
                    INSERT INTO world (key, value) VALUES ('tick', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """)
                try setTick.bind(checkpoint.tick, at: 1)
                try setTick.run()
                let setRefill = try db.cachedStatement("""
                    INSERT INTO world (key, value) VALUES ('last_refill', ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """)
                try setRefill.bind(checkpoint.lastRefill, at: 1)
                try setRefill.run()
                try writeMemory(checkpoint, db)
            }
        }
    }
}
