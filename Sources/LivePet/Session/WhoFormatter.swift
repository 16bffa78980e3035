import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Renders `who` as an aligned table.
enum WhoFormatter {
    static let maxRows = 200
    /// The widest "Where": a pet's room, "<short name>'s room".
    static let placeWidth = NameRules.petShortNameWidth + "'s room".count

    static func format(_ rows: [Presence.WhoRow], width: Int) -> String {
        let nameWidth = max(4, rows.map { DisplayWidth.of($0.name) }.max() ?? 4)
        // Room titles carry the short pet name (`Pet.title`): the column fits any of them whole.
        let placeWidth = min(max(5, rows.map { DisplayWidth.of($0.place) }.max() ?? 5), Self.placeWidth)
        var text = pad("Name", nameWidth) + "  " + pad("Where", placeWidth) + "  " + "On for".leftPad(7) + "  " + "Idle".leftPad(6) + "  Flags\n"
        // A reply is one write: keep it well under the per-connection queue cap.
        let shown = rows.prefix(maxRows)
        for row in shown {
            let place = DisplayWidth.truncate(row.place, to: placeWidth)
            text += pad(row.name, nameWidth) + "  " + pad(place, placeWidth) + "  "
                + duration(row.onForSeconds).leftPad(7) + "  " + duration(row.idleSeconds).leftPad(6)
                + (row.flags.isEmpty ? "" : "  " + row.flags.joined(separator: ", ")) + "\n"
        }
        if rows.count > shown.count { text += "… and \(rows.count - shown.count) more.\n" }
        text += rows.count == 1 ? "1 player online.\n" : "\(rows.count) players online.\n"
        return text
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        DisplayWidth.pad(text, to: width)
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
