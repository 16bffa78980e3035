import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Pet commands: adopt, pets, visit, leave, look, feed, treat, treats, ticks, pet, play.
enum PetCommands {
    /// The account behind the player, or a polite refusal for guests.
    private static func requireAccount(_ session: isolated Session, _ action: String) -> Int64? {
        guard let accountID = session.player?.accountID else {
            session.connection.send("Guests can look around and chat, but not \(action). Create a character to join in: quit, then choose a name.\n")
            return nil
        }
        return accountID
    }

    static func adopt(_ session: isolated Session, _ args: String) async {
        guard let player = session.player, let accountID = requireAccount(session, "adopt pets") else { return }
        let name: String
        let species: Species
        switch AdoptRequest.parse(args) {
        case .adopt(let parsed):
            name = parsed.name
            species = parsed.species ?? Species.allCases.randomElement() ?? .cat
        case .refused(let reason):
            session.connection.send(session.wrap(reason))
            return
        }
        do {
            let pet = try await session.world.adopt(name: name, species: species, ownerID: accountID, ownerName: player.name)
            Logger.shared.info("adopt", ["owner": player.name, "pet": pet.name, "id": "\(pet.id)"])
            // The whole name, wrapped; a long one is easier to visit by number.
            let visit = pet.shortName == pet.name ? pet.name : "#\(pet.id)"
            session.connection.send(session.wrap("You adopt \(pet.name) the \(species.displayName) (#\(pet.id))! Visit with: visit \(visit)\n"))
        } catch {
            switch error {
            case .invalidName(let reason): session.connection.send("\(reason)\n")
            case .nameTaken: session.connection.send("There is already a pet called \(TextSanitizer.clean(name)), or one whose name looks the same. Pet names are unique; try another.\n")
            case .tooMany: session.connection.send("You already care for \(World.maxLivePets) live pets; that is as many as anyone can look after.\n")
            case .storeFailed: session.connection.send("Sorry, the adoption could not be saved. Please try again in a moment.\n")
            }
        }
    }

    static func visit(_ session: isolated Session, _ args: String) async {
        guard let player = session.player, let member = session.member else { return }
        let query = args.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else {
            session.connection.send("Usage: visit <pet name> or visit #<id>\n")
            return
        }
        guard let pet = findPet(session, query) else { return }
        if player.place.placeID == pet.placeID {
            session.connection.send("You are already with \(pet.shortName).\n")
            return
        }
        // Account names are at most 16 characters: with the short name, 59 columns at most.
        await move(session, member: member, to: pet, leaving: "\(player.name) leaves to visit \(pet.shortName).\n",
                   arriving: "\(player.name) arrives to visit \(pet.shortName).\n")
        guard case .playing = session.phase, session.player?.place.placeID == pet.placeID else { return }
        // The owner hears of it at their next login (not of their own visits).
        if player.accountID != pet.ownerID {
            session.world.events.recordVisit(petID: pet.id, visitor: player.name, tick: session.world.now)
        }
        MemoryCommands.showRecentTalk(session, in: pet)
    }

    static func leaveRoom(_ session: isolated Session) async {
        guard let player = session.player, let member = session.member else { return }
        guard player.place.placeID != .lobby else {
            session.connection.send("You are already in the Lobby.\n")
            return
        }
        await move(session, member: member, to: session.services.lobby, leaving: "\(player.name) leaves for the Lobby.\n", arriving: "\(player.name) arrives.\n")
    }

    private static func move(_ session: isolated Session, member: RoomMember, to destination: any Place, leaving: String, arriving: String) async {
        guard let from = session.player?.place else { return }
        await from.leave(session.id, announce: leaving)
        guard case .playing = session.phase else { return }
        session.player?.place = destination
        await destination.enter(member, announce: arriving)
        await session.services.presence.moved(name: member.name, sessionID: session.id, to: destination)
        ClientCommands.sendRoomInfo(session)
        await look(session)
        if let pet = destination as? Pet, case .playing = session.phase { await pet.greet(member) }
    }

    static func look(_ session: isolated Session) async {
        guard let player = session.player else { return }
        guard let pet = player.place as? Pet else {
            await TalkCommands.describePlace(session)
            let active = session.world.pets.activePets().prefix(5)
            if active.isEmpty {
                session.connection.send("No pet has visitors right now. Type \"pets\" to see them all.\n")
            } else {
                var text = "Busiest pets:\n"
                for (pet, visitors) in active {
                    text += "  #\(pet.id) \(pet.shortName) the \(pet.species.displayName), \(visitors) visitor\(visitors == 1 ? "" : "s")\n"
                }
                session.connection.send(session.wrap(text))
            }
            return
        }
        let status = await pet.status(at: session.world.now)
        session.out(session.wrap(PetFormatter.look(status, viewer: player.name, screenReader: session.screenReader)))
    }

