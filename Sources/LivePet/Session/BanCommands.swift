import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Admin commands that ban: ban, unban, bans. Configured admins are never covered, and an
/// address ban that would cover the banning admin's own connection needs `confirm`.
enum BanCommands {
    static func ban(_ session: isolated Session, _ args: String) async {
        guard let admin = session.player?.name else { return }
        var words = args.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else {
            session.connection.send("Usage: ban <name|address> [confirm] [duration] [reason]. Durations: 90s, 30m, 2h, 7d, 2w; none means permanent.\n")
            return
        }
        let typed = words.removeFirst()
        // "confirm" lets an address ban cover the admin's own connection.
        let confirmed = words.first?.lowercased() == "confirm"
        if confirmed { words.removeFirst() }
        var seconds: Int64?
        if let first = words.first {
            if let parsed = TimeText.parseDuration(first) {
                seconds = parsed
                words.removeFirst()
            } else if ["permanent", "forever"].contains(first.lowercased()) {
                words.removeFirst()
            }
        }
        let reason = TextSanitizer.clean(words.joined(separator: " "))
        let now = session.unixNow
        let record: BanRecord
        var shown: String
        if let address = AddressKey.canonical(typed) {
            record = BanRecord(kind: .address, target: address.contains(":") && !address.hasSuffix("/64") ? AddressKey.make(address) : address,
                               createdAt: now, expiresAt: seconds.map { now + $0 }, admin: admin, reason: reason)
            shown = record.target
            if BanList.covers(record, address: session.connection.peerAddress), !confirmed {
                let consequence = session.services.isConfiguredAdmin(admin) ? "" : " and disconnect you; you could not log in from there until another admin lifts it"
                session.connection.send("That would ban your own address (\(session.connection.peerAddress))\(consequence). To ban it anyway: ban \(typed) confirm\(args.split(separator: " ").count > 1 ? " ..." : "").\n")
                return
            }
        } else {
            guard typed.count <= NameRules.accountNameLength.upperBound, typed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                session.connection.send("\"\(TextSanitizer.clean(typed))\" is neither a character name nor an IP address.\n")
                return
            }
            if NameKey.make(typed) == NameKey.make(admin) {
                session.connection.send("You cannot ban yourself.\n")
                return
            }
            let account = try? await session.services.accounts.account(named: typed)
            guard case .playing = session.phase else { return }
            shown = account?.name ?? typed
            if session.services.isConfiguredAdmin(typed) {
                session.connection.send("\(shown) is an admin by the server's configuration (--admins); they cannot be banned.\n")
                return
            }
            if account?.isAdmin == true {
                session.connection.send("\(shown) is an admin; demote them first.\n")
                return
            }
            record = BanRecord(kind: .name, target: NameKey.make(typed), createdAt: now, expiresAt: seconds.map { now + $0 },
                               admin: admin, reason: reason)
        }
        do {
            try await session.services.admin.addBan(record)
        } catch {
            Logger.shared.error("ban_failed", ["admin": admin, "target": record.target, "error": "\(error)"])
            session.answer("Sorry, the ban could not be saved; nothing changed.\n")
            return
        }
        session.services.bans.add(record)
        let length = seconds.map { "for \(TimeText.describe(seconds: $0)) (until \(TimeText.date(now + $0)))" } ?? "permanently"
        await AdminCommands.audit(session, "ban", target: "\(record.kind.rawValue):\(record.target)", detail: [length, reason].filter { !$0.isEmpty }.joined(separator: "; "))
        // Whoever the ban covers leaves now.
        var removed: [String] = []
        let until = record.expiresAt.map { " until \(TimeText.date($0))" } ?? ""
        let notice = "\nYou have been banned from LivePet\(until)\(reason.isEmpty ? "" : ": \(reason)").\n"
        var exempt: [String] = []
        var coversSelf = false
        for entry in await session.services.presence.entries() {
            let covered = record.kind == .name ? NameKey.make(entry.name) == record.target
                                               : BanList.covers(record, address: entry.connection.peerAddress)
            guard covered else { continue }
            if !entry.isGuest, session.services.isConfiguredAdmin(entry.name) {
                exempt.append(entry.name)
                continue
            }
            if entry.sessionID == session.id {
                coversSelf = true
                continue
            }
            if await AdminCommands.remove(session, entry.name, notice: notice, announce: "has been banned") != nil { removed.append(entry.name) }
        }
        guard case .playing = session.phase else { return }
        let names = removed.isEmpty ? "" : " Disconnected: \(removed.joined(separator: ", "))."
        let spared = exempt.isEmpty ? "" : " Not covered (admins by configuration): \(exempt.joined(separator: ", "))."
        session.connection.send("Banned \(shown) \(length).\(names)\(spared)\n")
        if coversSelf {
            // Confirmed: the ban covers the admin who made it too.
            await AdminCommands.remove(session, admin, notice: notice, announce: "has been banned")
        }
    }

    static func unban(_ session: isolated Session, _ args: String) async {
        let typed = args.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else {
            session.connection.send("Usage: unban <name|address>\n")
            return
        }
        let kind: BanRecord.Kind
        var target: String
        if let address = AddressKey.canonical(typed) {
            kind = .address
            target = address
            // An IPv6 address was banned as its /64.
            if session.services.bans.all(now: session.unixNow).first(where: { $0.kind == .address && $0.target == target }) == nil, address.contains(":") {
                target = AddressKey.make(address)
            }
        } else {
            kind = .name
            target = NameKey.make(typed)
        }
        let existed: Bool
        do {
            existed = try await session.services.admin.removeBan(kind: kind, target: target)
        } catch {
            Logger.shared.error("unban_failed", ["target": target, "error": "\(error)"])
            session.answer("Sorry, the ban could not be lifted; nothing changed.\n")
            return
        }
        session.services.bans.remove(kind: kind, target: target)
        guard existed else {
            session.answer("\(TextSanitizer.clean(typed)) is not banned.\n")
            return
        }
        await AdminCommands.audit(session, "unban", target: "\(kind.rawValue):\(target)")
        session.answer("Lifted the ban on \(target).\n")
    }

    static func listBans(_ session: isolated Session) {
        let bans = session.services.bans.all(now: session.unixNow)
        guard !bans.isEmpty else {
            session.connection.send("Nobody is banned.\n")
            return
        }
        var text = "Bans in force:\n"
        for ban in bans {
            let until = ban.expiresAt.map { "until \(TimeText.date($0))" } ?? "permanent"
            text += "  \(ban.kind == .name ? "name" : "address") \(ban.target), \(until), by \(ban.admin)\(ban.reason.isEmpty ? "" : ": \(ban.reason)")\n"
        }
        session.connection.send(text)
    }
}
