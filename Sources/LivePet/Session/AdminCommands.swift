import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Admin commands: users, kick, wall, shutdown, promote, demote, audit (bans in BanCommands).
/// Every action is written to the audit table and the log (`audit`, with `remove`, shared with
/// `BanCommands`). Also the ban checks at login.
enum AdminCommands {
    // MARK: Checks at login

    /// The line that refuses a banned address or character, or nil. Configured admins are
    /// exempt, as InspIRCd's exception lines exempt the operators' hosts.
    static func banNotice(_ session: isolated Session, name: String) -> String? {
        if session.services.isConfiguredAdmin(name) { return nil }
        let now = session.unixNow
        if let notice = session.login.checks.addressBanNotice() { return notice }
        if let ban = session.services.bans.ban(name: name, now: now) {
            return "\(name) is banned from LivePet\(Self.until(ban))\(ban.reason.isEmpty ? "" : " (\(ban.reason))").\n"
        }
        return nil
    }

    static func until(_ ban: BanRecord) -> String {
        ban.expiresAt.map { " until \(TimeText.date($0))" } ?? ""
    }

    // MARK: Audit

    /// Writes an admin action to the audit table and the log.
    static func audit(_ session: isolated Session, _ action: String, target: String, detail: String = "") async {
        let admin = session.player?.name ?? "?"
        Logger.shared.info("admin_action", ["admin": admin, "action": action, "target": target, "detail": detail, "ip": session.connection.peerAddress])
        do {
            try await session.services.admin.appendAudit(AuditEntry(time: session.unixNow, admin: admin, action: action, target: target, detail: detail))
        } catch {
            Logger.shared.error("audit_failed", ["admin": admin, "action": action, "error": "\(error)"])
        }
    }

    // MARK: users

    /// One page of everyone online (`users [page]`, `UsersFormatter.pageSize` a page).
    static func users(_ session: isolated Session, _ args: String) async {
        let word = args.trimmingCharacters(in: .whitespaces)
        var page = 1
        if !word.isEmpty {
            guard let number = Int(word), number >= 1 else {
                session.connection.send("Usage: users [page]\n")
                return
            }
            page = min(number, 1_000_000)
        }
        let entries = await session.services.presence.entries()
        guard case .playing = session.phase else { return }
        let rows = entries.dropFirst((page - 1) * UsersFormatter.pageSize).prefix(UsersFormatter.pageSize).map { entry -> UsersFormatter.Row in
            var flags: [String] = []
            if entry.prefs.isAdmin.load(ordering: .relaxed) { flags.append("admin") }
            if entry.linkDead { flags.append("link-dead") }
            if entry.isGuest { flags.append("guest") }
            if entry.afkMessage != nil { flags.append("AFK") }
            var protocolName: String
            switch entry.connection.mode {
            case _ where entry.connection.isWebSocket: protocolName = "web"
            case .telnet: protocolName = "telnet"
            case .raw: protocolName = "raw"
            case .undetermined: protocolName = "?"
            }
            if entry.connection.isTLS { protocolName += "+tls" }
            let client = entry.prefs.client.withLock { $0 }
            return UsersFormatter.Row(name: entry.name, address: entry.connection.peerAddress, idleSeconds: entry.connection.idleSeconds,
                                      client: client.isEmpty ? "-" : client, protocolName: protocolName, flags: flags)
        }
        let open = session.services.gate.openConnections
        session.connection.send(UsersFormatter.format(rows, page: page, total: entries.count, openConnections: open))
    }

    // MARK: kick

