import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// The Mud Server Status Protocol variables, for crawlers (plaintext `MSSP-REQUEST`) and
/// for clients that negotiate telnet option 70.
enum MSSPStatus {
    static func variables(_ services: Services) async -> [(String, String)] {
        let players = await services.presence.count
        return [
            ("NAME", "LivePet"),
            ("PLAYERS", "\(players)"),
            ("UPTIME", "\(services.startedAt)"),
            ("CODEBASE", "LivePet"),
            ("PORT", "\(services.boundPort)"),
            ("UTF-8", "1"),
            ("ANSI", "1"),
            ("PETS", "\(services.world.pets.count)"),
            ("ACTIVE PETS", "\(services.world.pets.activePets().count)"),
            ("GENRE", "Social"),
            ("FAMILY", "Custom"),
            ("CRAWL DELAY", "-1"),
        ]
    }

    /// The plaintext form: `MSSP-REPLY-START`, tab-separated pairs, `MSSP-REPLY-END`.
    static func plaintext(_ variables: [(String, String)]) -> String {
        var text = "\nMSSP-REPLY-START\n"
        for (name, value) in variables { text += "\(name)\t\(value)\n" }
        return text + "MSSP-REPLY-END\n"
    }
}
