/// A request's header fields in the order they came, names lowercased (field names are
/// case-insensitive: RFC 9110 section 5.1), values with surrounding whitespace removed and
/// their bytes kept one character per byte (ISO-8859-1: header values are ASCII in practice,
/// and this keeps any other byte without guessing an encoding).
package struct HTTPHeaders: Equatable, Sendable {
    package struct Field: Equatable, Sendable {
        /// Lowercased.
        package var name: String
        package var value: String
    }

    package private(set) var fields: [Field] = []

    package init() {}

    package init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { append(name: name, value: value) }
    }

    package mutating func append(name: String, value: String) {
        fields.append(Field(name: name.lowercased(), value: value))
    }

    package var count: Int { fields.count }

    /// Every value of the fields called `name`, in order.
    package func values(_ name: String) -> [String] {
        let name = name.lowercased()
        return fields.filter { $0.name == name }.map(\.value)
    }

    /// The value of the only field called `name`; nil if there is none or more than one.
    package func single(_ name: String) -> String? {
        let all = values(name)
        return all.count == 1 ? all[0] : nil
    }

    package func contains(_ name: String) -> Bool {
        let name = name.lowercased()
        return fields.contains { $0.name == name }
    }

    /// The comma-separated elements of every field called `name`, trimmed, lowercased,
    /// empty elements dropped (RFC 9110 section 5.6.1).
    package func tokens(_ name: String) -> [String] {
        values(name).flatMap { value in
            value.split(separator: ",").map {
                $0.trimmingCharacters(in: " \t").lowercased()
            }.filter { !$0.isEmpty }
        }
    }

    /// Whether the list in the fields called `name` contains `token` (case-insensitive).
    package func hasToken(_ token: String, in name: String) -> Bool {
        tokens(name).contains(token.lowercased())
    }
}
