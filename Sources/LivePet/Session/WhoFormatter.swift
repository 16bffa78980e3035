/// Renders `who` as an aligned table.
enum WhoFormatter {
    static func format(_ rows: [Presence.WhoRow], width: Int) -> String {
        let nameWidth = max(4, rows.map { DisplayWidth.of($0.name) }.max() ?? 4)
        let placeWidth = min(max(5, rows.map { DisplayWidth.of($0.place) }.max() ?? 5), 30)
        var text = pad("Name", nameWidth) + "  " + pad("Where", placeWidth) + "  " + "On for".leftPad(7) + "  " + "Idle".leftPad(6) + "  Flags\n"
        for row in rows {
            var place = row.place
            if DisplayWidth.of(place) > placeWidth {
                place = String(place.prefix(placeWidth - 1)) + "…"
            }
            text += pad(row.name, nameWidth) + "  " + pad(place, placeWidth) + "  "
                + duration(row.onForSeconds).leftPad(7) + "  " + duration(row.idleSeconds).leftPad(6)
                + (row.flags.isEmpty ? "" : "  " + row.flags.joined(separator: ", ")) + "\n"
        }
        text += rows.count == 1 ? "1 player online.\n" : "\(rows.count) players online.\n"
        return text
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }

    /// 45s, 12m, 3h 05m, 2d 4h.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86400 {
            let minutes = (seconds % 3600) / 60
            return "\(seconds / 3600)h \(minutes < 10 ? "0" : "")\(minutes)m"
        }
        return "\(seconds / 86400)d \((seconds % 86400) / 3600)h"
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