    static func feed(_ session: isolated Session, _ args: String) async {
        guard let accountID = requireAccount(session, "feed pets"), let member = session.member else { return }
        guard let pet = await target(session, args, verb: "feed") else { return }
        let result = await pet.feed(by: member, accountID: accountID, at: session.world.now)
        switch result {
        case .done(let before, let after):
            session.connection.send(session.wrap("You feed \(pet.shortName). Hunger \(change(session, before, after)).\n"))
            await reactForCarer(session, pet, .fed, member)
        case .dead:
            session.connection.send(session.wrap("Sorry, \(pet.shortName) has passed away and no longer needs food. You can still visit to remember them.\n"))
        case .notOwner:
            let treat = pet.shortName == pet.name ? pet.name : "#\(pet.id)"
            session.connection.send(session.wrap("Only \(pet.ownerName) can feed \(pet.shortName). You can give a treat instead: treat \(treat)\n"))
        }
    }

    static func giveTreat(_ session: isolated Session, _ args: String) async {
        guard let accountID = requireAccount(session, "give treats"), let member = session.member else { return }
        guard let pet = await target(session, args, verb: "treat") else { return }
        guard pet.isAlive(at: session.world.now) else {
            session.connection.send(session.wrap("Sorry, \(pet.shortName) has passed away; your treat stays in your pocket.\n"))
            return
        }
        guard session.world.treats.take(accountID) else {
            session.connection.send("You have no treats left. \(refillText(session))\n")
            return
        }
        let result = await pet.treat(by: member, at: session.world.now)
        switch result {
        case .done(let before, let after):
            session.world.events.recordTreat(petID: pet.id, giverID: accountID, giver: member.name,
                                             toOwnPet: pet.ownerID == accountID, tick: session.world.now)
            let left = session.world.treats.count(accountID)
            session.connection.send(session.wrap("You give \(pet.shortName) a treat. Hunger \(change(session, before, after)). You have \(left) treat\(left == 1 ? "" : "s") left.\n"))
            await reactForCarer(session, pet, .treat, member)
        case .dead, .notOwner:
            session.world.treats.refund(accountID)
            session.connection.send(session.wrap("Sorry, \(pet.shortName) has passed away; your treat stays in your pocket.\n"))
        }
    }

    /// The giver's own view of the pet's reaction, after their answer (the room saw it
    /// with the care line), unless they turned reactions off.
    private static func reactForCarer(_ session: isolated Session, _ pet: Pet, _ reaction: Reaction, _ member: RoomMember) async {
        guard session.prefs.tickMode.showsReactions else { return }
        _ = await pet.react(reaction, by: member, onlyTo: true)
    }

    /// The pet named in `args`, or the one whose room the player is in.
    private static func target(_ session: isolated Session, _ args: String, verb: String) async -> Pet? {
        let query = args.trimmingCharacters(in: .whitespaces)
        if query.isEmpty {
            if let pet = session.player?.place as? Pet { return pet }
            session.connection.send("\(verb.capitalized) which pet? Use \"\(verb) <pet>\" or visit a pet first.\n")
            return nil
        }
        guard let pet = findPet(session, query) else { return nil }
        return pet
    }

    /// "250 → 150", or "from 250 to 150" for screen readers.
    private static func change(_ session: isolated Session, _ before: Int, _ after: Int) -> String {
        session.screenReader ? "from \(before) to \(after)" : "\(before) → \(after)"
    }

    static func showTreats(_ session: isolated Session) {
        guard let accountID = requireAccount(session, "hold treats") else { return }
        let held = session.world.treats.count(accountID)
        session.connection.send("You hold \(held) of \(TreatBank.maximum) treats. \(refillText(session))\n")
    }

    static func refillText(_ session: isolated Session) -> String {
        let interval = Int64(session.services.config.treatRefillInterval.components.seconds)
        let next = session.world.treats.lastRefill + max(interval, 1)
        let seconds = max(0, next - session.services.clock.unixSeconds())
        let minutes = (seconds + 59) / 60
        return minutes <= 1 ? "The next refill is in under a minute." : "The next refill is in \(minutes) minutes."
    }

