import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What keeps a session fair and its player safe: the command-rate notice, the chat cooldown,
/// idle logout, link-dead characters, `ignore` / `unignore`, and `password`.
extension Session {
    // MARK: Command rate

    func linesDropped(_ count: Int) {
        let lines = count == 1 ? "1 line was" : "\(count) lines were"
        let rate = services.config.abuse.commandRate
        if rate > 0 {
            let perSecond = rate == rate.rounded() ? "\(Int(rate))" : "\(rate)"
            connection.send("(Slow down: you sent commands faster than \(perSecond) a second for too long, so \(lines) dropped.)\n")
        } else {
            connection.send("(You typed faster than the server reads: \(lines) dropped.)\n")
        }
        Logger.shared.info("lines_dropped", ["ip": connection.peerAddress, "count": "\(count)"])
    }

    // MARK: Chat cooldown

    /// Counts one message against the chat cooldown; false (and a notice) when over it.
    func chatAllowed() -> Bool {
        guard var window = safety.chat else { return true }
        let now = services.clock.uptimeNanos()
        defer { safety.chat = window }
        if window.record(now: now) { return true }
        let wait = Int64((window.retryAfter(now: now) + 999_999_999) / 1_000_000_000)
        let span = TimeText.describe(seconds: Int64(services.config.abuse.chatWindow.components.seconds))
        connection.send("Slow down: you can send \(window.limit) messages every \(span). Try again in \(TimeText.describe(seconds: max(1, wait))).\n")
        return false
    }

    // MARK: Client description (for `users`)

    func updateClientDescription() {
        let text = clientName ?? terminalTypes.first ?? ""
        prefs.client.withLock { $0 = String(text.prefix(40)) }
    }

    // MARK: Idle

    /// Sets the connection's deadline for the idle logout (after login, and again whenever it
    /// passes early because the player typed since).
    func armIdleDeadline() {
        let limit = services.config.abuse.idleLogout
        guard limit > .zero else { return }
        let total = UInt64(limit.nanoseconds)
        let idle = connection.idleNanos
        let remaining = total > idle ? total - idle : 0
        connection.setDeadline(after: .nanoseconds(Int64(max(remaining, 1_000_000))))
    }

    func idleDeadlinePassed() {
        let limit = services.config.abuse.idleLogout
        guard limit > .zero, let player else { return }
        guard connection.idleNanos >= UInt64(limit.nanoseconds) else {
            armIdleDeadline()
            return
        }
        safety.closeReason = "idle"
        Logger.shared.info("idle_logout", ["name": player.name, "ip": connection.peerAddress])
        let span = TimeText.describe(seconds: Int64(limit.components.seconds))
        connection.close(notice: "\nYou have been idle for \(span), so you are logged out. Your pets will be waiting.\n")
    }

    // MARK: Leaving

    /// A dropped connection (not `quit`, not closed by the server) leaves the character in
    /// place, link-dead, for the grace period; logging in again resumes it. Returns true when
    /// the character stays (or another connection already took it over).
    func goLinkDead(byPeer: Bool) async -> Bool {
        guard byPeer, !quitting, safety.closeReason == nil, let player, !player.isGuest,
              services.config.abuse.linkDeadGrace > .zero else { return false }
        let current = await services.presence.markLinkDead(name: player.name, sessionID: id, at: services.clock.uptimeNanos())
        guard current else { return true }
        Logger.shared.info("link_dead", ["name": player.name, "ip": connection.peerAddress])
        player.place.broadcast("\(player.name)'s link goes dead.\n", except: id)
        return true
    }

    /// What the room hears when the character leaves for good.
    func departureLine(_ name: String) -> String {
        if quitting { return "\(name) has left LivePet.\n" }
        switch safety.closeReason {
        case "idle": return "\(name) has been logged out for idling.\n"
        default: return "\(name) disconnects.\n"
        }
    }

    // MARK: Ignore

    func ignore(_ args: String) async {
        guard let player else { return }
        let target = args.trimmingCharacters(in: .whitespaces)
        let current = prefs.ignored.withLock { $0 }
        guard !target.isEmpty else {
            if current.isEmpty {
                connection.send("You are not ignoring anyone. \"ignore <name>\" hides someone's says, emotes, tells and chat from you.\n")
            } else {
                let names = current.values.sorted { NameKey.make($0) < NameKey.make($1) }
                connection.send(wrap("You are ignoring: \(names.joined(separator: ", ")).\n"))
            }
            return
        }
        let key = NameKey.make(target)
        if key == NameKey.make(player.name) {
            connection.send("You cannot ignore yourself.\n")
            return
        }
        if let name = current[key] {
            connection.send("You are already ignoring \(name).\n")
            return
        }
        guard current.count < Self.maxIgnored else {
            connection.send("You are ignoring \(Self.maxIgnored) people already; unignore someone first.\n")
            return
        }
        var shown = await services.presence.entry(named: target)?.name
        if shown == nil, target.count <= NameRules.accountNameLength.upperBound {
            shown = (try? await services.accounts.account(named: target))?.name
        }
        guard case .playing = phase else { return }
        guard let shown else {
            connection.send("There is nobody called \(TextSanitizer.clean(target)).\n")
            return
        }
        var list = prefs.ignored.withLock { $0 }
        list[key] = shown
        saveIgnored(list)
        connection.send("You are now ignoring \(shown): you will not see their says, emotes, tells or chat. \"unignore \(shown)\" undoes it.\n")
    }

