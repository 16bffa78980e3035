import Foundation
import Glibc
import Synchronization

/// A tiny structured logger: one line per event on stderr, `key=value` or JSON.
/// Values are escaped, so nothing a user typed can forge or break a log line.
public final class Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        public var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public init?(name: String) {
            guard let level = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
            self = level
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public enum Format: String, Sendable {
        case keyValue = "text"
        case json
    }

    private struct Settings {
        var level: Level = .info
        var format: Format = .keyValue
        var sink: (@Sendable (String) -> Void)?
    }

    public static let shared = Logger()
    private let settings = Mutex(Settings())

    public init() {}

    public func configure(level: Level, format: Format) {
        settings.withLock {
            $0.level = level
            $0.format = format
        }
    }

    /// Sends lines to `sink` instead of stderr (tests).
    public func redirect(_ sink: (@Sendable (String) -> Void)?) {
        settings.withLock { $0.sink = sink }
    }

    public func debug(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.debug, event, fields)
    }

    public func info(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.info, event, fields)
    }

    public func warning(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.warning, event, fields)
    }

    public func error(_ event: String, _ fields: @autoclosure () -> KeyValuePairs<String, String> = [:]) {
        log(.error, event, fields)
    }

    private func log(_ level: Level, _ event: String, _ fields: () -> KeyValuePairs<String, String>) {
        let (minimum, format, sink) = settings.withLock { ($0.level, $0.format, $0.sink) }
        guard level >= minimum else { return }
        let time = Self.timestamp()
        var line: String
        switch format {
        case .keyValue:
            line = "time=\(time) level=\(level.name) event=\(Self.quoteIfNeeded(event))"
            for (key, value) in fields() {
                line += " \(key)=\(Self.quoteIfNeeded(value))"
            }
        case .json:
            line = "{\"time\":\"\(time)\",\"level\":\"\(level.name)\",\"event\":\(Self.jsonString(event))"
            for (key, value) in fields() {
                line += ",\(Self.jsonString(key)):\(Self.jsonString(value))"
            }
            line += "}"
        }
        line += "\n"
        if let sink {
            sink(line)
        } else {
            line.utf8CString.withUnsafeBufferPointer { buffer in
                _ = Glibc.write(2, buffer.baseAddress, buffer.count - 1)
            }
        }
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(now.tv_nsec / 1_000_000)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis), 3))Z"
    }

    /// Bare when it is plain printable ASCII without spaces, quotes or `=`; otherwise quoted
    /// with every control or non-ASCII byte escaped.
    package static func quoteIfNeeded(_ value: String) -> String {
        let plain = !value.isEmpty && value.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != 34 && $0 != 61 && $0 != 92 }
        if plain { return value }
        return quoted(value) { "\\u{\(String($0, radix: 16))}" }
    }

    package static func jsonString(_ value: String) -> String {
        quoted(value) { code in
            let hex = String(code, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// `value` in double quotes with quotes, backslashes and line breaks escaped, and every
    /// control, C1 and bidi-override scalar written by `escape` (so no log line can be forged).
    private static func quoted(_ value: String, escape: (UInt32) -> String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let code = scalar.value
                if code < 32 || code == 127 || (0x80..<0xA0).contains(code)
                    || (0x202A...0x202E).contains(code) || (0x2066...0x2069).contains(code) {
                    out += escape(code)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
