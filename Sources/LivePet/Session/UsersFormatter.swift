import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Renders the admin `users` table, a page at a time.
enum UsersFormatter {
    /// Rows per page. A reply is one write and a connection whose queue passes its cap
    /// (256 KiB) is closed: a row is at most about 220 bytes (a 16-letter name, an IPv6
    /// address, a 24-column client name in 4-byte characters, every flag), so a page stays
    /// under 25 KiB however many are online.
    static let pageSize = 100

    /// Pages for `count` players (at least one).
    static func pages(for count: Int) -> Int {
        max(1, (count + pageSize - 1) / pageSize)
    }
    struct Row: Sendable, Equatable {
        var name: String
        var address: String
        var idleSeconds: Int
        var client: String
        var protocolName: String
        var flags: [String]
    }

    /// `rows` are page `page` (from 1) of the `total` players online.
    static func format(_ rows: [Row], page: Int, total: Int, openConnections: Int) -> String {
        let pages = pages(for: total)
        let players = total == 1 ? "1 player" : "\(total) players"
        let connections = openConnections == 1 ? "1 connection" : "\(openConnections) connections"
        let summary = "\(players); \(connections) open in all (logins included).\n"
        guard page <= pages else { return "No more players: page \(page) of \(pages). " + summary }
        let position = pages == 1 ? ""
            : page < pages ? "Page \(page) of \(pages). More: users \(page + 1). " : "Page \(page) of \(pages), the last. "
        let nameWidth = max(4, rows.map { DisplayWidth.of($0.name) }.max() ?? 4)
        let addressWidth = max(7, rows.map { $0.address.count }.max() ?? 7)
        let clientWidth = min(max(6, rows.map { DisplayWidth.of($0.client) }.max() ?? 6), 24)
        // "telnet+tls" is the widest.
        let protocolWidth = max(6, rows.map { $0.protocolName.count }.max() ?? 6)
        var text = pad("Name", nameWidth) + "  " + pad("Address", addressWidth) + "  " + "Idle".leftPad(6) + "  "
            + pad("Client", clientWidth) + "  " + pad("Proto", protocolWidth) + "  Flags\n"
        for row in rows {
            var client = row.client
            if DisplayWidth.of(client) > clientWidth { client = String(client.prefix(clientWidth - 1)) + "…" }
            text += pad(row.name, nameWidth) + "  " + pad(row.address, addressWidth) + "  "
                + WhoFormatter.duration(row.idleSeconds).leftPad(6) + "  " + pad(client, clientWidth) + "  "
                + pad(row.protocolName, protocolWidth) + (row.flags.isEmpty ? "" : "  " + row.flags.joined(separator: ", ")) + "\n"
        }
        return text + position + summary
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
}
