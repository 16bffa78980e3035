import LivePetNet
import LivePetSupport
import LivePetTelnet

/// The kinds of pet, as in the original demo.
public enum Species: String, CaseIterable, Sendable {
    case cat, crab, dog, fish, fox, phoenix, rabbit
    case seaTurtle = "sea_turtle"
    case totoro

    /// "sea turtle" rather than "sea_turtle".
    public var displayName: String { rawValue.replacingOccurrences(of: "_", with: " ") }

    /// Accepts "sea_turtle", "sea turtle", "seaturtle" and any case.
    public init?(input: String) {
        let key = input.lowercased().filter { $0.isLetter }
        guard let match = Species.allCases.first(where: { $0.rawValue.filter(\.isLetter) == key }) else { return nil }
        self = match
    }

    /// A small picture for `look` (never shown to screen readers).
    public var art: String {
        switch self {
        case .cat:
            #"""
             /\_/\
            ( o.o )
             > ^ <
            """#
        case .crab:
            #"""
            (\/)   (\/)
              \(°_°)/
              /|   |\
            """#
        case .dog:
            #"""
             / \__
            (    @\___
            /         O
            /   (_____/
            /_____/   U
            """#
        case .fish:
            #"""
               ><(((º>
            ~  ><(((º>  ~
            """#
        case .fox:
            #"""
            /\   /\
            //\\_//\\
            \_     _/
             / * * \
             \_\O/_/
            """#
        case .phoenix:
            #"""
               ,//)
               ;;' \
            ,;;' ( '\
               / '\_)
            ~~~ fire ~~~
            """#
        case .rabbit:
            #"""
            (\(\
            ( -.-)
            o_(")(")
            """#
        case .seaTurtle:
            #"""
                _____     ____
              /      \  |  o |
             |        |/ ___\|
             |_________/
             |_|_| |_|_|
            """#
        case .totoro:
            #"""
              /\     /\
             (  o   o  )
             ( ==^== )
              \  ---  /
               '-----'
            """#
        }
    }
}
