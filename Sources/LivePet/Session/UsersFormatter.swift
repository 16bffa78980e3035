/// Renders the admin `users` table.
enum UsersFormatter {
    struct Row: Sendable, Equatable {
        var name: String
        var address: String
        var idleSeconds: Int
        var client: String
        var protocolName: String
        var flags: [String]
    }

    static func format(_ rows: [Row], openConnections: Int) -> String {
        let nameWidth = max(4, rows.map { DisplayWidth.of($0.name) }.max() ?? 4)
        let addressWidth = max(7, rows.map { $0.address.count }.max() ?? 7)
        let clientWidth = min(max(6, rows.map { DisplayWidth.of($0.client) }.max() ?? 6), 24)
        var text = pad("Name", nameWidth) + "  " + pad("Address", addressWidth) + "  " + "Idle".leftPad(6) + "  "
            + pad("Client", clientWidth) + "  " + pad("Proto", 6) + "  Flags\n"
        for row in rows {
            var client = row.client
            if DisplayWidth.of(client) > clientWidth { client = String(client.prefix(clientWidth - 1)) + "…" }
            text += pad(row.name, nameWidth) + "  " + pad(row.address, addressWidth) + "  "
                + WhoFormatter.duration(row.idleSeconds).leftPad(6) + "  " + pad(client, clientWidth) + "  "
                + pad(row.protocolName, 6) + (row.flags.isEmpty ? "" : "  " + row.flags.joined(separator: ", ")) + "\n"
        }
        let players = rows.count == 1 ? "1 player" : "\(rows.count) players"
        let connections = openConnections == 1 ? "1 connection" : "\(openConnections) connections"
        return text + "\(players); \(connections) open in all (logins included).\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
}
