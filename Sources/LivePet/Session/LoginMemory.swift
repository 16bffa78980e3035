import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What a player hears at login about the time they were away: messages kept for them
/// (offline `tell`s), then for a fresh login after an earlier one, what happened to their
/// pets (visitors, treats and from whom, deaths) and one line per live pet. Read from the
/// store (`ProfileStore`) and the events not yet checkpointed (`PetEventLog`); bounded by
/// the stores' bounds (20 messages, 50 events per pet, 20 live pets).
enum LoginMemory {
    /// Names listed per pet and kind before "and N others".
    static let namesShown = 5

    static func afterLogin(_ session: isolated Session, account: AccountRecord, fresh: Bool) async {
        let services = session.services
        let now = services.clock.unixSeconds()
        let tick = services.world.now
        var text = ""
        var messages: [OfflineMessage] = []
        do {
            messages = try await services.profiles.takeMessages(recipientID: account.id, notBefore: now - services.offlineLimits.maxAge)
            for message in messages {
                let ago = TimeText.describe(seconds: max(1, now - message.sentAt))
                text += "  \(message.senderName) told you \(ago) ago, \"\(message.text)\"\n"
            }
        } catch {
            Logger.shared.error("offline_messages_failed", ["account": "\(account.id)", "error": "\(error)"])
            text += "  (Messages kept for you could not be read just now; they are not lost.)\n"
        }
        if fresh, let since = account.lastSeenTick {
            text += await petNews(session, account: account, since: since, now: tick)
        }
        do {
            try await services.profiles.setLastSeen(accountID: account.id, unixTime: now, tick: tick)
        } catch {
            Logger.shared.error("last_seen_failed", ["account": "\(account.id)", "error": "\(error)"])
        }
        guard case .playing = session.phase else {
            // Gone before reading them: the messages wait for the next login instead.
            await putBack(services, messages)
            return
        }
        if !text.isEmpty { session.connection.send(session.wrap("While you were away:\n" + text)) }
        if fresh, account.lastSeenTick != nil { await petLines(session, ownerID: account.id, now: tick) }
    }

    /// Keeps messages taken for a login that ended before it could show them.
    private static func putBack(_ services: Services, _ messages: [OfflineMessage]) async {
        var limits = services.offlineLimits
        limits.perSenderPerRecipient = .max
        limits.perSender = .max
        for message in messages {
            do {
                _ = try await services.profiles.leaveMessage(message, limits: limits)
            } catch {
                Logger.shared.error("offline_messages_failed", ["account": "\(message.recipientID)", "error": "\(error)"])
            }
        }
    }

    /// Visits, treats and deaths of the owner's pets after world tick `since`.
    private static func petNews(_ session: isolated Session, account: AccountRecord, since: Int64, now: Int64) async -> String {
        let pets = session.world.pets.pets(ownedBy: account.id)
        guard !pets.isEmpty else { return "" }
        let ids = pets.map(\.id)
        var events = session.world.events.pending(petIDs: Set(ids), afterTick: since)
        do {
            events += try await session.services.profiles.petEvents(petIDs: ids, afterTick: since)
        } catch {
            Logger.shared.error("pet_events_failed", ["account": "\(account.id)", "error": "\(error)"])
        }
        var text = ""
        for pet in pets {
            let mine = events.filter { $0.petID == pet.id }
            for kind in PetEvent.Kind.allCases {
                let line = describe(mine.filter { $0.kind == kind }, kind: kind)
                if !line.isEmpty { text += "  \(pet.shortName) \(line)\n" }
            }
            if pet.deathTick > since, pet.deathTick <= now {
                text += "  \(pet.shortName) the \(pet.species.displayName) died peacefully of old age.\n"
            }
        }
        return text
    }

    /// "had visitors: Bob (3 times), Carol" / "got treats from Carol (2)"; "" for none.
    static func describe(_ events: [PetEvent], kind: PetEvent.Kind) -> String {
        guard !events.isEmpty else { return "" }
        var counts: [String: (name: String, count: Int)] = [:]
        for event in events {
            counts[NameKey.make(event.actor), default: (event.actor, 0)].count += event.count
        }
        let sorted = counts.values.sorted { $0.count != $1.count ? $0.count > $1.count : NameKey.make($0.name) < NameKey.make($1.name) }
        var names = sorted.prefix(namesShown).map { entry -> String in
            switch kind {
            case .visit: entry.count == 1 ? entry.name : "\(entry.name) (\(entry.count) times)"
            case .treat: entry.count == 1 ? entry.name : "\(entry.name) (\(entry.count))"
            }
        }
        if sorted.count > namesShown { names.append("and \(sorted.count - namesShown) others") }
        switch kind {
        case .visit: return "had visitors: \(names.joined(separator: ", "))."
        case .treat: return "got treats from \(names.joined(separator: ", "))."
        }
    }

    /// One line per live pet: hearts and mood.
    private static func petLines(_ session: isolated Session, ownerID: Int64, now: Int64) async {
        let live = session.world.pets.pets(ownedBy: ownerID).filter { $0.isAlive(at: now) }
        guard !live.isEmpty else { return }
        var text = "Your pets:\n"
        for pet in live.prefix(World.maxLivePets) {
            let status = await pet.status(at: now)
            let hearts = PetState.heartsText(status.hearts, plain: session.screenReader)
            text += "  \(pet.shortName) the \(pet.species.displayName): \(Styled.paint(hearts, Styled.red)), \(PetState.mood(hunger: status.hunger, alive: true)).\n"
        }
        guard case .playing = session.phase else { return }
        session.out(session.wrap(text))
    }
}
