extension Substring {
    /// The text without the characters of `set` at either end (header values, list items:
    /// ASCII spaces and tabs, without Foundation's Unicode tables).
    func trimmingCharacters(in set: String) -> String {
        var slice = self[...]
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