    static func kick(_ session: isolated Session, _ args: String) async {
        let parts = args.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true).map(String.init)
        guard let target = parts.first else {
            session.connection.send("Usage: kick <name> [reason]\n")
            return
        }
        let reason = parts.count > 1 ? TextSanitizer.clean(parts[1]) : ""
        if NameKey.make(target) == NameKey.make(session.player?.name ?? "") {
            session.connection.send("You cannot kick yourself; use quit.\n")
            return
        }
        if let refusal = outranked(session, target, verb: "kick") {
            session.connection.send(refusal)
            return
        }
        guard let entry = await remove(session, target, notice: "\nYou have been disconnected by an admin\(reason.isEmpty ? "" : ": \(reason)").\n",
                                       announce: "has been removed by an admin") else {
            session.connection.send("Nobody called \(TextSanitizer.clean(target)) is online.\n")
            return
        }
        await audit(session, "kick", target: entry.name, detail: reason)
        session.answer("You kick \(entry.name) out.\n")
    }

    /// Configured admins outrank promoted ones: the line refusing a promoted admin's action
    /// on one, or nil.
    private static func outranked(_ session: isolated Session, _ target: String, verb: String) -> String? {
        guard session.services.isConfiguredAdmin(target), !session.services.isConfiguredAdmin(session.player?.name ?? "") else { return nil }
        return "\(TextSanitizer.clean(target)) is an admin by the server's configuration (--admins); only another of those can \(verb) them.\n"
    }

    /// Takes a character out of presence and its room, and closes its connection.
    @discardableResult
    static func remove(_ session: isolated Session, _ name: String, notice: String, announce: String) async -> Presence.Entry? {
        guard let entry = await session.services.presence.remove(name: name) else { return nil }
        entry.connection.close(notice: notice)
        await entry.place.leave(entry.sessionID, announce: "\(entry.name) \(announce).\n")
        Logger.shared.info("logout", ["name": entry.name, "ip": entry.connection.peerAddress, "reason": "removed"])
        return entry
    }

    // MARK: wall, shutdown

    static func wall(_ session: isolated Session, _ args: String) async {
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty, let name = session.player?.name else {
            session.connection.send("Usage: wall <text>\n")
            return
        }
        await audit(session, "wall", target: "everyone", detail: text)
        await session.services.presence.announce("\n*** Announcement from \(name): \(text) ***\n")
    }

    static func shutdown(_ session: isolated Session, _ args: String) async {
        guard let name = session.player?.name else { return }
        let word = args.trimmingCharacters(in: .whitespaces).lowercased()
        let controller = session.services.shutdownController
        if word == "cancel" {
            guard controller.cancelCountdown() else {
                session.connection.send("No shutdown is counting down.\n")
                return
            }
            await session.services.presence.announce("\nThe shutdown is cancelled; LivePet stays up.\n")
            await audit(session, "shutdown_cancel", target: "server")
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
            session.connection.send("Usage: shutdown [seconds|cancel], for example \"shutdown 30\" or \"shutdown 5m\".\n")
            return
        }
        if let left = controller.secondsLeft {
            session.connection.send("A shutdown is already counting down (\(TimeText.describe(seconds: Int64(left))) left). \"shutdown cancel\" stops it.\n")
            return
        }
        let presence = session.services.presence
        let started = controller.startCountdown(seconds: seconds, reason: "admin \(name)") { text in
            await presence.announce(text)
        }
        guard started else {
            session.connection.send("LivePet is already shutting down.\n")
            return
        }
        await audit(session, "shutdown", target: "server", detail: "in \(seconds) s")
        let when = seconds == 0 ? "now" : "in \(TimeText.describe(seconds: Int64(seconds)))"
        await presence.announce("\n*** LivePet will shut down \(when) (by \(name)). Your pets are saved. ***\n")
    }

    // MARK: promote, demote, audit

    static func setAdmin(_ session: isolated Session, _ args: String, to value: Bool) async {
        let typed = args.trimmingCharacters(in: .whitespaces)
        let verb = value ? "promote" : "demote"
        guard !typed.isEmpty, !typed.contains(" ") else {
            session.connection.send("Usage: \(verb) <name>\n")
            return
        }
        if !value, session.services.isConfiguredAdmin(typed) {
            session.connection.send("\(TextSanitizer.clean(typed)) is an admin by the server's configuration (--admins); change it there.\n")
            return
        }
        if !value, NameKey.make(typed) == NameKey.make(session.player?.name ?? "") {
            session.connection.send("You cannot demote yourself.\n")
            return
        }
        let account: AccountRecord?
        do {
            account = try await session.services.accounts.account(named: typed)
            if let account, value || demotable(session, account) == nil {
                try await session.services.admin.setAdmin(accountID: account.id, isAdmin: value)
            }
        } catch {
            Logger.shared.error("\(verb)_failed", ["target": typed, "error": "\(error)"])
            session.answer("Sorry, that could not be saved; nothing changed.\n")
            return
        }
        guard let account else {
            session.answer("There is no character called \(TextSanitizer.clean(typed)) (guests cannot be admins).\n")
            return
        }
        if !value, let refusal = demotable(session, account) {
            session.answer(refusal)
            return
        }
        if let entry = await session.services.presence.entry(named: account.name) {
            entry.prefs.isAdmin.store(value, ordering: .relaxed)
            entry.connection.send(value ? "You are now an admin: \"help\" lists the admin commands too.\n" : "You are no longer an admin.\n")
        }
        await audit(session, verb, target: account.name)
        session.answer(value ? "\(account.name) is now an admin.\n" : "\(account.name) is no longer an admin.\n")
    }

    /// Why `account` cannot be demoted by this caller, or nil. Only a configured admin takes an
    /// admin's rights away: a promoted one could otherwise demote another and then reset their
    /// password (`resetpassword` spares admins only), taking the account. Nothing is written
    /// for a character that is no admin, so a demotion racing a promotion cannot undo it.
    private static func demotable(_ session: isolated Session, _ account: AccountRecord) -> String? {
        guard account.isAdmin else { return "\(account.name) is not an admin.\n" }
        guard session.services.isConfiguredAdmin(session.player?.name ?? "") else {
            return "\(account.name) is an admin; only an admin named by the server's configuration (--admins) can demote them.\n"
        }
        return nil
    }

    static func showAudit(_ session: isolated Session, _ args: String) async {
        let count = Int(args.trimmingCharacters(in: .whitespaces)).map { min(max($0, 1), 200) } ?? 20
        let entries: [AuditEntry]
        do {
            entries = try await session.services.admin.recentAudit(limit: count)
        } catch {
            session.answer("Sorry, the audit log could not be read.\n")
            return
        }
        guard case .playing = session.phase else { return }
        guard !entries.isEmpty else {
            session.connection.send("The audit log is empty.\n")
            return
        }
        var text = "Latest admin actions, newest first:\n"
        for entry in entries {
            text += "  \(TimeText.date(entry.time))  \(entry.admin) \(entry.action) \(entry.target)\(entry.detail.isEmpty ? "" : " (\(entry.detail))")\n"
        }
        session.connection.send(text)
    }
}
