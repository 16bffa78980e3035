/// Numbers as the README writes them: thousands separated by commas ("10,000"), and counted
/// nouns in the singular for one ("1 tick", "2 ticks").
package enum NumberText {
    /// "10,000", "-1,250", "999".
    package static func grouped<Number: BinaryInteger>(_ value: Number) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return value < 0 ? "-" + text : text
    }

    /// "1 tick", "10,000 ticks"; `plural` when the noun does not just take an s.
    package static func count<Number: BinaryInteger>(_ value: Number, _ noun: String, plural: String? = nil) -> String {
        "\(grouped(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }
}
