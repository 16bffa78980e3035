import LivePetNet
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// The GMCP lists of docs/GMCP.md that describe the whole world rather than one room:
/// `Pet.List` (the active pets), `Players.Online` and `Char.Status` (your treats), and the
/// tick's `Room.Players` for crowded rooms.
///
/// Nothing here runs per line or per pet: the lists are made at most once a tick (`flush`,
/// after the world's tick), only while someone with GMCP on is playing, and sent to each
/// such connection only when what it would get differs from what it last got (a hash per
/// connection). So a connection gets at most one of each per tick, plus one at login
/// (`sendLogin`, once per connection: turning GMCP on again waits for the flush), and a client without GMCP costs a flag read a tick. Every list is bounded
/// in rows and bytes, whatever the size of the world, and goes through the connection's
/// bounded output queue like any other output.
public actor GMCPLists {
    /// `Pet.List`: at most this many rows and bytes of JSON.
    package static let petRowsLimit = 200
    package static let petListMaxBytes = 32 * 1024
    /// Of which at most this many are the player's own pets (live ones first).
    package static let ownPetsLimit = 25
    /// `Players.Online`: at most this many players (by name) and bytes of JSON.
    package static let onlineLimit = 200
    package static let onlineMaxBytes = 16 * 1024

    private struct Sent {
        var pets: Int?
        var online: Int?
    }

    private let world: World
    private let presence: Presence
    private let lobby: Lobby
    /// What each connection last got, by session.
    private var sent: [UInt64: Sent] = [:]
    /// Sessions that turned GMCP on again: the next flush sends them the lists as if new.
    private var resendWanted: Set<UInt64> = []
    /// `Players.Online` as of the last build, and the tick it was built at.
    private var onlineRows: [Presence.OnlineRow]?
    private var onlineBuiltTick: Int64 = -1
    /// The part of `Pet.List` everyone shares (pets with visitors, then the newest pets), as
    /// of the last tick.
    private var sharedPets: [(id: Int64, json: String)]?

    public init(world: World, presence: Presence, lobby: Lobby) {
        self.world = world
        self.presence = presence
        self.lobby = lobby
    }

    // MARK: The tick

    /// After each world tick: `Room.Players` for crowded rooms that changed, then the lists
    /// to every GMCP connection whose lists changed.
    public func flush() async {
        lobby.flushPlayers()
        for pet in world.pets.takePlayersDeferred() { pet.flushPlayers() }
        let recipients = await presence.listRecipients()
        let current = Set(recipients.map(\.sessionID))
        sent = sent.filter { current.contains($0.key) }
        resendWanted.formIntersection(current)
        guard !recipients.isEmpty else {
            // Made again when someone with GMCP comes (`Players.Online` is rebuilt then if
            // anyone came or went meanwhile: presence keeps that flag).
            sharedPets = nil
            return
        }
        let now = world.now
        if let rows = await presence.onlineRowsIfChanged(limit: Self.onlineLimit) {
            onlineRows = rows
            onlineBuiltTick = now
        }
        let online = Encoded(package: "Players.Online", body: Self.onlineJSON(onlineRows ?? []))
        let shared = await makeSharedPets(now: now)
        sharedPets = shared
        let sharedOnly = Encoded(package: "Pet.List", body: Self.petListJSON(own: [], shared: shared))
        var ownRows: [Int64: [(id: Int64, json: String)]] = [:]
        var batch = FlushBatch(expected: recipients.count)
        for recipient in recipients {
            Self.sendCharStatus(recipient, treats: treats(recipient.accountID), batch: &batch)
            var record = resendWanted.remove(recipient.sessionID) != nil ? Sent() : sent[recipient.sessionID] ?? Sent()
            if record.online != online.hash {
                online.send(to: recipient.connection, batch: &batch)
                record.online = online.hash
            }
            var pets = sharedOnly
            if let accountID = recipient.accountID {
                if ownRows[accountID] == nil { ownRows[accountID] = await makeOwnPets(accountID, now: now) }
                if let own = ownRows[accountID], !own.isEmpty {
                    pets = Encoded(package: "Pet.List", body: Self.petListJSON(own: own, shared: shared))
                }
            }
            if record.pets != pets.hash {
                pets.send(to: recipient.connection, batch: &batch)
                record.pets = pets.hash
            }
            sent[recipient.sessionID] = record
        }
        batch.submit()
    }

    // MARK: Login

    /// What a connection gets at login (or when it turns GMCP on while playing), after
    /// `Char.Name` and `Room.Info`: `Pet.List` and `Players.Online` as of the last tick,
    /// the player's own pets and the player included.
    func sendLogin(_ recipient: Presence.ListRecipient, place: String) async {
        let now = world.now
        if onlineRows == nil || onlineBuiltTick != now, let rows = await presence.onlineRowsIfChanged(limit: Self.onlineLimit) {
            // At most once a tick: a storm of logins does not sort everyone for each.
            onlineRows = rows
            onlineBuiltTick = now
        }
        var rows = onlineRows ?? []
        let key = NameKey.make(recipient.name)
        rows.removeAll { $0.key == key }
        let position = rows.firstIndex { $0.key > key } ?? rows.count
        if position < Self.onlineLimit {
            rows.insert(Presence.OnlineRow(name: recipient.name, key: key, place: place, afk: false), at: position)
            if rows.count > Self.onlineLimit { rows.removeLast() }
        }
        let shared: [(id: Int64, json: String)]
        if let cached = sharedPets {
            shared = cached
        } else {
            shared = await makeSharedPets(now: now)
            sharedPets = shared
        }
        let own = recipient.accountID == nil ? [] : await makeOwnPets(recipient.accountID ?? 0, now: now)
        let pets = Encoded(package: "Pet.List", body: Self.petListJSON(own: own, shared: shared))
        let online = Encoded(package: "Players.Online", body: Self.onlineJSON(rows))
        var batch = FlushBatch(expected: 1)
        pets.send(to: recipient.connection, batch: &batch)
        online.send(to: recipient.connection, batch: &batch)
        batch.submit()
        sent[recipient.sessionID] = Sent(pets: pets.hash, online: online.hash)
    }

    /// The connection turned GMCP on again (`ClientCommands.gmcpEnabledAgain`): it gets
    /// both lists at the next flush, however often it asks before then.
    func resend(_ sessionID: UInt64) {
        resendWanted.insert(sessionID)
    }

    // MARK: Char.Status

    /// `Char.Status` when the treats held differ from what the connection was last told.
    static func sendCharStatus(_ recipient: Presence.ListRecipient, treats: Int, batch: inout FlushBatch) {
        guard recipient.prefs.treatsSent.exchange(treats, ordering: .relaxed) != treats else { return }
        let bytes = GMCP.encode("Char.Status", "{\"treats\":\(treats)}")
        bytes.withUnsafeBytes { recipient.connection.sendTelnet(encoded: $0, batch: &batch) }
    }

    /// Treats held: guests hold none.
    private func treats(_ accountID: Int64?) -> Int {
        accountID.map { world.treats.count($0) } ?? 0
    }

    // MARK: Making the lists

    /// A message made once and sent to many, with the hash that says whether a connection
    /// already has it.
    private struct Encoded {
        let bytes: [UInt8]
        let hash: Int

        init(package: String, body: String) {
            bytes = GMCP.encode(package, body)
            var hasher = Hasher()
            hasher.combine(body)
            hash = hasher.finalize()
        }

        func send(to connection: Connection, batch: inout FlushBatch) {
            bytes.withUnsafeBytes { connection.sendTelnet(encoded: $0, batch: &batch) }
        }
    }

    /// Pets with visitors (most first), then the newest pets, at most `petRowsLimit`.
    private func makeSharedPets(now: Int64) async -> [(id: Int64, json: String)] {
        let active = world.pets.activePets()
        var visitors: [Int64: Int] = [:]
        var chosen: [Pet] = []
        for (pet, count) in active.prefix(Self.petRowsLimit) {
            visitors[pet.id] = count
            chosen.append(pet)
        }
        if chosen.count < Self.petRowsLimit {
            for pet in world.pets.recentPets(limit: Self.petRowsLimit) where chosen.count < Self.petRowsLimit && visitors[pet.id] == nil {
                chosen.append(pet)
            }
        }
        var rows: [(id: Int64, json: String)] = []
        rows.reserveCapacity(chosen.count)
        for pet in chosen {
            rows.append((pet.id, await pet.listRow(at: now, visitors: visitors[pet.id] ?? 0).json))
        }
        return rows
    }

    /// The owner's pets: live ones, then memorials, newest first, at most `ownPetsLimit`.
    private func makeOwnPets(_ accountID: Int64, now: Int64) async -> [(id: Int64, json: String)] {
        let owned = world.pets.pets(ownedBy: accountID).reversed()
        let chosen = (owned.filter { $0.isAlive(at: now) } + owned.filter { !$0.isAlive(at: now) }).prefix(Self.ownPetsLimit)
        var rows: [(id: Int64, json: String)] = []
        for pet in chosen {
            rows.append((pet.id, await pet.listRow(at: now, visitors: world.pets.visitorCount(pet.id)).json))
        }
        return rows
    }

    /// `Pet.List`'s body: `own` then `shared` (without the own ones), within both limits.
    static func petListJSON(own: [(id: Int64, json: String)], shared: [(id: Int64, json: String)]) -> String {
        let ownIDs = Set(own.map(\.id))
        var json = "["
        var rows = 0
        for row in own + shared.lazy.filter({ !ownIDs.contains($0.id) }) {
            guard rows < petRowsLimit, json.utf8.count + row.json.utf8.count + 2 <= petListMaxBytes else { break }
            if rows > 0 { json += "," }
            json += row.json
            rows += 1
        }
        return json + "]"
    }

    /// `Players.Online`'s body, within `onlineMaxBytes`.
    static func onlineJSON(_ rows: [Presence.OnlineRow]) -> String {
        var json = "["
        for (index, row) in rows.prefix(onlineLimit).enumerated() {
            let item = row.json
            guard json.utf8.count + item.utf8.count + 2 <= onlineMaxBytes else { break }
            if index > 0 { json += "," }
            json += item
        }
        return json + "]"
    }
}
