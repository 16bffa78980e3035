/// String distances for "did you mean" suggestions.
public enum EditDistance {
    /// Damerau-Levenshtein distance in its "optimal string alignment" form: insertions,
    /// deletions, substitutions and transpositions of adjacent characters each cost 1.
    /// That covers the typos people make on keyboards ("sya", "hepl") and is cheap for the
    /// short words it is used on. Compares grapheme clusters, so accents count once.
    public static func damerauLevenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let columns = b.count + 1
        // Three rolling rows: the transposition step looks two rows back.
        var before = [Int](repeating: 0, count: columns)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: columns)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, before[j - 2] + 1)
                }
                current[j] = best
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
