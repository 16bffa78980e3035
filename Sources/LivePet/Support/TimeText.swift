import Glibc

/// Durations and dates as admins type them and players read them.
package enum TimeText {
    /// Parses "90s", "30m", "2h", "7d", "1w" (or a bare number of seconds) into seconds;
    /// nil for anything else, including zero and absurd lengths.
    package static func parseDuration(_ text: String) -> Int64? {
        let lower = text.lowercased()
        guard let last = lower.last else { return nil }
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        let (digits, unit) = last.isNumber ? (Substring(lower), Int64(1)) : (lower.dropLast(), units[last] ?? 0)
        guard unit > 0, !digits.isEmpty, digits.allSatisfy(\.isASCII), let count = Int64(digits),
              count > 0, count <= 100 * 366 * 86_400 / unit else { return nil }
        return count * unit
    }

    /// "45 seconds", "30 minutes", "2 hours", "7 days", "1 day 6 hours".
    package static func describe(seconds: Int64) -> String {
        func unit(_ value: Int64, _ name: String) -> String { "\(value) \(name)\(value == 1 ? "" : "s")" }
        if seconds < 60 { return unit(max(0, seconds), "second") }
        if seconds < 3600 { return unit((seconds + 30) / 60, "minute") }
        if seconds < 86_400 {
            let hours = seconds / 3600, minutes = (seconds % 3600) / 60
            return minutes == 0 ? unit(hours, "hour") : unit(hours, "hour") + " " + unit(minutes, "minute")
        }
        let days = seconds / 86_400, hours = (seconds % 86_400) / 3600
        return hours == 0 ? unit(days, "day") : unit(days, "day") + " " + unit(hours, "hour")
    }

    /// "2025-01-02 15:04 UTC".
    package static func date(_ unix: Int64) -> String {
        var seconds = time_t(unix)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday)) \(pad(parts.tm_hour)):\(pad(parts.tm_min)) UTC"
    }
}
