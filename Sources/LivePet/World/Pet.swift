import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A pet, and the room it lives in. The actor's state is the truth about the pet: feeding,
/// treats and ticks for its visitors all go through it, in order.
///
/// Nothing runs for a pet between events: its age and hunger are derived from the world
/// tick (`PetState`), and the world calls `tick` only on pets that have visitors.
public actor Pet: Place {
    public nonisolated let id: Int64
    public nonisolated let name: String
    /// `name` cut to `NameRules.petShortNameWidth` cells, for the lines that frame it (tick
    /// lines, the prompt's title, `who`, `pets`, the room's news); made once, here.
    public nonisolated let shortName: String
    public nonisolated let species: Species
    public nonisolated let ownerID: Int64
    public nonisolated let ownerName: String
    public nonisolated let bornTick: Int64
    nonisolated let directory: PetDirectory
    var state: PetState
    /// Locked, not actor state: talk is delivered from the speaker's thread (see `Place`).
    nonisolated let roster = RoomRoster()
    /// Set once the room has been told of the death (or the pet was already dead when visited).
    private var mourned = false

    public nonisolated var placeID: PlaceID { .pet(id) }
    /// With the short name: the prompt and `who` show it.
    public nonisolated var title: String { "\(Possessive.of(shortName)) room" }
    public nonisolated var deathTick: Int64 { bornTick + PetState.lifespan + 1 }

    init(record: PetRecord, ownerName: String, directory: PetDirectory) {
        id = record.id
        // Shown as adopted, unless an older rule let it in with brackets or invisibles.
        name = NameRules.displayPetName(record.name, id: record.id)
        shortName = NameRules.shortPetName(name)
        species = Species(rawValue: record.species) ?? .cat
        ownerID = record.ownerID
        self.ownerName = ownerName
        bornTick = record.bornTick
        self.directory = directory
        state = PetState(bornTick: record.bornTick, hunger: record.hunger, hungerTick: record.hungerTick)
    }

    public nonisolated func isAlive(at tick: Int64) -> Bool { tick < deathTick }

    public func status(at tick: Int64) -> PetStatus {
        status(at: tick, visitors: roster.withMembers { $0.names })
    }

    /// The status with visitors already read (callers holding the members' lock).
    func status(at tick: Int64, visitors: [String]) -> PetStatus {
        PetStatus(
            id: id, name: name, shortName: shortName, species: species, ownerName: ownerName,
            age: state.age(at: tick), hunger: state.hunger(at: tick), hearts: state.hearts(at: tick),
            alive: state.isAlive(at: tick), visitors: visitors)
    }

    func hungerRow() -> PetHungerRow {
        PetHungerRow(id: id, hunger: state.hunger, hungerTick: state.hungerTick)
    }

    // MARK: Simulation

    /// One world tick for a pet with visitors: a status line when something a person notices
    /// changed (`TickNews`; every tick for `ticks all`), GMCP `Pet.Status` every tick, the
    /// prompts when the hearts changed, a reaction now and then (`life`), or the news of
    /// its death once.
    func tick(_ now: Int64, life: RoomLife?) {
        if state.isAlive(at: now) {
            let news = TickNews(state, at: now)
            roster.withMembers { members in
                guard !members.isEmpty else { return }
                if news.heartsChanged { refreshPrompts(&members, hearts: news.hearts) }
                members.broadcastTick(status(at: now, visitors: members.names), notable: news.notable)
                if let life { reactToTick(news, at: now, life: life, members: &members) }
            }
        } else if !mourned {
            let told = roster.withMembers { members -> Bool in
                guard !members.isEmpty else { return false }
                refreshPrompts(&members, hearts: RoomPrompt.atPeace)
                // Wider than 80 columns with a long name: broken by the server (`TalkWrap`).
                let news = PetFormatter.deathNews(species: species, shortName: shortName)
                members.broadcast(TalkWrap.wrap(news, column: 0) + "\n")
                return true
            }
            if told { mourned = true }
        }
    }

    public enum CareResult: Sendable, Equatable {
        case done(before: Int, after: Int)
        case dead
        case notOwner
    }

    /// The owner's feed: −100 hunger, floor 0.
    package func feed(by member: RoomMember, accountID: Int64, at tick: Int64) -> CareResult {
        guard accountID == ownerID else { return .notOwner }
        return care(by: member, amount: PetState.feedAmount, at: tick, verb: "feeds")
    }

    /// Anyone's treat: −20 hunger, floor 0. The caller has already taken the treat and
    /// refunds it on `.dead`.
    package func treat(by member: RoomMember, at tick: Int64) -> CareResult {
        care(by: member, amount: PetState.treatAmount, at: tick, verb: "gives a treat to")
    }

    private func care(by member: RoomMember, amount: Int, at tick: Int64, verb: String) -> CareResult {
        let before = state.hunger(at: tick)
        guard state.reduceHunger(by: amount, at: tick) else { return .dead }
        let after = state.hunger
        directory.markDirty(PetHungerRow(id: id, hunger: after, hungerTick: state.hungerTick))
        let mood = PetState.mood(hunger: after, alive: true)
        let hearts = state.hearts(at: tick)
        // Past 80 columns with long names: broken by the server, so no row starts inside one.
        let line = RoomLine(
            TalkWrap.wrap("\(Styled.paint(member.name, Styled.cyan)) \(verb) \(shortName). \(shortName) is \(mood) (hunger \(after)/\(PetState.maxHunger), \(Styled.paint(PetState.heartsText(hearts), Styled.red))).", column: 0) + "\n",
            spoken: TalkWrap.wrap("\(member.name) \(verb) \(shortName). \(shortName) is \(mood), hunger \(after) of \(PetState.maxHunger), \(PetState.heartsText(hearts, plain: true)).", column: 0) + "\n")
        let reaction = careReaction(verb == "feeds" ? .fed : .treat, by: member, at: tick)
        roster.withMembers { members in
            if PetState.hearts(hunger: before) != hearts { refreshPrompts(&members, hearts: hearts) }
            members.broadcast(line, except: member.sessionID)
            members.broadcastStatus(status(at: tick, visitors: members.names))
            members.broadcastReaction(reaction, except: member.sessionID, about: member.name)
        }
        return .done(before: before, after: after)
    }

    // MARK: Place

    public func enter(_ member: RoomMember, announce: String?) {
        let now = directory.clock.now
        if !state.isAlive(at: now) { mourned = true }
        // The prompt the session shows next is this room's (`RoomPrompt`).
        member.prefs.roomHearts.store(state.isAlive(at: now) ? state.hearts(at: now) : RoomPrompt.atPeace, ordering: .relaxed)
        let count = roster.enter(member, announce: announce)
        directory.setVisitors(id, count: count, pet: self, playersDeferred: RoomRoster.playersDeferred(count: count))
    }

    public func leave(_ sessionID: UInt64, announce: String?) {
        if let count = roster.leave(sessionID, announce: announce) {
            directory.setVisitors(id, count: count, pet: self, playersDeferred: RoomRoster.playersDeferred(count: count))
            if count > 0 { reactUnprompted(.leave, who: nil) }
        }
    }

    /// The tick's `Room.Players` for a crowded room (`PetDirectory.takePlayersDeferred`).
    package nonisolated func flushPlayers() {
        roster.flushPlayers()
    }

    /// This pet's row of GMCP `Pet.List`.
    package func listRow(at tick: Int64, visitors: Int) -> PetListRow {
        PetListRow(id: id, name: name, species: species, ownerName: ownerName, alive: state.isAlive(at: tick),
                   hearts: state.hearts(at: tick), visitors: visitors)
    }

    public func replace(_ oldSessionID: UInt64, with member: RoomMember, announce: String?) {
        let now = directory.clock.now
        member.prefs.roomHearts.store(state.isAlive(at: now) ? state.hearts(at: now) : RoomPrompt.atPeace, ordering: .relaxed)
        let count = roster.replace(oldSessionID, with: member, announce: announce)
        directory.setVisitors(id, count: count, pet: self)
    }

    public nonisolated func withRoster<Result>(_ body: (borrowing RoomRoster) -> Result) -> Result {
        body(roster)
    }
}
