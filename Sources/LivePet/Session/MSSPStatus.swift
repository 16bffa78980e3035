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
        let tls = tlsPort(services)
        var variables = [
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
        if tls != 0 {
            // A client that reads TLS (Mudlet; SSL is the older name) offers its player a
            // secure connection there.
            variables += [("TLS", "\(tls)"), ("SSL", "\(tls)")]
        }
        return variables
    }

    /// The port that takes TLS: the TLS-only port when there is one (`--tls-port`: the operator
    /// opened it for TLS, and firewalls may expect it), else the telnet port, which recognises a
    /// ClientHello; 0 when the server has no TLS context (then neither variable is sent).
    static func tlsPort(_ services: Services) -> Int {
        if services.boundTLSPort != 0 { return services.boundTLSPort }
        return services.config.limits.tls != nil ? services.boundPort : 0
    }

    /// The plaintext form: `MSSP-REPLY-START`, tab-separated pairs, `MSSP-REPLY-END`.
    static func plaintext(_ variables: [(String, String)]) -> String {
        var text = "\nMSSP-REPLY-START\n"
        for (name, value) in variables { text += "\(name)\t\(value)\n" }
        return text + "MSSP-REPLY-END\n"
    }
}
