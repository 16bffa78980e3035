import LivePetNet
import LivePetSupport

/// `allow` / `unallow`: lifting the per-address limit on new characters for an address, for
/// a while (`CreationAllowances`). Audited like every admin action.
extension AdminCommands {
    static func allow(_ session: isolated Session, _ args: String) async {
        let words = args.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = words.first else {
            listAllowances(session)
            return
        }
        if first.lowercased() == "remove" {
            await unallow(session, words.dropFirst().joined(separator: " "))
            return
        }
        let usage = "Usage: allow <address> [minutes] (\(CreationAllowances.defaultMinutes) by default, at most \(CreationAllowances.maxMinutes)); \"allow\" lists, \"unallow <address>\" ends one.\n"
        guard words.count <= 2, let address = AddressKey.canonical(first) else {
            session.connection.send(usage)
            return
        }
        var minutes = CreationAllowances.defaultMinutes
        if words.count == 2 {
            if let number = Int(words[1]), (1...CreationAllowances.maxMinutes).contains(number) {
                minutes = number
            } else if let seconds = TimeText.parseDuration(words[1]), seconds >= 60, seconds <= Int64(CreationAllowances.maxMinutes) * 60 {
                minutes = Int(seconds / 60)
            } else {
                session.connection.send(usage)
                return
            }
        }
        let key = AddressKey.make(address)
        let now = session.services.clock.uptimeNanos()
        let allowances = session.services.loginGuard.allowances
        guard allowances.allow(key, until: now + UInt64(minutes) * 60_000_000_000, admin: session.player?.name ?? "?", now: now) else {
            session.connection.send("\(CreationAllowances.maximum) addresses are allowed already; end one first (unallow <address>).\n")
            return
        }
        let span = TimeText.describe(seconds: Int64(minutes) * 60)
        await audit(session, "allow", target: "address:\(key)", detail: "for \(span)")
        let limits = session.services.config.abuse
        session.answer("\(key) may make new characters beyond the limit (\(limits.accountsPerAddress) per \(TimeText.describe(seconds: Int64(limits.accountWindow.components.seconds)))) for \(span).\n")
    }

    static func unallow(_ session: isolated Session, _ args: String) async {
        let typed = args.trimmingCharacters(in: .whitespaces)
        guard let address = AddressKey.canonical(typed) else {
            session.connection.send("Usage: unallow <address>\n")
            return
        }
        let key = AddressKey.make(address)
        guard session.services.loginGuard.allowances.remove(key, now: session.services.clock.uptimeNanos()) else {
            session.connection.send("\(key) has no allowance.\n")
            return
        }
        await audit(session, "unallow", target: "address:\(key)")
        session.answer("\(key) is back under the limit on new characters.\n")
    }

    private static func listAllowances(_ session: isolated Session) {
        let now = session.services.clock.uptimeNanos()
        let allowances = session.services.loginGuard.allowances.all(now: now)
        guard !allowances.isEmpty else {
            session.connection.send("No address is allowed beyond the limit on new characters. \"allow <address> [minutes]\" allows one.\n")
            return
        }
        var text = "Addresses allowed beyond the limit on new characters:\n"
        for allowance in allowances {
            let left = Int64((allowance.until - now + 59_999_999_999) / 60_000_000_000)
            text += "  \(allowance.address), \(NumberText.count(left, "minute")) left, by \(allowance.admin)\n"
        }
        session.connection.send(text)
    }
}
