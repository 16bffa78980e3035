import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What the world remembers, asked for: `history`, `finger` (`whois`) and `score` (`me`).
enum MemoryCommands {
    /// Lines someone entering a pet's room sees: at most this many...
    static let arrivalLines = 5
    /// ...said at most this long ago (on the server's clock).
    static let arrivalWindow: Duration = .seconds(600)
    /// Pets listed by `finger` before "and N more".
    static let petsShown = 20

    // MARK: History

    static func history(_ session: isolated Session, _ args: String) async {
        guard let player = session.player else { return }
        let now = session.services.clock.uptimeNanos()
        switch args.trimmingCharacters(in: .whitespaces).lowercased() {
        case "":
            let lines = visible(session, session.services.history.lines(.place(player.place.placeID)))
            guard !lines.isEmpty else {
                session.connection.send("Nothing has been said here lately.\n")
                return
            }
            session.connection.send(session.wrap("Said in \(player.place.title) lately:\n" + render(lines, now: now)))
        case "chat":
            let on = await session.services.presence.entry(named: player.name)?.channelOn ?? true
            guard on else {
                session.answer("Your chat channel is off: its history is for players on it. \"channel on\" joins it.\n")
                return
            }
            let lines = visible(session, session.services.history.lines(.chat))
            guard !lines.isEmpty else {
                session.answer("Nothing has been said on the chat channel lately.\n")
                return
            }
            session.answer(session.wrap("Said on the chat channel lately:\n" + render(lines, now: now)))
        default:
            session.connection.send("Usage: history [chat]\n")
        }
    }

    /// On arrival in a pet's room: the last few lines said there in the last ten minutes.
    static func showRecentTalk(_ session: isolated Session, in place: any Place) {
        let now = session.services.clock.uptimeNanos()
        let window = UInt64(arrivalWindow.nanoseconds)
        let since = now > window ? now - window : 0
        let lines = visible(session, session.services.history.lines(.place(place.placeID), limit: arrivalLines, since: since))
        guard !lines.isEmpty else { return }
        session.connection.send(session.wrap("Said here recently:\n" + render(lines, now: now)))
    }

    /// Without the lines of people this player ignores.
    private static func visible(_ session: isolated Session, _ lines: [TalkHistory.Line]) -> [TalkHistory.Line] {
        lines.filter { !session.prefs.isIgnoring($0.speaker) }
    }

    private static func render(_ lines: [TalkHistory.Line], now: UInt64) -> String {
        var text = ""
        for line in lines {
            let seconds = Int64((now > line.at ? now - line.at : 0) / 1_000_000_000)
            let ago = seconds < 60 ? "just now" : "\(TimeText.describe(seconds: seconds)) ago"
            text += "  [\(ago)] \(line.text)\n"
        }
        return text
    }

    // MARK: Profiles

    static func finger(_ session: isolated Session, _ args: String) async {
        let query = args.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else {
            session.connection.send("Usage: finger <name> (\"score\" shows your own)\n")
            return
        }
        await profile(session, of: query, own: false)
    }

    static func score(_ session: isolated Session) async {
        guard let player = session.player else { return }
        await profile(session, of: player.name, own: true)
    }

    private static func profile(_ session: isolated Session, of query: String, own: Bool) async {
        let services = session.services
        let entry = await services.presence.entry(named: query)
        var account: AccountRecord?
        if entry?.isGuest != true, query.count <= NameRules.accountNameLength.upperBound {
            do {
                account = try await services.accounts.account(named: query)
            } catch {
                Logger.shared.error("store", ["error": "\(error)", "action": "finger"])
                session.answer("Sorry, that profile cannot be read just now. Please try again in a moment.\n")
                return
            }
        }
        guard case .playing = session.phase else { return }
        guard entry != nil || account != nil else {
            await unknown(session, query)
            return
        }
        let name = account?.name ?? entry?.name ?? query
        var text = Styled.paint(name, Styled.bold) + (account == nil ? ", a guest" : "") + "\n"
        if let account { text += "Joined \(TimeText.date(account.createdAt)).\n" }
        if let entry {
            let now = services.clock.uptimeNanos()
            let seconds = Int64((now > entry.since ? now - entry.since : 0) / 1_000_000_000)
            text += entry.linkDead ? "Online (link dead) for \(TimeText.describe(seconds: seconds)).\n"
                                   : "Online for \(TimeText.describe(seconds: seconds)).\n"
        } else if let seen = account?.lastSeen {
            text += "Last seen \(TimeText.describe(seconds: max(0, services.clock.unixSeconds() - seen))) ago (\(TimeText.date(seen))).\n"
        } else {
            text += "Not seen yet.\n"
        }
        if let account {
            let given = account.treatsGiven + session.world.events.pendingGiven(account.id)
            text += "Treats given: \(given).\n"
            text += petList(session, ownerID: account.id)
        }
        if own { text += settings(session, accountID: account?.id, channelOn: entry?.channelOn ?? true) }
        session.out(session.wrap(text))
    }

