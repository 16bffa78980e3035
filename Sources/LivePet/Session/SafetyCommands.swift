import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What keeps a session fair and its player safe: the command-rate notice, the chat cooldown,
/// idle logout, link-dead characters, `ignore` / `unignore`, and `password`.
enum SafetyCommands {
    // MARK: Command rate

    static func linesDropped(_ session: isolated Session, _ count: Int) {
        let lines = count == 1 ? "1 line was" : "\(count) lines were"
        let rate = session.services.config.abuse.commandRate
        if rate > 0 {
            let perSecond = rate == rate.rounded() ? "\(Int(rate))" : "\(rate)"
            session.connection.send("(Slow down: you sent commands faster than \(perSecond) a second for too long, so \(lines) dropped.)\n")
        } else {
            session.connection.send("(You typed faster than the server reads: \(lines) dropped.)\n")
        }
        Logger.shared.info("lines_dropped", ["ip": session.connection.peerAddress, "count": "\(count)"])
    }

    // MARK: Chat cooldown

    /// Counts one message against the chat cooldown; false (and a notice) when over it.
    static func chatAllowed(_ session: isolated Session) -> Bool {
        guard var window = session.safety.chat else { return true }
        let now = session.services.clock.uptimeNanos()
        defer { session.safety.chat = window }
        if window.record(now: now) { return true }
        let wait = Int64((window.retryAfter(now: now) + 999_999_999) / 1_000_000_000)
        let span = TimeText.describe(seconds: Int64(session.services.config.abuse.chatWindow.components.seconds))
        session.connection.send("Slow down: you can send \(window.limit) messages every \(span). Try again in \(TimeText.describe(seconds: max(1, wait))).\n")
        return false
    }

    // MARK: Idle

    /// Sets the connection's deadline for the idle logout (after login, and again whenever it
    /// passes early because the player typed since).
    static func armIdleDeadline(_ session: isolated Session) {
        let limit = session.services.config.abuse.idleLogout
        guard limit > .zero else { return }
        let total = UInt64(limit.nanoseconds)
        let idle = session.connection.idleNanos
        let remaining = total > idle ? total - idle : 0
        session.connection.setDeadline(after: .nanoseconds(Int64(max(remaining, 1_000_000))))
    }

    static func idleDeadlinePassed(_ session: isolated Session) {
        let limit = session.services.config.abuse.idleLogout
        guard limit > .zero, let player = session.player else { return }
        guard session.connection.idleNanos >= UInt64(limit.nanoseconds) else {
            armIdleDeadline(session)
            return
        }
        session.safety.closeReason = "idle"
        Logger.shared.info("idle_logout", ["name": player.name, "ip": session.connection.peerAddress])
        let span = TimeText.describe(seconds: Int64(limit.components.seconds))
        session.connection.close(notice: "\nYou have been idle for \(span), so you are logged out.\(player.isGuest ? "" : " Your pets will be waiting.")\n")
    }

    // MARK: Leaving

    /// A dropped connection (not `quit`, not closed by the server) leaves the character in
    /// place, link-dead, for the grace period; logging in again resumes it. Returns true when
    /// the character stays (or another connection already took it over).
    static func goLinkDead(_ session: isolated Session, byPeer: Bool) async -> Bool {
        guard byPeer, !session.quitting, session.safety.closeReason == nil, let player = session.player, !player.isGuest,
              session.services.config.abuse.linkDeadGrace > .zero else { return false }
        let current = await session.services.presence.markLinkDead(name: player.name, sessionID: session.id, at: session.services.clock.uptimeNanos())
        guard current else { return true }
        Logger.shared.info("link_dead", ["name": player.name, "ip": session.connection.peerAddress])
        player.place.broadcast("\(Possessive.of(player.name)) link goes dead.\n", except: session.id)
        return true
    }

    /// What the room hears when the character leaves for good.
    static func departureLine(_ session: isolated Session, _ name: String) -> String {
        if session.quitting { return "\(name) has left LivePet.\n" }
        switch session.safety.closeReason {
        case "idle": return "\(name) has been logged out for idling.\n"
        default: return "\(name) disconnects.\n"
        }
    }

    // MARK: Ignore

    static func ignore(_ session: isolated Session, _ args: String) async {
        guard let player = session.player else { return }
        let target = args.trimmingCharacters(in: .whitespaces)
        let current = session.prefs.ignored.withLock { $0 }
        guard !target.isEmpty else {
            if current.isEmpty {
                session.connection.send("You are not ignoring anyone. \"ignore <name>\" hides someone's says, emotes, tells and chat from you.\n")
            } else {
                let names = current.values.sorted { NameKey.make($0) < NameKey.make($1) }
                session.connection.send(session.wrap("You are ignoring: \(names.joined(separator: ", ")).\n"))
            }
            return
        }
        let key = NameKey.make(target)
        if key == NameKey.make(player.name) {
            session.connection.send("You cannot ignore yourself.\n")
            return
        }
        if let name = current[key] {
            session.connection.send("You are already ignoring \(name).\n")
            return
        }
        guard current.count < Self.maxIgnored else {
            session.connection.send("You are ignoring \(Self.maxIgnored) people already; unignore someone first.\n")
            return
        }
        var shown = await session.services.presence.entry(named: target)?.name
        if shown == nil, target.count <= NameRules.accountNameLength.upperBound {
            shown = (try? await session.services.accounts.account(named: target))?.name
        }
        guard case .playing = session.phase else { return }
        guard let shown else {
            session.connection.send("There is nobody called \(TextSanitizer.clean(target)).\n")
            return
        }
        var list = session.prefs.ignored.withLock { $0 }
        list[key] = shown
        saveIgnored(session, list)
        session.connection.send("You are now ignoring \(shown): you will not see their says, emotes, tells or chat. \"unignore \(shown)\" undoes it.\n")
    }

