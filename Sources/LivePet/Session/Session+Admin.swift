import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Admin commands: users, kick, wall, shutdown, promote, demote, audit (bans in Session+Bans).
/// Every action is written to the audit table and the log. Also the ban checks at login.
extension Session {
    var isAdmin: Bool { prefs.isAdmin.load(ordering: .relaxed) }

    var unixNow: Int64 { services.clock.unixSeconds() }

    // MARK: Checks at login

    /// The line that refuses a banned address or character, or nil. Configured admins are
    /// exempt, as InspIRCd's exception lines exempt the operators' hosts.
    func banNotice(name: String) -> String? {
        if services.isConfiguredAdmin(name) { return nil }
        let now = unixNow
        if let notice = addressBanNotice() { return notice }
        if let ban = services.bans.ban(name: name, now: now) {
            return "\(name) is banned from LivePet\(Self.until(ban))\(ban.reason.isEmpty ? "" : " (\(ban.reason))").\n"
        }
        return nil
    }

    /// The line shown on the login screen when this address is banned, or nil.
    func addressBanNotice() -> String? {
        guard let ban = services.bans.ban(address: connection.peerAddress, now: unixNow) else { return nil }
        return "Connections from your address are banned from LivePet\(Self.until(ban)).\n"
    }

    /// What a banned address may still type at the name prompt: a configured admin's name,
    /// alone or in `connect`, and `quit`.
    func mayPassAddressBan(_ words: [String]) -> Bool {
        switch (words.first?.lowercased(), words.count) {
        case ("quit", 1): true
        case ("connect", 3): services.isConfiguredAdmin(words[1])
        case (_, 1): services.isConfiguredAdmin(words[0])
        default: false
        }
    }

    /// Why a new character may not be made now (too many from this address, a banned name,
    /// a configured admin's name without its setup code), or nil.
    func creationRefusal(name: String, setupCode: String? = nil) -> String? {
        if let refusal = services.loginGuard.creationRefusal(connection.peerAddress) {
            return refusal.trimmingCharacters(in: .newlines)
        }
        if services.isConfiguredAdmin(name) {
            guard let setupCode, services.configuredAdmins.accepts(setupCode, for: name) else {
                if setupCode != nil {
                    // A wrong code is a failed login: it counts towards --login-failures,
                    // which also bounds these log lines.
                    if case .failure(let refusal) = services.loginGuard.reservePasswordAttempt(connection.peerAddress) {
                        return refusal.line.trimmingCharacters(in: .newlines)
                    }
                    Logger.shared.warning("admin_setup_code_wrong", ["name": name, "ip": connection.peerAddress])
                }
                return setupCode == nil
                    ? "That name is reserved for this server's admin. If that is you: create \(name) <password> <setup code from the server's log>."
                    : "That setup code is not right; the server's log at start shows it."
            }
            return nil
        }
        if services.bans.ban(name: name, now: unixNow) != nil {
            return "That name is not available. Please choose another."
        }
        return nil
    }

    static func until(_ ban: BanRecord) -> String {
        ban.expiresAt.map { " until \(TimeText.date($0))" } ?? ""
    }

    // MARK: Dispatch

    /// Runs an admin command; false when `command` is not one.
    func runAdmin(_ command: String, args: String) async -> Bool {
        switch command {
        case "users": await users(args)
        case "kick": await kick(args)
        case "ban": await ban(args)
        case "unban": await unban(args)
        case "bans": listBans()
        case "wall": await wall(args)
        case "shutdown": await shutdown(args)
        case "promote": await setAdmin(args, to: true)
        case "demote": await setAdmin(args, to: false)
        case "audit": await showAudit(args)
        default: return false
        }
        return true
    }

    /// Writes an admin action to the audit table and the log.
    func audit(_ action: String, target: String, detail: String = "") async {
        let admin = player?.name ?? "?"
        Logger.shared.info("admin_action", ["admin": admin, "action": action, "target": target, "detail": detail, "ip": connection.peerAddress])
        do {
            try await services.admin.appendAudit(AuditEntry(time: unixNow, admin: admin, action: action, target: target, detail: detail))
        } catch {
            Logger.shared.error("audit_failed", ["admin": admin, "action": action, "error": "\(error)"])
        }
    }

