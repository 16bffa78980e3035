import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Pet commands: adopt, pets, visit, leave, look, feed, treat, treats, ticks.
extension Session {
    var world: World { services.world }

    /// The account behind the player, or a polite refusal for guests.
    private func requireAccount(_ action: String) -> Int64? {
        guard let accountID = player?.accountID else {
            connection.send("Guests can look around and chat, but not \(action). Create a character to join in: quit, then choose a name.\n")
            return nil
        }
        return accountID
    }

    func adopt(_ args: String) async {
        guard let player, let accountID = requireAccount("adopt pets") else { return }
        var words = args.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else {
            connection.send("Usage: adopt <name> [species]. Species: \(Species.allCases.map(\.rawValue).joined(separator: ", ")).\n")
            return
        }
        var species = Species.allCases.randomElement() ?? .cat
        if words.count > 1, let chosen = Species(input: words[words.count - 1]) {
            species = chosen
            words.removeLast()
        } else if words.count > 2, let chosen = Species(input: words.suffix(2).joined()) {
            species = chosen
            words.removeLast(2)
        }
        let name = words.joined(separator: " ")
        do {
            let pet = try await world.adopt(name: name, species: species, ownerID: accountID, ownerName: player.name)
            Logger.shared.info("adopt", ["owner": player.name, "pet": pet.name, "id": "\(pet.id)"])
            // The whole name, wrapped; a long one is easier to visit by number.
            let visit = pet.shortName == pet.name ? pet.name : "#\(pet.id)"
            connection.send(wrap("You adopt \(pet.name) the \(species.displayName) (#\(pet.id))! Visit with: visit \(visit)\n"))
        } catch {
            switch error {
            case .invalidName(let reason): connection.send("\(reason)\n")
            case .nameTaken: connection.send("There is already a pet called \(TextSanitizer.clean(name)), or one whose name looks the same. Pet names are unique; try another.\n")
            case .tooMany: connection.send("You already care for \(World.maxLivePets) live pets; that is as many as anyone can look after.\n")
            case .storeFailed: connection.send("Sorry, the adoption could not be saved. Please try again in a moment.\n")
            }
        }
    }

    /// Finds a pet by `#id` or name (exact, then a unique prefix).
    func findPet(_ text: String) -> Pet? {
        let query = text.trimmingCharacters(in: .whitespaces)
        if query.hasPrefix("#"), let id = Int64(query.dropFirst()) { return world.pets.pet(id: id) }
        if let pet = world.pets.pet(named: query) { return pet }
        let candidates = world.pets.pets(prefix: query, limit: 2)
        return candidates.count == 1 ? candidates[0] : nil
    }

    func visit(_ args: String) async {
        guard let player, let member else { return }
        let query = args.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else {
            connection.send("Usage: visit <pet name> or visit #<id>\n")
            return
        }
        guard let pet = findPet(query) else {
            connection.send("There is no pet called \(TextSanitizer.clean(query)). Try \"pets \(TextSanitizer.clean(query))\" to search.\n")
            return
        }
        if player.place.placeID == pet.placeID {
            connection.send("You are already with \(pet.shortName).\n")
            return
        }
        // Account names are at most 16 characters: with the short name, 59 columns at most.
        await move(member: member, to: pet, leaving: "\(player.name) leaves to visit \(pet.shortName).\n",
                   arriving: "\(player.name) arrives to visit \(pet.shortName).\n")
    }

    func leaveRoom() async {
        guard let player, let member else { return }
        guard player.place.placeID != .lobby else {
            connection.send("You are already in the Lobby.\n")
            return
        }
        await move(member: member, to: services.lobby, leaving: "\(player.name) leaves for the Lobby.\n", arriving: "\(player.name) arrives.\n")
    }

    private func move(member: RoomMember, to destination: any Place, leaving: String, arriving: String) async {
        guard let from = player?.place else { return }
        await from.leave(id, announce: leaving)
        guard case .playing = phase else { return }
        player?.place = destination
        await destination.enter(member, announce: arriving)
        await services.presence.moved(name: member.name, sessionID: id, to: destination)
        sendRoomInfo()
        await look()
    }

    func look() async {
        guard let player else { return }
        guard let pet = player.place as? Pet else {
            await describePlace()
            let active = world.pets.activePets().prefix(5)
            if active.isEmpty {
                connection.send("No pet has visitors right now. Type \"pets\" to see them all.\n")
            } else {
                var text = "Busiest pets:\n"
                for (pet, visitors) in active {
                    text += "  #\(pet.id) \(pet.shortName) the \(pet.species.displayName), \(visitors) visitor\(visitors == 1 ? "" : "s")\n"
                }
                connection.send(wrap(text))
            }
            return
        }
        let status = await pet.status(at: world.now)
        out(wrap(PetFormatter.look(status, viewer: player.name, screenReader: screenReader)))
    }