    static func unignore(_ session: isolated Session, _ args: String) {
        let target = args.trimmingCharacters(in: .whitespaces)
        guard !target.isEmpty else {
            session.connection.send("Usage: unignore <name>\n")
            return
        }
        var list = session.prefs.ignored.withLock { $0 }
        guard let name = list.removeValue(forKey: NameKey.make(target)) else {
            session.connection.send("You are not ignoring \(TextSanitizer.clean(target)).\n")
            return
        }
        saveIgnored(session, list)
        session.connection.send("You are no longer ignoring \(name).\n")
    }

    static let maxIgnored = 100

    private static func saveIgnored(_ session: isolated Session, _ list: [String: String]) {
        session.prefs.setIgnored(list)
        if let player = session.player, !player.isGuest { session.services.ignoreLists.save(list, for: player.name) }
    }

    /// Restores the character's ignore list at login.
    static func loadIgnored(_ session: isolated Session, name: String, isGuest: Bool) {
        guard !isGuest else { return }
        session.prefs.setIgnored(session.services.ignoreLists.list(for: name))
    }

    // MARK: Password

    static func startPasswordChange(_ session: isolated Session) {
        guard session.player?.accountID != nil else {
            session.connection.send("Guests have no password. Create a character to get one: quit, then choose a name.\n")
            return
        }
        session.safety.passwordStep = .current
        session.connection.send("Changing your password. An empty line cancels.\n")
        session.promptForPassword("Current password: ")
    }

    /// One answer in the password dialogue (the input was hidden).
    static func continuePasswordChange(_ session: isolated Session, _ raw: String) async {
        session.connection.setEchoHidden(false)
        if session.safety.passwordStep == .confirmDelete {
            await AccountCommands.confirmDelete(session, raw)
            return
        }
        guard let step = session.safety.passwordStep, let player = session.player, let accountID = player.accountID else {
            session.safety.passwordStep = nil
            return
        }
        guard !raw.isEmpty else {
            endPasswordChange(session, "Password change cancelled; your password is unchanged.")
            return
        }
        switch step {
        case .current:
            // Counted before the check, as at login, and given back when it was right.
            let reservation: LoginGuard.Reservation
            switch session.services.loginGuard.reservePasswordAttempt(session.connection.peerAddress) {
            case .failure(let refusal):
                endPasswordChange(session, refusal.line.trimmingCharacters(in: .newlines))
                return
            case .success(let taken):
                reservation = taken
            }
            let account = try? await session.services.accounts.account(named: player.name)
            guard case .playing = session.phase, session.safety.passwordStep == .current, let account, account.id == accountID else {
                reservation.cancel()
                if case .playing = session.phase, session.safety.passwordStep == .current {
                    endPasswordChange(session, "Sorry, something went wrong on our side; your password is unchanged.")
                }
                return
            }
            let valid = await session.services.hasher.verify(raw, against: account.passwordHash)
            if valid { reservation.cancel() }
            guard case .playing = session.phase, session.safety.passwordStep == .current else { return }
            guard valid else {
                Logger.shared.warning("password_change_failed", ["name": player.name, "ip": session.connection.peerAddress])
                endPasswordChange(session, "That is not your current password; your password is unchanged.")
                return
            }
            session.safety.passwordStep = .new
            session.promptForPassword("New password (at least \(NameRules.passwordMinCharacters) characters): ")
        case .new:
            if let reason = NameRules.validatePassword(raw) {
                session.connection.send("\(reason)\n")
                session.promptForPassword("New password: ")
                return
            }
            session.safety.passwordStep = .repeatNew(raw)
            session.promptForPassword("Repeat the new password: ")
        case .confirmDelete:
            return
        case .repeatNew(let first):
            guard raw == first else {
                endPasswordChange(session, "The passwords did not match; your password is unchanged.")
                return
            }
            do {
                let hash = try await session.services.hasher.hash(raw)
                try await session.services.accounts.setPasswordHash(accountID: accountID, hash: hash)
            } catch {
                Logger.shared.error("password_change_store", ["name": player.name, "error": "\(error)"])
                guard case .playing = session.phase else { return }
                endPasswordChange(session, "Sorry, your new password could not be saved; your old one still works.")
                return
            }
            // Logins that checked the old password and have not finished are void now, and any
            // other connection of this character (one that took over meanwhile) ends.
            session.services.credentialEpochs.advance(accountID)
            Logger.shared.info("password_changed", ["name": player.name, "ip": session.connection.peerAddress])
            if let other = await session.services.presence.remove(name: player.name, unlessSession: session.id) {
                other.connection.close(notice: "\nThe password of \(other.name) was changed from another connection. Goodbye.\n")
                await other.place.leave(other.sessionID, announce: "\(other.name) disconnects.\n")
            }
            guard case .playing = session.phase else { return }
            endPasswordChange(session, "Your password is changed.")
        }
    }

    private static func endPasswordChange(_ session: isolated Session, _ message: String) {
        session.safety.passwordStep = nil
        session.connection.send("\(message)\n")
        session.prompt()
    }
}