    // MARK: users

    /// One page of everyone online (`users [page]`, `UsersFormatter.pageSize` a page).
    private func users(_ args: String) async {
        let word = args.trimmingCharacters(in: .whitespaces)
        var page = 1
        if !word.isEmpty {
            guard let number = Int(word), number >= 1 else {
                connection.send("Usage: users [page]\n")
                return
            }
            page = min(number, 1_000_000)
        }
        let entries = await services.presence.entries()
        guard case .playing = phase else { return }
        let rows = entries.dropFirst((page - 1) * UsersFormatter.pageSize).prefix(UsersFormatter.pageSize).map { entry -> UsersFormatter.Row in
            var flags: [String] = []
            if entry.prefs.isAdmin.load(ordering: .relaxed) { flags.append("admin") }
            if entry.linkDead { flags.append("link-dead") }
            if entry.isGuest { flags.append("guest") }
            if entry.afkMessage != nil { flags.append("AFK") }
            let protocolName: String
            switch entry.connection.mode {
            case .telnet: protocolName = "telnet"
            case .raw: protocolName = "raw"
            case .undetermined: protocolName = "?"
            }
            let client = entry.prefs.client.withLock { $0 }
            return UsersFormatter.Row(name: entry.name, address: entry.connection.peerAddress, idleSeconds: entry.connection.idleSeconds,
                                      client: client.isEmpty ? "-" : client, protocolName: protocolName, flags: flags)
        }
        let open = services.gate.openConnections
        connection.send(UsersFormatter.format(rows, page: page, total: entries.count, openConnections: open))
    }

    // MARK: kick

    private func kick(_ args: String) async {
        let parts = args.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        guard let target = parts.first else {
            connection.send("Usage: kick <name> [reason]\n")
            return
        }
        let reason = parts.count > 1 ? TextSanitizer.clean(parts[1]) : ""
        if NameKey.make(target) == NameKey.make(player?.name ?? "") {
            connection.send("You cannot kick yourself; use quit.\n")
            return
        }
        if let refusal = outranked(target, verb: "kick") {
            connection.send(refusal)
            return
        }
        guard let entry = await remove(target, notice: "\nYou have been disconnected by an admin\(reason.isEmpty ? "" : ": \(reason)").\n",
                                       announce: "has been removed by an admin") else {
            connection.send("Nobody called \(TextSanitizer.clean(target)) is online.\n")
            return
        }
        await audit("kick", target: entry.name, detail: reason)
        guard case .playing = phase else { return }
        connection.send("You kick \(entry.name) out.\n")
    }

    /// Configured admins outrank promoted ones: the line refusing a promoted admin's action
    /// on one, or nil.
    private func outranked(_ target: String, verb: String) -> String? {
        guard services.isConfiguredAdmin(target), !services.isConfiguredAdmin(player?.name ?? "") else { return nil }
        return "\(TextSanitizer.clean(target)) is an admin by the server's configuration (--admins); only another of those can \(verb) them.\n"
    }

    /// Takes a character out of presence and its room, and closes its connection.
    @discardableResult
    func remove(_ name: String, notice: String, announce: String) async -> Presence.Entry? {
        guard let entry = await services.presence.remove(name: name) else { return nil }
        entry.connection.close(notice: notice)
        await entry.place.leave(entry.sessionID, announce: "\(entry.name) \(announce).\n")
        Logger.shared.info("logout", ["name": entry.name, "ip": entry.connection.peerAddress, "reason": "removed"])
        return entry
    }

    // MARK: wall, shutdown

    private func wall(_ args: String) async {
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty, let name = player?.name else {
            connection.send("Usage: wall <text>\n")
            return
        }
        await audit("wall", target: "everyone", detail: text)
        await services.presence.announce("\n*** Announcement from \(name): \(text) ***\n")
    }

