import LivePetNet
import LivePetSupport
import LivePetTelnet

/// What a tick changed that a person would notice (`Pet.tick`): hearts, the mood, an age
/// milestone. Computed from the pet's closed-form state at this tick and the one before,
/// so nothing is stored per pet.
struct TickNews {
    let hearts: Int
    let heartsChanged: Bool
    /// The mood the pet has fallen into this tick, if it changed.
    let newMood: String?
    let milestone: Bool

    /// A status line for `ticks changes`.
    var notable: Bool { heartsChanged || newMood != nil || milestone }

    /// Every 1,000 ticks of age, and every 25 of the last 100.
    static func isMilestone(age: Int64) -> Bool {
        guard age > 0 else { return false }
        if age % 1_000 == 0 { return true }
        return age >= PetState.lifespan - 100 && age % 25 == 0
    }

    init(_ state: PetState, at now: Int64) {
        let hunger = state.hunger(at: now)
        // Fed at this very tick: the care line told the room already.
        let previous = now > state.hungerTick ? state.hunger(at: now - 1) : hunger
        hearts = PetState.hearts(hunger: hunger)
        heartsChanged = hearts != PetState.hearts(hunger: previous)
        let mood = PetState.mood(hunger: hunger, alive: true)
        newMood = mood != PetState.mood(hunger: previous, alive: true) ? mood : nil
        milestone = Self.isMilestone(age: state.age(at: now))
    }
}

/// The pet's reactions (`Reactions`) and the prompts of the people in its room. Reactions
/// exist only while someone is there: they hang on the room's `RoomLife`, which the
/// directory keeps for pets with visitors only.
extension Pet {
    /// The scope of this room's prompts (`RoomPrompt`): the place's identity, as the session's.
    nonisolated var promptScope: UInt { UInt(bitPattern: ObjectIdentifier(self)) }

    /// Tells every member's prompt the pet's hearts changed (`RoomPrompt.atPeace` once dead).
    func refreshPrompts(_ members: inout RoomMembers, hearts: Int) {
        members.refreshPrompts(scope: promptScope, title: shortName, hearts: hearts, treats: directory.treats)
    }

    /// A tick's reaction, at most one, and only if the room's rate limit allows: the mood
    /// falling to hungry or starving first, then missing the owner, then idle behaviour.
    func reactToTick(_ news: TickNews, at now: Int64, life: RoomLife, members: inout RoomMembers) {
        let ownerHere = members.members.contains { $0.name == ownerName }
        if ownerHere { life.ownerPresent(at: now) }
        let reaction: Reaction
        if news.newMood == "hungry" {
            reaction = .hungry
        } else if news.newMood == "starving" {
            reaction = .starving
        } else if !ownerHere, life.missesOwner(at: now) {
            reaction = .lonely
        } else if life.idleRoll() {
            reaction = .idle
        } else {
            return
        }
        guard life.claimUnprompted(at: now) else { return }
        if reaction == .lonely { life.toldLonely(at: now) }
        let line = Reactions.line(species, reaction, pet: shortName, who: nil, index: life.pick(8))
        members.broadcastReaction(line)
    }

    /// The reaction to a feed or a treat, for everyone but the giver (who gets theirs after
    /// their own answer: `react(_:by:)`). Nil without visitors.
    func careReaction(_ reaction: Reaction, by member: RoomMember, at now: Int64) -> RoomLine? {
        guard let life = directory.life(id) else { return nil }
        life.notePrompted(at: now)
        return Reactions.line(species, reaction, pet: shortName, who: member.name, index: life.pick(8))
    }

    /// A reaction nobody asked for (an arrival, a departure), if the room's rate limit allows.
    func reactUnprompted(_ reaction: Reaction, who: String?) {
        let now = directory.clock.now
        guard state.isAlive(at: now), let life = directory.life(id), life.claimUnprompted(at: now) else { return }
        let line = Reactions.line(species, reaction, pet: shortName, who: who, index: life.pick(8))
        roster.withMembers { $0.broadcastReaction(line, about: who) }
    }

    /// Someone arrived and has looked around: the pet may greet them (rate-limited).
    package func greet(_ member: RoomMember) {
        if member.name == ownerName { directory.life(id)?.ownerPresent(at: directory.clock.now) }
        reactUnprompted(.arrive, who: member.name)
    }

    /// `pet`, `play`, and the giver's own view of a feed or a treat: a reaction the command
    /// caused, which always shows (to `member` whatever their tick setting; to the rest of
    /// the room unless `onlyTo`, but not to those who ignore `member`). Returns false when
    /// the pet has died.
    package func react(_ reaction: Reaction, by member: RoomMember, onlyTo: Bool = false) -> Bool {
        let now = directory.clock.now
        guard state.isAlive(at: now) else { return false }
        let life = directory.life(id)
        life?.notePrompted(at: now)
        let line = Reactions.line(species, reaction, pet: shortName, who: member.name, index: life?.pick(8) ?? 0)
        roster.withMembers { members in
            if !onlyTo { members.broadcastReaction(line, except: member.sessionID, about: member.name) }
        }
        var encoded = EncodedLine(line)
        member.connection.send(encoded: Array(encoded.bytes(variant: EncodedLine.variant(member.prefs, member.connection))))
        return true
    }

    // MARK: Its name said in the room

    public nonisolated func say(from member: RoomMember, text: String) {
        roster.say(from: member, text: text)
        heard(text, from: member)
    }

    public nonisolated func emote(from member: RoomMember, text: String) {
        roster.emote(from: member, text: text)
        heard(text, from: member)
    }

    /// The pet reacts to its name in talk, if the room's rate limit allows. One scan of the
    /// line in a pet's room; the rest only when the name is there.
    private nonisolated func heard(_ text: String, from member: RoomMember) {
        guard Self.mentions(text, name: name) else { return }
        let now = directory.clock.now
        guard isAlive(at: now), let life = directory.life(id), life.claimUnprompted(at: now) else { return }
        let line = Reactions.line(species, .named, pet: shortName, who: member.name, index: life.pick(8))
        roster.withMembers { $0.broadcastReaction(line, about: member.name) }
    }

    /// Whether `text` holds the pet's call name (the first word of its name, or the whole
    /// name when that word is shorter than three bytes) as a word of its own, ignoring ASCII
    /// case: "whiskers!" calls Whiskers, "Whiskersson" does not. Bytes only, no grapheme
    /// breaking: every `say` in a pet's room pays for this (about a hundred instructions for
    /// a short line; the `rooms` benchmark measured it).
    static func mentions(_ text: String, name: String) -> Bool {
        var text = text
        var name = name
        return name.withUTF8 { full in
            var needle = full
            if let space = full.firstIndex(of: 0x20), space >= 3 { needle = UnsafeBufferPointer(rebasing: full[..<space]) }
            return text.withUTF8 { hay in
                guard !needle.isEmpty, hay.count >= needle.count else { return false }
                @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }
                @inline(__always) func isWordByte(_ byte: UInt8) -> Bool {
                    byte >= 0x80 || byte &- 48 < 10 || (byte | 0x20) &- 97 < 26
                }
                let first = lower(needle[0])
                var start = 0
                while start + needle.count <= hay.count {
                    if lower(hay[start]) == first {
                        var index = 1
                        while index < needle.count, lower(hay[start + index]) == lower(needle[index]) { index += 1 }
                        if index == needle.count {
                            let end = start + needle.count
                            if (start == 0 || !isWordByte(hay[start - 1])) && (end == hay.count || !isWordByte(hay[end])) { return true }
                        }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
