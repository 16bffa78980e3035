import LivePetSupport
import LivePetWorld

/// An in-memory store with the same semantics as `SQLiteStore` (case-insensitive
/// unique names, owners must exist, checkpoints skip unknown ids), for fast tests.
public actor MemoryStore {
    // Not private: the AdminStore conformance (its own file) reads and writes them.
    var accounts: [Int64: AccountRecord] = [:]
    var bans: [BanRecord] = []
    var audit: [AuditEntry] = []
    // Not private: the ProfileStore conformance (its own file) reads and writes them.
    var preferenceRows: [Int64: [String: String]] = [:]
    var offlineMessages: [OfflineMessage] = []
    var petEventRows: [PetEvent] = []
    private var accountIDsByKey: [String: Int64] = [:]
    private var pets: [Int64: PetRecord] = [:]
    private var petNameKeys: Set<String> = []
    private var nextAccountID: Int64 = 1
    private var nextPetID: Int64 = 1
    private var tick: Int64
    private var lastRefill: Int64 = 0

    public init(tick: Int64 = 0) {
        self.tick = tick
    }
}

extension MemoryStore: AccountStore {
    public func account(named name: String) -> AccountRecord? {
        accountIDsByKey[NameKey.make(name)].flatMap { accounts[$0] }
    }

    public func createAccount(name: String, passwordHash: String, isAdmin: Bool, createdAt: Int64) throws -> AccountRecord {
        let key = NameKey.make(name)
        guard accountIDsByKey[key] == nil else {
            throw StoreError(.nameTaken, "an account with that name already exists")
        }
        let account = AccountRecord(id: nextAccountID, name: name, passwordHash: passwordHash, isAdmin: isAdmin, treats: 5, createdAt: createdAt)
        nextAccountID += 1
        accounts[account.id] = account
        accountIDsByKey[key] = account.id
        return account
    }

    public func setPasswordHash(accountID: Int64, hash: String) throws {
        guard accounts[accountID] != nil else {
            throw StoreError(.notFound, "no account with id \(accountID)")
        }
        accounts[accountID]?.passwordHash = hash
        accounts[accountID]?.passwordResetExpires = nil
    }

    public func resetPassword(accountID: Int64, hash: String, expiresAt: Int64) throws {
        guard accounts[accountID] != nil else {
            throw StoreError(.notFound, "no account with id \(accountID)")
        }
        accounts[accountID]?.passwordHash = hash
        accounts[accountID]?.passwordResetExpires = expiresAt
    }

    public func deleteAccount(accountID: Int64) throws -> [Int64] {
        guard let account = accounts.removeValue(forKey: accountID) else {
            throw StoreError(.notFound, "no account with id \(accountID)")
        }
        // Bans on the name stay, as in SQLiteStore.
        accountIDsByKey[NameKey.make(account.name)] = nil
        let owned = pets.values.filter { $0.ownerID == accountID }.sorted { $0.id < $1.id }
        for pet in owned {
            pets[pet.id] = nil
            petNameKeys.remove(NameKey.make(pet.name))
        }
        // What SQLite's ON DELETE CASCADE removes with the account and its pets.
        let ownedIDs = Set(owned.map(\.id))
        preferenceRows[accountID] = nil
        offlineMessages.removeAll { $0.recipientID == accountID || $0.senderID == accountID }
        petEventRows.removeAll { ownedIDs.contains($0.petID) }
        return owned.map(\.id)
    }
}

extension MemoryStore: WorldStore {
    public func loadWorld() -> WorldSnapshot {
        WorldSnapshot(
            tick: tick,
            pets: pets.values.sorted { NameKey.make($0.name).utf8.lexicographicallyPrecedes(NameKey.make($1.name).utf8) },
            ownerNames: accounts.mapValues(\.name),
            treats: accounts.mapValues(\.treats),
            lastRefill: lastRefill
        )
    }

    public func insertPet(_ pet: PetRecord, maxLive: Int) throws -> PetRecord {
        let key = NameKey.make(pet.name)
        guard !petNameKeys.contains(key) else {
            throw StoreError(.nameTaken, "a pet with that name already exists")
        }
        guard accounts[pet.ownerID] != nil else {
            throw StoreError(.notFound, "no account with id \(pet.ownerID) to own the pet")
        }
        let live = pets.values.lazy.filter { $0.ownerID == pet.ownerID && $0.bornTick >= pet.bornTick - PetState.lifespan }.count
        guard live < maxLive else {
            throw StoreError(.limitReached, "the owner already has \(maxLive) live pets")
        }
        var saved = pet
        saved.id = nextPetID
        nextPetID += 1
        pets[saved.id] = saved
        petNameKeys.insert(key)
        return saved
    }

    public func write(_ checkpoint: Checkpoint) {
        for row in checkpoint.pets where pets[row.id] != nil {
            pets[row.id]?.hunger = row.hunger
            pets[row.id]?.hungerTick = row.hungerTick
        }
        for (accountID, treats) in checkpoint.treats where accounts[accountID] != nil {
            accounts[accountID]?.treats = treats
        }
        tick = checkpoint.tick
        lastRefill = checkpoint.lastRefill
        writeMemory(checkpoint)
    }

    /// As `SQLiteStore.writeMemory`: events of existing pets, each pet's newest 50 kept.
    private func writeMemory(_ checkpoint: Checkpoint) {
        var touched = Set<Int64>()
        for event in checkpoint.events.sorted(by: { ($0.petID, $0.tick) < ($1.petID, $1.tick) }) where pets[event.petID] != nil {
            petEventRows.append(event)
            touched.insert(event.petID)
        }
        for petID in touched {
            let rows = petEventRows.filter { $0.petID == petID }
            if rows.count > SQLiteStore.maxEventsPerPet {
                var excess = rows.count - SQLiteStore.maxEventsPerPet
                petEventRows.removeAll { row in
                    guard excess > 0, row.petID == petID else { return false }
                    excess -= 1
                    return true
                }
            }
        }
        for (accountID, count) in checkpoint.treatsGiven where accounts[accountID] != nil {
            accounts[accountID]?.treatsGiven += count
        }
    }
}