    private func shutdown(_ args: String) async {
        guard let name = player?.name else { return }
        let word = args.trimmingCharacters(in: .whitespaces).lowercased()
        let controller = services.shutdownController
        if word == "cancel" {
            guard controller.cancelCountdown() else {
                connection.send("No shutdown is counting down.\n")
                return
            }
            await services.presence.announce("\nThe shutdown is cancelled; LivePet stays up.\n")
            await audit("shutdown_cancel", target: "server")
            return
        }
        let seconds: Int
        if word.isEmpty {
            seconds = 60
        } else if let number = Int(word), (0...86_400).contains(number) {
            seconds = number
        } else if let parsed = TimeText.parseDuration(word), parsed <= 86_400 {
            seconds = Int(parsed)
        } else {
            connection.send("Usage: shutdown [seconds|cancel], for example \"shutdown 30\" or \"shutdown 5m\".\n")
            return
        }
        if let left = controller.secondsLeft {
            connection.send("A shutdown is already counting down (\(TimeText.describe(seconds: Int64(left))) left). \"shutdown cancel\" stops it.\n")
            return
        }
        let presence = services.presence
        let started = controller.startCountdown(seconds: seconds, reason: "admin \(name)") { text in
            await presence.announce(text)
        }
        guard started else {
            connection.send("LivePet is already shutting down.\n")
            return
        }
        await audit("shutdown", target: "server", detail: "in \(seconds) s")
        let when = seconds == 0 ? "now" : "in \(TimeText.describe(seconds: Int64(seconds)))"
        await presence.announce("\n*** LivePet will shut down \(when) (by \(name)). Your pets are saved. ***\n")
    }

    // MARK: promote, demote, audit

    private func setAdmin(_ args: String, to value: Bool) async {
        let typed = args.trimmingCharacters(in: .whitespaces)
        let verb = value ? "promote" : "demote"
        guard !typed.isEmpty, !typed.contains(" ") else {
            connection.send("Usage: \(verb) <name>\n")
            return
        }
        if !value, services.isConfiguredAdmin(typed) {
            connection.send("\(TextSanitizer.clean(typed)) is an admin by the server's configuration (--admins); change it there.\n")
            return
        }
        if !value, NameKey.make(typed) == NameKey.make(player?.name ?? "") {
            connection.send("You cannot demote yourself.\n")
            return
        }
        let account: AccountRecord?
        do {
            account = try await services.accounts.account(named: typed)
            if let account { try await services.admin.setAdmin(accountID: account.id, isAdmin: value) }
        } catch {
            Logger.shared.error("\(verb)_failed", ["target": typed, "error": "\(error)"])
            guard case .playing = phase else { return }
            connection.send("Sorry, that could not be saved; nothing changed.\n")
            return
        }
        guard let account else {
            guard case .playing = phase else { return }
            connection.send("There is no character called \(TextSanitizer.clean(typed)) (guests cannot be admins).\n")
            return
        }
        if let entry = await services.presence.entry(named: account.name) {
            entry.prefs.isAdmin.store(value, ordering: .relaxed)
            entry.connection.send(value ? "You are now an admin: \"help\" lists the admin commands too.\n" : "You are no longer an admin.\n")
        }
        await audit(verb, target: account.name)
        guard case .playing = phase else { return }
        connection.send(value ? "\(account.name) is now an admin.\n" : "\(account.name) is no longer an admin.\n")
    }

    private func showAudit(_ args: String) async {
        let count = Int(args.trimmingCharacters(in: .whitespaces)).map { min(max($0, 1), 200) } ?? 20
        let entries: [AuditEntry]
        do {
            entries = try await services.admin.recentAudit(limit: count)
        } catch {
            guard case .playing = phase else { return }
            connection.send("Sorry, the audit log could not be read.\n")
            return
        }
        guard case .playing = phase else { return }
        guard !entries.isEmpty else {
            connection.send("The audit log is empty.\n")
            return
        }
        var text = "Latest admin actions, newest first:\n"
        for entry in entries {
            text += "  \(TimeText.date(entry.time))  \(entry.admin) \(entry.action) \(entry.target)\(entry.detail.isEmpty ? "" : " (\(entry.detail))")\n"
        }
        connection.send(text)
    }
}
