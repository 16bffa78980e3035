/// The possessive of a name, one rule everywhere (room titles, the prompt, `who`, GMCP
/// `Room.Info`, link-dead notices): an apostrophe alone after a final s ("Whiskers' room",
/// "Chris' link"), 's otherwise ("Fluffy's room").
package enum Possessive {
    package static func of(_ name: String) -> String {
        name.last == "s" || name.last == "S" ? name + "'" : name + "'s"
    }
}
