import LivePetNet
import LivePetSupport
import LivePetTelnet

/// What a pet can react to.
package enum Reaction: Sendable, CaseIterable {
    /// Someone arrives (`who`) or leaves.
    case arrive, leave
    /// Fed by its owner, or given a treat (`who` gave it).
    case fed, treat
    /// Its name said in the room (`who` said it).
    case named
    /// Its mood fell to hungry, or to starving.
    case hungry, starving
    /// Its owner has been away long while others visit.
    case lonely
    /// Now and then, while people are there.
    case idle
    /// `pet` and `play` (`who` did it).
    case petted, played
}

/// The pets' reactions: short lines in each species' own voice (a fox, a crab and a totoro
/// do not purr alike), several for each thing they react to, one picked by the room's
/// seeded generator (`RoomLife`). The tables are in `Reactions+Land.swift`,
/// `Reactions+Water.swift` and `Reactions+Wild.swift`.
///
/// A line is the pet's name framed in brackets as in the tick lines, then what it does, so
/// no reaction starts with text a player chose (pet names cannot hold brackets); screen
/// readers get a plain sentence starting "Pet <name>" like the spoken tick line. The name
/// is the short one and `who` an account name (16 characters at most): rows are wrapped
/// at 80 columns with the server's hanging indent.
package enum Reactions {
    /// The lines `species` has for `reaction`, each with `{who}` where a person's name goes.
    package static func lines(_ species: Species, _ reaction: Reaction) -> [String] {
        table(species)[reaction] ?? []
    }

    private static func table(_ species: Species) -> [Reaction: [String]] {
        switch species {
        case .cat: cat
        case .dog: dog
        case .rabbit: rabbit
        case .crab: crab
        case .fish: fish
        case .seaTurtle: seaTurtle
        case .fox: fox
        case .phoenix: phoenix
        case .totoro: totoro
        }
    }

    /// The room line for line `index` of `species`' `reaction` lines (wrapped around), with
    /// `who` put in.
    package static func line(_ species: Species, _ reaction: Reaction, pet shortName: String, who: String?, index: Int) -> RoomLine {
        let choices = lines(species, reaction)
        let template = choices.isEmpty ? "looks around." : choices[index % choices.count]
        let action = template.replacingOccurrences(of: "{who}", with: who ?? "someone")
        return frame(action, pet: shortName)
    }

    /// `[Name] action` (bold name, dim brackets) and the spoken `Pet Name action`, wrapped.
    package static func frame(_ action: String, pet shortName: String) -> RoomLine {
        let nameCells = DisplayWidth.of(shortName)
        let shown = TalkWrap.wrap(action, column: nameCells + 3)
        let spoken = TalkWrap.wrap(action, column: nameCells + 5)
        return RoomLine(
            "\(Styled.dim)[\(Styled.reset)\(Styled.paint(shortName, Styled.bold))\(Styled.dim)]\(Styled.reset) \(shown)\n",
            spoken: "Pet \(shortName) \(spoken)\n")
    }

    /// The gentle answer to `pet` or `play` with a pet that has died (to the player only).
    package static func remembrance(pet shortName: String, played: Bool) -> String {
        played
            ? "Sorry, \(shortName) has passed away and plays no more. You sit a while and remember the games you shared."
            : "Sorry, \(shortName) has passed away. You rest a hand where they used to sleep and remember them fondly."
    }
}
