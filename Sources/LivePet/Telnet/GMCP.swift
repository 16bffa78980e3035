import LivePetSupport

/// Generic MUD Communication Protocol (telnet option 201): `Package.Name <json>` messages.
/// See docs/GMCP.md for what LivePet sends and accepts.
public enum GMCP {
    /// `IAC SB GMCP <package> <json> IAC SE`, ready to queue.
    package static func encode(_ package: String, _ json: String) -> [UInt8] {
        var bytes: [UInt8] = []
        TelnetOutput.appendSubnegotiation(option: TelnetOption.gmcp, payload: Array("\(package) \(json)".utf8), to: &bytes)
        return bytes
    }

    package static func string(_ value: String) -> String {
        Logger.jsonString(value)
    }

    package static func channelText(channel: String, talker: String, text: String) -> String {
        "{\"channel\":\(string(channel)),\"talker\":\(string(talker)),\"text\":\(string(text))}"
    }

    /// Splits a message into package and JSON text; nil when malformed, or longer than
    /// `limit` (8 KiB for what a client sends; the server's own messages, such as a
    /// `Pet.List` turned into a WebSocket message, pass `Int.max`).
    package static func parse(_ data: [UInt8], limit: Int = 8192) -> (package: String, json: String)? {
        guard data.count <= limit else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if let space = trimmed.firstIndex(of: " ") {
            let package = String(trimmed[..<space])
            guard package.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else { return nil }
            return (package, String(trimmed[trimmed.index(after: space)...]))
        }
        guard trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }) else { return nil }
        return (trimmed, "")
    }
}