    /// `ticks all|changes|off` (`on` for `all`); `ticks` alone shows the setting.
    static func setTicks(_ session: isolated Session, _ args: String) async {
        let word = args.trimmingCharacters(in: .whitespaces)
        guard !word.isEmpty else {
            session.connection.send("Pet status lines: \(session.prefs.tickMode.name). \(describe(session.prefs.tickMode)) Change with: ticks all|changes|off\n")
            return
        }
        guard let mode = TickMode(parsing: word) else {
            session.connection.send("Usage: ticks all|changes|off (now \(session.prefs.tickMode.name))\n")
            return
        }
        session.prefs.setTickMode(mode)
        session.connection.send("Pet status lines: \(mode.name). \(describe(mode))\n")
        await SavedPreferences.save(session, .ticks, mode.name)
    }

    private static func describe(_ mode: TickMode) -> String {
        switch mode {
        case .all: "You see every pet's status every tick, and their reactions."
        case .changes: "You see a pet's status when its hearts, mood or age milestone change, and its reactions."
        case .off: "You see no status lines and no reactions; the prompt still shows the hearts."
        }
    }

    /// `pet <pet>` and `play <pet>`: in the pet's room, anyone, no effect on hunger; the pet
    /// reacts to the whole room.
    static func interact(_ session: isolated Session, _ args: String, playing: Bool) async {
        guard let player = session.player, let member = session.member else { return }
        let verb = playing ? "play" : "pet"
        let query = args.trimmingCharacters(in: .whitespaces)
        let pet: Pet
        if query.isEmpty {
            guard let here = player.place as? Pet else {
                session.connection.send("\(playing ? "Play with" : "Pet") which pet? Visit one first, then: \(verb) <pet>\n")
                return
            }
            pet = here
        } else {
            guard let found = findPet(session, query) else {
                session.connection.send("There is no pet called \(TextSanitizer.clean(query)).\n")
                return
            }
            guard found.placeID == player.place.placeID else {
                let visit = found.shortName == found.name ? found.name : "#\(found.id)"
                session.connection.send(session.wrap("\(found.shortName) is not here. Visit first: visit \(visit)\n"))
                return
            }
            pet = found
        }
        if !(await pet.react(playing ? .played : .petted, by: member)) {
            session.connection.send(session.wrap(Reactions.remembrance(pet: pet.shortName, played: playing) + "\n"))
        }
    }

    static func listPets(_ session: isolated Session, _ args: String) async {
        var words = args.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var page = 1
        if let last = words.last, let number = Int(last), number >= 1 {
            page = min(number, 1_000_000)
            words.removeLast()
        }
        let word = words.joined(separator: " ")
        let filter: PetFilter
        switch word.lowercased() {
        case "": filter = .all
        case "mine":
            guard let accountID = requireAccount(session, "own pets") else { return }
            filter = .mine(ownerID: accountID)
        case "live", "alive": filter = .live
        case "dead": filter = .dead
        default: filter = .prefix(word)
        }
        let now = session.world.now
        let (pets, hasMore) = session.world.pets.page(filter, page: page, pageSize: 15, now: now)
        var statuses: [PetStatus] = []
        for pet in pets { statuses.append(await pet.status(at: now)) }
        guard case .playing = session.phase else { return }
        let visitors = Dictionary(uniqueKeysWithValues: pets.map { ($0.id, session.world.pets.visitorCount($0.id)) })
        let adoptHint = session.player?.accountID == nil ? "" : " Adopt one with: adopt <name> [species]"
        let empty: String
        switch filter {
        case .all: empty = "No pets yet.\(adoptHint)\n"
        case .mine: empty = "You have no pets yet.\(adoptHint)\n"
        case .live: empty = "No pet is alive right now.\(adoptHint)\n"
        case .dead: empty = "No pet has died yet.\n"
        case .prefix: empty = "No pet's name starts with \"\(TextSanitizer.clean(word))\". \"pets\" lists every pet.\n"
        }
        let total = session.world.pets.count
        session.out(session.wrap(PetFormatter.list(statuses, visitors: visitors, page: page, hasMore: hasMore,
                                                   command: word.isEmpty ? "pets" : "pets \(TextSanitizer.clean(word))", total: total,
                                                   matching: filter == .all ? nil : session.world.pets.count(filter, now: now),
                                                   empty: empty, screenReader: session.screenReader)))
    }
}
