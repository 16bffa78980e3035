import Glibc

/// The server's own account of what it did (load phases, checkpoints), read back from its
/// `key=value` log (`--log-format text`, the default): some figures only the server can time.
struct ServerLog {
    /// One line: its `event` and the other fields, quoted values unescaped (enough for
    /// the plain values these reports use).
    struct Entry {
        var event: String
        var fields: [String: String]

        /// `time=` as Unix seconds (UTC, millisecond precision).
        var unixTime: Double? { fields["time"].flatMap(ServerLog.unixTime) }

        func number(_ key: String) -> Double? { fields[key].flatMap { Double($0) } }
    }

    let entries: [Entry]

    init(path: String) {
        let text = ServerProbe.read(path) ?? ""
        entries = text.split(separator: "\n").compactMap { Self.parse($0) }
    }

    func entries(_ event: String) -> [Entry] {
        entries.filter { $0.event == event }
    }

    func first(_ event: String) -> Entry? {
        entries.first { $0.event == event }
    }

    static func parse(_ line: Substring) -> Entry? {
        var fields: [String: String] = [:]
        var rest = line[...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                }
            } else {
                let end = rest.firstIndex(of: " ") ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
            }
            fields[key] = value
        }
        guard let event = fields.removeValue(forKey: "event") else { return nil }
        return Entry(event: event, fields: fields)
    }

    /// `2026-11-25T12:34:56.789Z` → Unix seconds.
    static func unixTime(_ text: String) -> Double? {
        let parts = text.split(whereSeparator: { "-T:Z".contains($0) })
        guard parts.count == 6, let year = Int32(parts[0]), let month = Int32(parts[1]), let day = Int32(parts[2]),
              let hour = Int32(parts[3]), let minute = Int32(parts[4]), let seconds = Double(parts[5]) else { return nil }
        var fields = tm()
        fields.tm_year = year - 1900
        fields.tm_mon = month - 1
        fields.tm_mday = day
        fields.tm_hour = hour
        fields.tm_min = minute
        fields.tm_sec = 0
        return Double(timegm(&fields)) + seconds
    }

    /// The wall clock the log's `time=` uses.
    static func now() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