    func unignore(_ args: String) {
        let target = args.trimmingCharacters(in: .whitespaces)
        guard !target.isEmpty else {
            connection.send("Usage: unignore <name>\n")
            return
        }
        var list = prefs.ignored.withLock { $0 }
        guard let name = list.removeValue(forKey: NameKey.make(target)) else {
            connection.send("You are not ignoring \(TextSanitizer.clean(target)).\n")
            return
        }
        saveIgnored(list)
        connection.send("You are no longer ignoring \(name).\n")
    }

    static let maxIgnored = 100

    private func saveIgnored(_ list: [String: String]) {
        prefs.setIgnored(list)
        if let player, !player.isGuest { services.ignoreLists.save(list, for: player.name) }
    }

    /// Restores the character's ignore list at login.
    func loadIgnored(name: String, isGuest: Bool) {
        guard !isGuest else { return }
        prefs.setIgnored(services.ignoreLists.list(for: name))
    }

    // MARK: Password

    func startPasswordChange() {
        guard player?.accountID != nil else {
            connection.send("Guests have no password. Create a character to get one: quit, then choose a name.\n")
            return
        }
        safety.passwordStep = .current
        connection.send("Changing your password. An empty line cancels.\n")
        promptForPassword("Current password: ")
    }

    /// One answer in the password dialogue (the input was hidden).
    func continuePasswordChange(_ raw: String) async {
        connection.setEchoHidden(false)
        guard let step = safety.passwordStep, let player, let accountID = player.accountID else {
            safety.passwordStep = nil
            return
        }
        guard !raw.isEmpty else {
            endPasswordChange("Password change cancelled; your password is unchanged.")
            return
        }
        switch step {
        case .current:
            // Counted before the check, as at login, and given back when it was right.
            let reservation: LoginGuard.Reservation
            switch services.loginGuard.reservePasswordAttempt(connection.peerAddress) {
            case .failure(let refusal):
                endPasswordChange(refusal.line.trimmingCharacters(in: .newlines))
                return
            case .success(let taken):
                reservation = taken
            }
            let account = try? await services.accounts.account(named: player.name)
            guard case .playing = phase, safety.passwordStep == .current, let account, account.id == accountID else {
                reservation.cancel()
                if case .playing = phase, safety.passwordStep == .current {
                    endPasswordChange("Sorry, something went wrong on our side; your password is unchanged.")
                }
                return
            }
            let valid = await services.hasher.verify(raw, against: account.passwordHash)
            if valid { reservation.cancel() }
            guard case .playing = phase, safety.passwordStep == .current else { return }
            guard valid else {
                Logger.shared.warning("password_change_failed", ["name": player.name, "ip": connection.peerAddress])
                endPasswordChange("That is not your current password; your password is unchanged.")
                return
            }
            safety.passwordStep = .new
            promptForPassword("New password (at least \(NameRules.passwordMinCharacters) characters): ")
        case .new:
            if let reason = NameRules.validatePassword(raw) {
                connection.send("\(reason)\n")
                promptForPassword("New password: ")
                return
            }
            safety.passwordStep = .repeatNew(raw)
            promptForPassword("Repeat the new password: ")
        case .repeatNew(let first):
            guard raw == first else {
                endPasswordChange("The passwords did not match; your password is unchanged.")
                return
            }
            do {
                let hash = try await services.hasher.hash(raw)
                try await services.accounts.setPasswordHash(accountID: accountID, hash: hash)
            } catch {
                Logger.shared.error("password_change_store", ["name": player.name, "error": "\(error)"])
                guard case .playing = phase else { return }
                endPasswordChange("Sorry, your new password could not be saved; your old one still works.")
                return
            }
            // Logins that checked the old password and have not finished are void now, and any
            // other connection of this character (one that took over meanwhile) ends.
            services.credentialEpochs.advance(accountID)
            Logger.shared.info("password_changed", ["name": player.name, "ip": connection.peerAddress])
            if let other = await services.presence.remove(name: player.name, unlessSession: id) {
                other.connection.close(notice: "\nThe password of \(other.name) was changed from another connection. Goodbye.\n")
                await other.place.leave(other.sessionID, announce: "\(other.name) disconnects.\n")
            }
            guard case .playing = phase else { return }
            endPasswordChange("Your password is changed.")
        }
    }

    private func endPasswordChange(_ message: String) {
        safety.passwordStep = nil
        connection.send("\(message)\n")
        prompt()
    }
}
