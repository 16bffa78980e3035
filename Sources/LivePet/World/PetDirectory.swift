import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// Finds pets by id, name, owner and name prefix, and knows which pets have visitors and
/// which changed since the last checkpoint. Locks, not an actor: lookups are short and
/// come from every session, and the tick and checkpoint read it without a hop.
public final class PetDirectory: Sendable {
    /// Two sorted arrays and binary search, rather than hash tables: a million pets load
    /// faster and take ~50 MB less, and a lookup is still about a microsecond.
    struct Index {
        /// Every pet by id (ids only grow, so adoption appends).
        var ordered: [Pet] = []
        /// Every pet by `NameKey` byte order, for prefix search.
        var sortedNames: [(key: String, pet: Pet)] = []
        var byOwner: [Int64: [Pet]] = [:]
        /// The look-alike skeleton (`Confusables.skeleton`) of every pet's name, as hash
        /// values: 16 MB for a million pets where the strings would take 48. Two different
        /// skeletons with one hash (odds about 2^-44 per adoption with a million pets) would
        /// at worst refuse a name as taken.
        var skeletons: Set<Int> = []
        /// The skeletons of names being adopted (`claimName`), until their pet is added.
        var claimed: Set<Int> = []
        /// Every pet's birth tick, sorted: how many pets are dead at a tick is one binary
        /// search (`pets dead` says how many of all), 8 bytes a pet.
        var bornTicks: [Int64] = []
    }

    struct Activity {
        /// Visitor counts of pets that have visitors.
        var visitors: [Int64: (count: Int, pet: Pet, life: RoomLife)] = [:]
        /// The latest changed state of each pet since the last checkpoint.
        var dirty: [Int64: PetHungerRow] = [:]
        /// Crowded rooms whose members changed since the last tick (`Room.Players`).
        var playersDeferred: [Int64: Pet] = [:]
        /// Pets removed with their owner's account (`remove(ids:)`), by id: their rooms are
        /// closed, and whoever is still in one is not counted as visiting. Checked by identity
        /// (`isRetired`), so no later pet is taken for one even if an id came back.
        var retired: [Int64: Pet] = [:]
    }

    let clock: WorldClock
    /// The treats players hold: a pet's room puts them in its members' prompts.
    let treats: TreatBank
    /// Internal, not private: `PetDirectory+Removal` changes them too.
    let index = Mutex(Index())
    let activity = Mutex(Activity())

    public init(clock: WorldClock, treats: TreatBank = TreatBank()) {
        self.clock = clock
        self.treats = treats
    }

