import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Resolves typed command words to canonical command names.
///
/// Matching is case-insensitive. An exact name or alias always wins, so a short alias such as
/// "l" keeps working when more commands starting with "l" are added; otherwise a prefix that
/// names one command is enough ("inv" for "inventory"). Admin-only commands are invisible to
/// non-admins: they neither resolve, nor make prefixes ambiguous, nor appear as suggestions,
/// so their names do not leak.
public struct CommandTable: Sendable {
    /// Every command, in the order given (the order help lists them in).
    public let specs: [CommandSpec]

    private struct Entry: Sendable {
        let key: String        // lowercased name or alias
        let name: String       // canonical name
        let index: Int         // of the spec in `specs`
        let adminOnly: Bool
    }

    /// `Resolution` with the one command as its index in `specs` (no lookup by name).
    enum Match: Equatable, Sendable {
        case command(Int)
        case ambiguous([String])
        case unknown(suggestion: String?)
    }

    /// Names and aliases, sorted by key; the first spec to claim a key keeps it.
    private let entries: [Entry]
    private let exact: [String: Entry]

    public init(_ specs: [CommandSpec]) {
        self.specs = specs
        var exact: [String: Entry] = [:]
        for (index, spec) in specs.enumerated() {
            for key in [spec.name] + spec.aliases {
                let entry = Entry(key: key.lowercased(), name: spec.name, index: index, adminOnly: spec.adminOnly)
                assert(exact[entry.key] == nil, "duplicate command word \(entry.key)")
                if exact[entry.key] == nil { exact[entry.key] = entry }
            }
        }
        self.exact = exact
        self.entries = exact.values.sorted { $0.key < $1.key }
    }

    /// The spec with this canonical name (case-insensitive), for help.
    public func spec(named name: String) -> CommandSpec? {
        exact[name.lowercased()].map { specs[$0.index] }
    }

    /// Resolves a word as typed. `isAdmin: false` hides admin-only commands entirely.
    public func resolve(_ word: String, isAdmin: Bool = true) -> Resolution {
        switch match(word, isAdmin: isAdmin) {
        case .command(let index): .command(specs[index].name)
        case .ambiguous(let names): .ambiguous(names)
        case .unknown(let suggestion): .unknown(suggestion: suggestion)
        }
    }

    /// `resolve`, giving the command as its index in `specs`.
    func match(_ word: String, isAdmin: Bool) -> Match {
        match(lowercased: word.lowercased(), isAdmin: isAdmin)
    }

    /// `match` for a word already lower-cased: what the dispatcher runs (it lower-cases the
    /// typed word once, for this and its own checks).
    func match(lowercased word: String, isAdmin: Bool) -> Match {
        guard !word.isEmpty else { return .unknown(suggestion: nil) }
        if let entry = exact[word], isAdmin || !entry.adminOnly {
            return .command(entry.index)
        }
        let visible = entries.filter { isAdmin || !$0.adminOnly }
        let matched = visible.filter { $0.key.hasPrefix(word) }
        let matches = Set(matched.map(\.name))
        switch matches.count {
        case 1: return .command(matched[0].index)
        case 0: return .unknown(suggestion: suggestion(for: word, among: visible))
        default: return .ambiguous(matches.sorted())
        }
    }

    /// The closest visible command: Damerau-Levenshtein distance at most 2 (and less than the
    /// word's length, so "x" does not suggest every two-letter command); failing that, the
    /// longest name or alias of two or more letters that the word starts with ("looking" →
    /// "look"). Ties go to the alphabetically first name, so answers are stable.
    private func suggestion(for word: String, among visible: [Entry]) -> String? {
        let limit = min(2, word.count - 1)
        var best: (distance: Int, name: String)?
        for entry in visible {
            let distance = EditDistance.damerauLevenshtein(word, entry.key)
            guard distance <= limit else { continue }
            if let current = best,
               (current.distance, current.name) <= (distance, entry.name) { continue }
            best = (distance, entry.name)
        }
        if let best { return best.name }
        return visible
            .filter { $0.key.count >= 2 && word.hasPrefix($0.key) }
            .max { ($0.key.count, $1.name) < ($1.key.count, $0.name) }?
            .name
    }
}