    private static func petList(_ session: isolated Session, ownerID: Int64) -> String {
        let now = session.world.now
        let pets = session.world.pets.pets(ownedBy: ownerID)
        guard !pets.isEmpty else { return "No pets yet.\n" }
        // The living first, then the most recently born of the dead.
        let ordered = pets.filter { $0.isAlive(at: now) } + pets.filter { !$0.isAlive(at: now) }.reversed()
        var names = ordered.prefix(petsShown).map { pet in
            "\(pet.shortName) the \(pet.species.displayName)\(pet.isAlive(at: now) ? "" : " (died)")"
        }
        if ordered.count > petsShown { names.append("and \(ordered.count - petsShown) more") }
        let live = pets.filter { $0.isAlive(at: now) }.count
        return "Pets (\(live) alive): \(names.joined(separator: ", ")).\n"
    }

    private static func settings(_ session: isolated Session, accountID: Int64?, channelOn: Bool) -> String {
        var text = ""
        if let accountID {
            text += "Treats held: \(session.world.treats.count(accountID)) of \(TreatBank.maximum). \(PetCommands.refillText(session))\n"
        }
        func onOff(_ on: Bool) -> String { on ? "on" : "off" }
        text += "Settings: color \(onOff(session.prefs.colour)), screenreader \(onOff(session.screenReader)), "
            + "ticks \(session.prefs.tickMode.name), channel \(onOff(channelOn)), charset \(session.connection.charset.name)"
        text += accountID == nil ? ".\n(A guest's settings last until you leave.)\n" : ".\n"
        return text
    }

    /// The longest key that is compared letter by letter: longer than any account name, and
    /// short enough that a 512-character `finger` costs nothing against a full house.
    static let maxFuzzyKeyLength = 18

    /// Up to five `names` that `key` (`NameKey`) starts or looks like a typo of (distance 2 at
    /// most). The distance is computed only for a key of at most `maxFuzzyKeyLength`
    /// characters and a name within 2 characters of its length (farther ones cannot be within
    /// 2 edits), so a long query against many names stays cheap.
    /// `distance` is there for tests, to count the comparisons made.
    static func lookAlike(_ key: String, among names: [String],
                          distance: (String, String) -> Int = EditDistance.damerauLevenshtein) -> [String] {
        let length = key.count
        let fuzzy = length <= maxFuzzyKeyLength
        var close: [String] = []
        for name in names where close.count < 5 {
            let other = NameKey.make(name)
            if other.hasPrefix(key) || (fuzzy && abs(other.count - length) <= 2 && distance(other, key) <= 2) {
                close.append(name)
            }
        }
        return close
    }

    /// No such player: the closest names of players online, if any look alike.
    private static func unknown(_ session: isolated Session, _ query: String) async {
        let shown = TextSanitizer.clean(query)
        let key = NameKey.make(query)
        let names = await session.services.presence.entries().map(\.name)
        guard case .playing = session.phase else { return }
        let close = lookAlike(key, among: names)
        if close.isEmpty {
            session.connection.send("There is nobody called \(shown). \"who\" lists who is online.\n")
        } else {
            session.connection.send("There is nobody called \(shown). Did you mean: \(close.joined(separator: ", "))?\n")
        }
    }
}