    /// Loads a snapshot whose pets are ordered by name key.
    func load(_ records: [PetRecord], ownerNames: [Int64: String]) {
        var built = Index()
        built.sortedNames.reserveCapacity(records.count)
        built.ordered.reserveCapacity(records.count)
        built.skeletons.reserveCapacity(records.count)
        var sorted = true
        var previous = ""
        for record in records {
            let pet = Pet(record: record, ownerName: ownerNames[record.ownerID] ?? "someone", directory: self)
            let key = NameKey.make(record.name)
            if sorted, !previous.isEmpty, !previous.utf8.lexicographicallyPrecedes(key.utf8) { sorted = false }
            previous = key
            built.sortedNames.append((key, pet))
            built.ordered.append(pet)
            built.byOwner[record.ownerID, default: []].append(pet)
            built.skeletons.insert(Confusables.skeleton(record.name).hashValue)
            built.bornTicks.append(record.bornTick)
        }
        built.bornTicks.sort()
        if !sorted { built.sortedNames.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } }
        built.ordered.sort { $0.id < $1.id }
        for key in built.byOwner.keys { built.byOwner[key]?.sort { $0.id < $1.id } }
        index.withLock { $0 = built }
    }

    /// Adds a pet just saved by the store.
    @discardableResult
    func add(_ record: PetRecord, ownerName: String) -> Pet {
        let pet = Pet(record: record, ownerName: ownerName, directory: self)
        let key = NameKey.make(record.name)
        let skeleton = Confusables.skeleton(record.name).hashValue
        index.withLock { index in
            index.skeletons.insert(skeleton)
            if let last = index.ordered.last, last.id > record.id {
                index.ordered.insert(pet, at: Self.lowerBound(index.ordered, id: record.id))
            } else {
                index.ordered.append(pet)
            }
            let position = Self.lowerBound(index.sortedNames, key)
            index.sortedNames.insert((key, pet), at: position)
            index.byOwner[record.ownerID, default: []].append(pet)
            index.bornTicks.insert(record.bornTick, at: Self.upperBound(index.bornTicks, record.bornTick))
        }
        return pet
    }

    static func upperBound(_ ticks: [Int64], _ tick: Int64) -> Int {
        var low = 0
        var high = ticks.count
        while low < high {
            let mid = (low + high) / 2
            if ticks[mid] <= tick { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// How many pets have died by `now` (a pet dies at `Pet.deathTick`).
    public func deadCount(now: Int64) -> Int {
        // Dead when now >= bornTick + lifespan + 1, so born at or before now - lifespan - 1.
        index.withLock { Self.upperBound($0.bornTicks, now - PetState.lifespan - 1) }
    }

    /// How many pets match `filter` at `now`, in time logarithmic in the number of pets.
    public func count(_ filter: PetFilter, now: Int64) -> Int {
        switch filter {
        case .all: count
        case .mine(let ownerID): pets(ownedBy: ownerID).count
        case .dead: deadCount(now: now)
        case .live: count - deadCount(now: now)
        case .prefix(let prefix): prefixCount(prefix)
        }
    }

    /// How many names start with `prefix` (ignoring case): the names are sorted by key, so
    /// they are one run, found by two binary searches.
    public func prefixCount(_ prefix: String) -> Int {
        let key = NameKey.make(prefix)
        return index.withLock { index in
            let start = Self.lowerBound(index.sortedNames, key)
            var low = start
            var high = index.sortedNames.count
            while low < high {
                let mid = (low + high) / 2
                if index.sortedNames[mid].key.utf8.starts(with: key.utf8) { low = mid + 1 } else { high = mid }
            }
            return low - start
        }
    }

    public var count: Int { index.withLock { $0.ordered.count } }

    /// Pets alive at `tick` (for `/metrics`): all but the dead, one binary search.
    public func livePets(at tick: Int64) -> Int {
        count - deadCount(now: tick)
    }

    /// Pets that have visitors now.
    public var visitedPets: Int { activity.withLock { $0.visitors.count } }

    /// A pet name held from the uniqueness check until the adoption is saved (`claimName`).
    struct NameClaim: Sendable {
        fileprivate let skeleton: Int
    }

    /// Claims `name` for an adoption: nil when a pet has that name (ignoring case) or one
    /// that looks the same (`Confusables.skeleton`: `Fluffу`, `F1uffy`, `ＦＬＵＦＦＹ` when
    /// `Fluffy` lives), or another adoption has claimed it. Check and claim are one step
    /// under the lock, so two racing adoptions of look-alike names cannot both pass; the
    /// store's unique index only knows exact names. The claim stays until `release`; `add`
    /// keeps the skeleton for good.
    func claimName(_ name: String) -> NameClaim? {
        let key = NameKey.make(name)
        let skeleton = Confusables.skeleton(name).hashValue
        return index.withLock { index in
            let position = Self.lowerBound(index.sortedNames, key)
            if position < index.sortedNames.count, index.sortedNames[position].key == key { return nil }
            guard !index.skeletons.contains(skeleton), index.claimed.insert(skeleton).inserted else { return nil }
            return NameClaim(skeleton: skeleton)
        }
    }

    /// Ends a claim, whether or not the pet was adopted (`add` has taken the skeleton then).
    func release(_ claim: NameClaim) {
        _ = index.withLock { $0.claimed.remove(claim.skeleton) }
    }

    public func pet(id: Int64) -> Pet? {
        index.withLock { index in
            let position = Self.lowerBound(index.ordered, id: id)
            return position < index.ordered.count && index.ordered[position].id == id ? index.ordered[position] : nil
        }
    }

    public func pet(named name: String) -> Pet? {
        let key = NameKey.make(name)
        return index.withLock { index in
            let position = Self.lowerBound(index.sortedNames, key)
            guard position < index.sortedNames.count, index.sortedNames[position].key == key else { return nil }
            return index.sortedNames[position].pet
        }
    }

    static func lowerBound(_ pets: [Pet], id: Int64) -> Int {
        var low = 0
        var high = pets.count
        while low < high {
            let mid = (low + high) / 2
            if pets[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public func pets(ownedBy ownerID: Int64) -> [Pet] {
        index.withLock { $0.byOwner[ownerID] ?? [] }
    }

    /// Pets whose names start with `prefix` (ignoring case), in name order.
    public func pets(prefix: String, limit: Int) -> [Pet] {
        let key = NameKey.make(prefix)
        return index.withLock { index in
            var result: [Pet] = []
            var position = Self.lowerBound(index.sortedNames, key)
            while position < index.sortedNames.count, result.count < limit,
                  index.sortedNames[position].key.utf8.starts(with: key.utf8) {
                result.append(index.sortedNames[position].pet)
                position += 1
            }
            return result
        }
    }

    static func lowerBound(_ names: [(key: String, pet: Pet)], _ key: String) -> Int {
        var low = 0
        var high = names.count
        while low < high {
            let mid = (low + high) / 2
            if names[mid].key.utf8.lexicographicallyPrecedes(key.utf8) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: Visitors

    func setVisitors(_ id: Int64, count: Int, pet: Pet, playersDeferred: Bool = false) {
        activity.withLock { activity in
            if count > 0, activity.retired[id] !== pet {
                let life = activity.visitors[id]?.life ?? RoomLife(petID: id, now: clock.now)
                activity.visitors[id] = (count, pet, life)
            } else {
                activity.visitors[id] = nil
            }
            if playersDeferred { activity.playersDeferred[id] = pet }
        }
    }

    /// What the pet's room remembers while it has visitors (`RoomLife`); nil without any.
    func life(_ id: Int64) -> RoomLife? {
        activity.withLock { $0.visitors[id]?.life }
    }

    /// Takes the crowded rooms whose `Room.Players` waits for the tick.
    package func takePlayersDeferred() -> [Pet] {
        activity.withLock { activity in
            guard !activity.playersDeferred.isEmpty else { return [] }
            defer { activity.playersDeferred = [:] }
            return Array(activity.playersDeferred.values)
        }
    }

    /// The `limit` most recently adopted pets, newest first.
    package func recentPets(limit: Int) -> [Pet] {
        index.withLock { Array($0.ordered.suffix(limit).reversed()) }
    }

    /// Pets with visitors, most visited first (ties by id).
    public func activePets() -> [(pet: Pet, visitors: Int)] {
        activity.withLock { activity in
            activity.visitors.values.map { (pet: $0.pet, visitors: $0.count) }
        }.sorted { $0.visitors != $1.visitors ? $0.visitors > $1.visitors : $0.pet.id < $1.pet.id }
    }

    public func visitorCount(_ id: Int64) -> Int {
        activity.withLock { $0.visitors[id]?.count ?? 0 }
    }

    /// Pets the tick must visit: those with visitors that were alive at the previous tick
    /// (so a pet that just died is told about once, then left in peace).
    func tickTargets(now: Int64) -> [(pet: Pet, life: RoomLife)] {
        activity.withLock { activity in
            activity.visitors.values.compactMap { $0.pet.deathTick >= now ? ($0.pet, $0.life) : nil }
        }
    }

    // MARK: Checkpoints

    func markDirty(_ row: PetHungerRow) {
        activity.withLock { $0.dirty[row.id] = row }
    }

    /// Marks every pet changed (benchmarks of the worst-case checkpoint), asking each pet
    /// for its state in chunks so no lock is held across the hops.
    func markAllDirty() async {
        let all = index.withLock { $0.ordered }
        var chunk: [PetHungerRow] = []
        chunk.reserveCapacity(10_000)
        for pet in all {
            chunk.append(await pet.hungerRow())
            if chunk.count == 10_000 {
                let rows = chunk
                activity.withLock { activity in for row in rows { activity.dirty[row.id] = row } }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        let rows = chunk
        activity.withLock { activity in for row in rows { activity.dirty[row.id] = row } }
    }

    /// Takes the changes since the last checkpoint.
    func takeDirty() -> [PetHungerRow] {
        activity.withLock { activity in
            let rows = Array(activity.dirty.values)
            activity.dirty = [:]
            return rows
        }
    }

    /// Puts back rows a failed checkpoint could not write, unless the pet changed again since.
    func restoreDirty(_ rows: [PetHungerRow]) {
        activity.withLock { activity in
            for row in rows where activity.dirty[row.id] == nil {
                activity.dirty[row.id] = row
            }
        }
    }

    public var dirtyCount: Int { activity.withLock { $0.dirty.count } }

    // MARK: Listing

    /// One page of `pets`. Work is proportional to the page's position, never to all pets
    /// for the first pages.
    public func page(_ filter: PetFilter, page: Int, pageSize: Int, now: Int64) -> (pets: [Pet], hasMore: Bool) {
        let skip = max(0, page - 1) * pageSize
        let want = pageSize + 1
        var result: [Pet] = []
        switch filter {
        case .all:
            let active = activePets().map(\.pet)
            let activeIDs = Set(active.map(\.id))
            var skipped = 0
            for pet in active {
                if skipped < skip { skipped += 1; continue }
                result.append(pet)
                if result.count == want { break }
            }
            if result.count < want {
                index.withLock { index in
                    var position = max(0, skip - active.count) 
                    // Skip positions occupied by active pets among the first `position`.
                    var passed = 0
                    var cursor = 0
                    while passed < position, cursor < index.ordered.count {
                        if !activeIDs.contains(index.ordered[cursor].id) { passed += 1 }
                        cursor += 1
                    }
                    position = cursor
                    while position < index.ordered.count, result.count < want {
                        let pet = index.ordered[position]
                        if !activeIDs.contains(pet.id) { result.append(pet) }
                        position += 1
                    }
                }
            }
        case .mine(let ownerID):
            let owned = pets(ownedBy: ownerID)
            result = Array(owned.dropFirst(skip).prefix(want))
        case .live, .dead:
            let wantAlive = filter == .live
            index.withLock { index in
                var skipped = 0
                for pet in index.ordered where pet.isAlive(at: now) == wantAlive {
                    if skipped < skip { skipped += 1; continue }
                    result.append(pet)
                    if result.count == want { break }
                }
            }
        case .prefix(let prefix):
            result = Array(pets(prefix: prefix, limit: skip + want).dropFirst(skip))
        }
        let hasMore = result.count > pageSize
        return (Array(result.prefix(pageSize)), hasMore)
    }
}
