import Foundation

/// One scenario's figures: printed as a table for people and as one JSON line (keys in
/// insertion order) for `docs/bench/compare.sh`.
struct ScenarioResult {
    enum Value {
        case int(Int)
        case number(Double, decimals: Int)
        case text(String)
        case missing

        var display: String {
            switch self {
            case .int(let value): value.formatted()
            case .number(let value, let decimals): String(format: "%.\(decimals)f", value)
            case .text(let value): value
            case .missing: "n/a"
            }
        }

        var json: String {
            switch self {
            case .int(let value): "\(value)"
            case .number(let value, let decimals): value.isFinite ? String(format: "%.\(decimals)f", value) : "null"
            case .text(let value): ScenarioResult.quote(value)
            case .missing: "null"
            }
        }
    }

    let scenario: String
    var fields: [(key: String, value: Value)] = []

    init(scenario: String) {
        self.scenario = scenario
    }

    mutating func set(_ key: String, _ value: Int) { fields.append((key, .int(value))) }
    mutating func set(_ key: String, _ value: String) { fields.append((key, .text(value))) }
    mutating func set(_ key: String, _ value: Double?, decimals: Int = 1) {
        fields.append((key, value.map { .number($0, decimals: decimals) } ?? .missing))
    }

    /// A numeric field's value (for goals computed from figures already set).
    func number(_ key: String) -> Double? {
        switch fields.last(where: { $0.key == key })?.value {
        case .int(let value): Double(value)
        case .number(let value, _): value
        default: nil
        }
    }

    func table() -> String {
        let width = max(fields.map(\.key.count).max() ?? 0, 6)
        var text = "== \(scenario) ==\n"
        for (key, value) in fields {
            text += "  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value.display + "\n"
        }
        return text
    }

    func jsonLine() -> String {
        var parts = ["\"scenario\":\(Self.quote(scenario))"]
        for (key, value) in fields { parts.append("\(Self.quote(key)):\(value.json)") }
        return "{" + parts.joined(separator: ",") + "}"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
