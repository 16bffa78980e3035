import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Admin commands that ban: ban, unban, bans. Configured admins are never covered, and an
/// address ban that would cover the banning admin's own connection needs `confirm`.
extension Session {
    func ban(_ args: String) async {
        guard let admin = player?.name else { return }
        var words = args.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard !words.isEmpty else {
            connection.send("Usage: ban <name|address> [confirm] [duration] [reason]. Durations: 90s, 30m, 2h, 7d, 2w; none means permanent.\n")
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
        let now = unixNow
        let record: BanRecord
        var shown: String
        if let address = AddressKey.canonical(typed) {
            record = BanRecord(kind: .address, target: address.contains(":") && !address.hasSuffix("/64") ? AddressKey.make(address) : address,
                               createdAt: now, expiresAt: seconds.map { now + $0 }, admin: admin, reason: reason)
            shown = record.target
            if BanList.covers(record, address: connection.peerAddress), !confirmed {
                let consequence = services.isConfiguredAdmin(admin) ? "" : " and disconnect you; you could not log in from there until another admin lifts it"
                connection.send("That would ban your own address (\(connection.peerAddress))\(consequence). To ban it anyway: ban \(typed) confirm\(args.split(separator: " ").count > 1 ? " ..." : "").\n")
                return
            }
        } else {
            guard typed.count <= NameRules.accountNameLength.upperBound, typed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                connection.send("\"\(TextSanitizer.clean(typed))\" is neither a character name nor an IP address.\n")
                return
            }
            if NameKey.make(typed) == NameKey.make(admin) {
                connection.send("You cannot ban yourself.\n")
                return
            }
            let account = try? await services.accounts.account(named: typed)
            guard case .playing = phase else { return }
            shown = account?.name ?? typed
            if services.isConfiguredAdmin(typed) {
                connection.send("\(shown) is an admin by the server's configuration (--admins); they cannot be banned.\n")
                return
            }
            if account?.isAdmin == true {
                connection.send("\(shown) is an admin; demote them first.\n")
                return
            }
            record = BanRecord(kind: .name, target: NameKey.make(typed), createdAt: now, expiresAt: seconds.map { now + $0 },
                               admin: admin, reason: reason)
        }
        do {
            try await services.admin.addBan(record)
        } catch {
            Logger.shared.error("ban_failed", ["admin": admin, "target": record.target, "error": "\(error)"])
            answer("Sorry, the ban could not be saved; nothing changed.\n")
            return
        }
        services.bans.add(record)
        let length = seconds.map { "for \(TimeText.describe(seconds: $0)) (until \(TimeText.date(now + $0)))" } ?? "permanently"
        await audit("ban", target: "\(record.kind.rawValue):\(record.target)", detail: [length, reason].filter { !$0.isEmpty }.joined(separator: "; "))
        // Whoever the ban covers leaves now.
        var removed: [String] = []
        let until = record.expiresAt.map { " until \(TimeText.date($0))" } ?? ""
        let notice = "\nYou have been banned from LivePet\(until)\(reason.isEmpty ? "" : ": \(reason)").\n"
        var exempt: [String] = []
        var coversSelf = false
        for entry in await services.presence.entries() {
            let covered = record.kind == .name ? NameKey.make(entry.name) == record.target
                                               : BanList.covers(record, address: entry.connection.peerAddress)
            guard covered else { continue }
            if !entry.isGuest, services.isConfiguredAdmin(entry.name) {
                exempt.append(entry.name)
                continue
            }
            if entry.sessionID == id {
                coversSelf = true
                continue
            }
            if await remove(entry.name, notice: notice, announce: "has been banned") != nil { removed.append(entry.name) }
        }
        guard case .playing = phase else { return }
        let names = removed.isEmpty ? "" : " Disconnected: \(removed.joined(separator: ", "))."
        let spared = exempt.isEmpty ? "" : " Not covered (admins by configuration): \(exempt.joined(separator: ", "))."
        connection.send("Banned \(shown) \(length).\(names)\(spared)\n")
        if coversSelf {
            // Confirmed: the ban covers the admin who made it too.
            await remove(admin, notice: notice, announce: "has been banned")
        }
    }

    func unban(_ args: String) async {
        let typed = args.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else {
            connection.send("Usage: unban <name|address>\n")
            return
        }
        let kind: BanRecord.Kind
        var target: String
        if let address = AddressKey.canonical(typed) {
            kind = .address
            target = address
            // An IPv6 address was banned as its /64.
            if services.bans.all(now: unixNow).first(where: { $0.kind == .address && $0.target == target }) == nil, address.contains(":") {
                target = AddressKey.make(address)
            }
        } else {
            kind = .name
            target = NameKey.make(typed)
        }
        let existed: Bool
        do {
            existed = try await services.admin.removeBan(kind: kind, target: target)
        } catch {
            Logger.shared.error("unban_failed", ["target": target, "error": "\(error)"])
            answer("Sorry, the ban could not be lifted; nothing changed.\n")
            return
        }
        services.bans.remove(kind: kind, target: target)
        guard existed else {
            answer("\(TextSanitizer.clean(typed)) is not banned.\n")
            return
        }
        await audit("unban", target: "\(kind.rawValue):\(target)")
        answer("Lifted the ban on \(target).\n")
    }

    func listBans() {
        let bans = services.bans.all(now: unixNow)
        guard !bans.isEmpty else {
            connection.send("Nobody is banned.\n")
            return
        }
        var text = "Bans in force:\n"
        for ban in bans {
            let until = ban.expiresAt.map { "until \(TimeText.date($0))" } ?? "permanent"
            text += "  \(ban.kind == .name ? "name" : "address") \(ban.target), \(until), by \(ban.admin)\(ban.reason.isEmpty ? "" : ": \(ban.reason)")\n"
        }
        connection.send(text)
    }
}