    func feed(_ args: String) async {
        guard let accountID = requireAccount("feed pets"), let member else { return }
        guard let pet = await target(args, verb: "feed") else { return }
        let result = await pet.feed(by: member, accountID: accountID, at: world.now)
        switch result {
        case .done(let before, let after):
            connection.send(wrap("You feed \(pet.shortName). Hunger \(change(before, after)).\n"))
        case .dead:
            connection.send(wrap("Sorry, \(pet.shortName) has passed away and no longer needs food. You can still visit to remember them.\n"))
        case .notOwner:
            let treat = pet.shortName == pet.name ? pet.name : "#\(pet.id)"
            connection.send(wrap("Only \(pet.ownerName) can feed \(pet.shortName). You can give a treat instead: treat \(treat)\n"))
        }
    }

    func giveTreat(_ args: String) async {
        guard let accountID = requireAccount("give treats"), let member else { return }
        guard let pet = await target(args, verb: "treat") else { return }
        guard pet.isAlive(at: world.now) else {
            connection.send(wrap("Sorry, \(pet.shortName) has passed away; your treat stays in your pocket.\n"))
            return
        }
        guard world.treats.take(accountID) else {
            connection.send("You have no treats left. \(refillText())\n")
            return
        }
        let result = await pet.treat(by: member, at: world.now)
        switch result {
        case .done(let before, let after):
            let left = world.treats.count(accountID)
            connection.send(wrap("You give \(pet.shortName) a treat. Hunger \(change(before, after)). You have \(left) treat\(left == 1 ? "" : "s") left.\n"))
        case .dead, .notOwner:
            world.treats.refund(accountID)
            connection.send(wrap("Sorry, \(pet.shortName) has passed away; your treat stays in your pocket.\n"))
        }
    }

    /// The pet named in `args`, or the one whose room the player is in.
    private func target(_ args: String, verb: String) async -> Pet? {
        let query = args.trimmingCharacters(in: .whitespaces)
        if query.isEmpty {
            if let pet = player?.place as? Pet { return pet }
            connection.send("\(verb.capitalized) which pet? Use \"\(verb) <pet>\" or visit a pet first.\n")
            return nil
        }
        guard let pet = findPet(query) else {
            connection.send("There is no pet called \(TextSanitizer.clean(query)).\n")
            return nil
        }
        return pet
    }

    /// "250 → 150", or "from 250 to 150" for screen readers.
    private func change(_ before: Int, _ after: Int) -> String {
        screenReader ? "from \(before) to \(after)" : "\(before) → \(after)"
    }

    func showTreats() {
        guard let accountID = requireAccount("hold treats") else { return }
        let held = world.treats.count(accountID)
        connection.send("You hold \(held) of \(TreatBank.maximum) treats. \(refillText())\n")
    }

    func refillText() -> String {
        let interval = Int64(services.config.treatRefillInterval.components.seconds)
        let next = world.treats.lastRefill + max(interval, 1)
        let seconds = max(0, next - services.clock.unixSeconds())
        let minutes = (seconds + 59) / 60
        return minutes <= 1 ? "The next refill is in under a minute." : "The next refill is in \(minutes) minutes."
    }

    func setTicks(_ args: String) {
        switch args.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on":
            prefs.ticks.store(true, ordering: .relaxed)
            connection.send("Pet status lines are on.\n")
        case "off":
            prefs.ticks.store(false, ordering: .relaxed)
            connection.send("Pet status lines are off. Type \"ticks on\" to see them again.\n")
        default:
            connection.send("Usage: ticks on|off (they are \(prefs.ticks.load(ordering: .relaxed) ? "on" : "off") now)\n")
        }
    }

    func listPets(_ args: String) async {
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
            guard let accountID = requireAccount("own pets") else { return }
            filter = .mine(ownerID: accountID)
        case "live", "alive": filter = .live
        case "dead": filter = .dead
        default: filter = .prefix(word)
        }
        let now = world.now
        let (pets, hasMore) = world.pets.page(filter, page: page, pageSize: 15, now: now)
        var statuses: [PetStatus] = []
        for pet in pets { statuses.append(await pet.status(at: now)) }
        let visitors = Dictionary(uniqueKeysWithValues: pets.map { ($0.id, world.pets.visitorCount($0.id)) })
        out(wrap(PetFormatter.list(statuses, visitors: visitors, page: page, hasMore: hasMore,
                              command: word.isEmpty ? "pets" : "pets \(TextSanitizer.clean(word))", total: world.pets.count,
                              screenReader: screenReader)))
    }
}
