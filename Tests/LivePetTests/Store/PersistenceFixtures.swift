import Foundation
@testable import LivePetSupport
@testable import LivePetNet
@testable import LivePetStore
@testable import LivePetWorld

/// Someone who feeds and treats pets through `Pet`'s own API, without a session.
///
/// The member never enters the pet's room, so nothing is ever sent on its connection; the
/// connection exists only because `RoomMember` carries one (fd -1, its loop never started).
struct CareGiver {
    private let loop: EventLoop  // a Connection holds its loop unowned: keep it alive here
    let member: RoomMember
    let accountID: Int64

    init(_ account: AccountRecord, sessionID: UInt64 = 1) throws {
        loop = try EventLoop(index: 0, clock: SystemClock.shared)
        let connection = Connection(fd: -1, peerAddress: "test", loop: loop, id: sessionID, limits: ConnectionLimits())
        member = RoomMember(sessionID: sessionID, name: account.name, connection: connection)
        accountID = account.id
    }

    func feed(_ pet: Pet, in world: World) async -> Pet.CareResult {
        await pet.feed(by: member, accountID: accountID, at: world.now)
    }

    /// Takes a treat from the bank and gives it, refunding it when the pet has died (as the
    /// `treat` command does).
    func treat(_ pet: Pet, in world: World) async -> Pet.CareResult? {
        guard world.treats.take(accountID) else { return nil }
        let result = await pet.treat(by: member, at: world.now)
        if case .dead = result { world.treats.refund(accountID) }
        return result
    }
}

extension World {
    /// Runs `count` world ticks (no visitors, so each is only a clock step).
    func advance(ticks count: Int) async {
        for _ in 0..<count { await advance() }
    }

    /// Every pet's status at the current tick, by id (visitors left out: they are not durable).
    func statuses() async -> [Int64: PetStatus] {
        var result: [Int64: PetStatus] = [:]
        let now = now
        for pet in pets.page(.all, page: 1, pageSize: pets.count + 1, now: now).pets {
            var status = await pet.status(at: now)
            status.visitors = []
            result[pet.id] = status
        }
        return result
    }
}

extension SQLiteStore {
    /// Rows inserted, updated or deleted on the store's connection since it opened.
    func totalChanges() throws -> Int {
        try withDatabase("count changes") { try $0.totalChanges }
    }
}

/// One row of the `pets` table, every column, as read by a second connection.
struct StoredPetRow: Equatable, CustomStringConvertible {
    var id: Int64
    var name: String
    var nameKey: String
    var species: String
    var ownerID: Int64
    var bornTick: Int64
    var hunger: Int
    var hungerTick: Int64

    var description: String { "#\(id) \(name) hunger \(hunger)@\(hungerTick)" }
}

/// What a checkpoint may change, read through a separate read-only connection (WAL lets it
/// read while the store holds the file).
struct StoredWorld: Equatable {
    var pets: [Int64: StoredPetRow]
    var treats: [Int64: Int]
    var world: [String: Int64]

    static func read(_ path: String) throws -> StoredWorld {
        let db = try Database(path: path, flags: [.readOnly, .noMutex, .extendedResultCodes])
        defer { db.close() }
        var pets: [Int64: StoredPetRow] = [:]
        try db.withStatement("SELECT id, name, name_key, species, owner_id, born_tick, hunger, hunger_tick FROM pets") { statement in
            while try statement.step() {
                let row = StoredPetRow(
                    id: statement.int64(at: 0), name: statement.string(at: 1), nameKey: statement.string(at: 2),
                    species: statement.string(at: 3), ownerID: statement.int64(at: 4), bornTick: statement.int64(at: 5),
                    hunger: statement.int(at: 6), hungerTick: statement.int64(at: 7))
                pets[row.id] = row
            }
        }
        var treats: [Int64: Int] = [:]
        try db.withStatement("SELECT id, treats FROM accounts") { statement in
            while try statement.step() { treats[statement.int64(at: 0)] = statement.int(at: 1) }
        }
        var world: [String: Int64] = [:]
        try db.withStatement("SELECT key, value FROM world") { statement in
            while try statement.step() { world[statement.string(at: 0)] = statement.int64(at: 1) }
        }
        return StoredWorld(pets: pets, treats: treats, world: world)
    }

    /// Ids of pets whose stored row differs from `earlier`'s.
    func changedPets(since earlier: StoredWorld) -> Set<Int64> {
        Set(pets.keys.filter { pets[$0] != earlier.pets[$0] })
    }
}

/// Makes `path` a database written by a newer LivePet (schema 99) holding `table` (a
/// definition such as "future (x)"); returns its bytes, which a refusal must leave unchanged.
func writeFutureDatabase(_ path: String, table: String) throws -> Data {
    let db = try Database(path: path)
    try db.execute("CREATE TABLE \(table)")
    try db.setUserVersion(99)
    db.close()
    return try fileBytes(path)
}
