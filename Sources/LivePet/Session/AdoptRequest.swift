import LivePetSupport
import LivePetWorld

/// What `adopt` was asked: a name and maybe a species, or why the line is refused.
///
/// The last word (or two: `sea turtle`) is the species when it is one, and a word that is not a species is refused (with the list),
/// not folded into the name, so a typo never gives a pet a name its owner did not mean.
/// A name of several words goes in double quotes: `adopt "Nessie dragon" phoenix`.
struct AdoptRequest: Equatable, Sendable {
    var name: String
    /// nil: chosen at random.
    var species: Species?

    enum Parsed: Equatable, Sendable {
        case adopt(AdoptRequest)
        case refused(String)
    }

    static var speciesList: String { Species.allCases.map(\.rawValue).joined(separator: ", ") }

    static let quoteHint = "A name of more than one word goes in double quotes: adopt \"Nessie dragon\" phoenix"

    static func parse(_ args: String) -> Parsed {
        let line = args.trimmingCharacters(in: .whitespaces)
        guard !line.isEmpty else {
            return .refused("Usage: adopt <name> [species]. Species: \(speciesList). \(quoteHint).\n")
        }
        if line.hasPrefix("\"") {
            let rest = line.dropFirst()
            guard let close = rest.firstIndex(of: "\"") else {
                return .refused("The closing quote is missing. \(quoteHint).\n")
            }
            let name = rest[..<close].trimmingCharacters(in: .whitespaces)
            let tail = rest[rest.index(after: close)...].trimmingCharacters(in: .whitespaces)
            if tail.isEmpty { return .adopt(AdoptRequest(name: name, species: nil)) }
            guard let species = Species(input: tail) else { return unknown(tail) }
            return .adopt(AdoptRequest(name: name, species: species))
        }
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if words.count == 1 { return .adopt(AdoptRequest(name: words[0], species: nil)) }
        if let species = Species(input: words[words.count - 1]) {
            words.removeLast()
            return .adopt(AdoptRequest(name: words.joined(separator: " "), species: species))
        }
        if words.count > 2, let species = Species(input: words.suffix(2).joined()) {
            words.removeLast(2)
            return .adopt(AdoptRequest(name: words.joined(separator: " "), species: species))
        }
        return unknown(words[words.count - 1])
    }

    private static func unknown(_ word: String) -> Parsed {
        var shown = TextSanitizer.clean(word)
        if shown.count > 30 { shown = String(shown.prefix(29)) + "…" }
        return .refused("There is no species called \"\(shown)\". Species: \(speciesList). \(quoteHint).\n")
    }
}
