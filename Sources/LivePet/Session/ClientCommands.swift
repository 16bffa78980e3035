import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What the client is and can do: TTYPE/MTTS, colour, screen readers, GMCP and MSSP. The
/// color and screenreader commands, and the session's answers to the client's telnet events.
enum ClientCommands {
    /// MTTS bits (https://tintin.mudhalla.net/protocols/mtts/).
    enum MTTS {
        static let ansi = 1
        static let utf8 = 4
        static let colours256 = 8
        static let screenReader = 64
        static let trueColour = 256
    }

    static func terminalTypeReceived(_ session: isolated Session, _ name: String) {
        // The MTTS cycle (at most three answers, until one repeats) is the telnet stage's;
        // the session keeps only the first answer, the client's name, for `users`.
        guard !name.isEmpty else { return }
        if session.terminalName == nil { session.terminalName = name }
        let upper = name.uppercased()
        if let bits = TelnetSubnegotiation.mttsBits(name) {
            if !session.colourChosen { session.prefs.setColour(bits & MTTS.ansi != 0) }
            // MTTS says whether the client takes UTF-8 (bit 4); a client without MTTS is left
            // as it is (UTF-8, unless its CHARSET answer said otherwise).
            charsetLearned(session, bits & MTTS.utf8 != 0 ? .utf8 : .ascii)
            if !session.screenReaderChosen, bits & MTTS.screenReader != 0 {
                session.prefs.setScreenReader(true)
            }
            return
        }
        let colourful = ["ANSI", "XTERM", "VT100", "256COLOR", "TRUECOLOR", "LINUX", "SCREEN", "TMUX", "RXVT",
                         "TINTIN", "MUDLET", "MUSHCLIENT", "CMUD", "ZMUD", "BEIP", "BLOWTORCH", "MUDRAMMER"]
        if !session.colourChosen, colourful.contains(where: { upper.contains($0) }) {
            session.prefs.setColour(true)
        }
    }

    /// The client told us its charset (MTTS, CHARSET): the connection uses it, unless the
    /// player chose one with `charset`.
    static func charsetLearned(_ session: isolated Session, _ charset: TelnetCharset) {
        guard !session.charsetChosen else { return }
        session.connection.setCharset(charset)
    }

    static func setCharset(_ session: isolated Session, _ args: String) async {
        let now = session.connection.charset.name
        let wanted = args.trimmingCharacters(in: .whitespaces).lowercased()
        guard ["utf-8", "utf8", "ascii"].contains(wanted), let charset = TelnetCharset(name: wanted) else {
            session.connection.send("Usage: charset utf-8|ascii (it is \(now) now)\n")
            return
        }
        session.charsetChosen = true
        session.connection.setCharset(charset)
        session.connection.send(charset == .utf8
            ? "Charset is UTF-8: hearts are \(PetState.heartsText(3)).\n"
            : "Charset is ASCII: hearts are \(ASCIIText.fold(PetState.heartsText(3))), and what you type is read as Latin-1.\n")
        await SavedPreferences.save(session, .charset, charset == .utf8 ? "utf-8" : "ascii")
    }

    /// What `users` shows as the client: its GMCP name, else its first terminal type.
    static func updateClientDescription(_ session: isolated Session) {
        let text = session.clientName ?? session.terminalName ?? ""
        session.prefs.client.withLock { $0 = String(text.prefix(40)) }
    }

    static func localOptionChanged(_ session: isolated Session, _ option: UInt8, enabled: Bool) async {
        switch option {
        case TelnetOption.gmcp:
            session.prefs.gmcp.store(enabled, ordering: .relaxed)
            // The browser's page (WebAssets) renders ANSI colour: on, unless the player chose.
            if enabled, session.connection.isWebSocket, !session.colourChosen { session.prefs.setColour(true) }
            guard enabled, session.player != nil else { return }
            if session.gmcpListsSent {
                await gmcpEnabledAgain(session)
            } else {
                await sendGMCPLogin(session)
            }
        case TelnetOption.mssp where enabled:
            let variables = await MSSPStatus.variables(session.services)
            var payload: [UInt8] = []
            for (name, value) in variables {
                payload.append(1)  // MSSP_VAR
                payload.append(contentsOf: name.utf8)
                payload.append(2)  // MSSP_VAL
                payload.append(contentsOf: value.utf8)
            }
            session.connection.sendSubnegotiation(option: TelnetOption.mssp, payload: payload)
        default:
            break
        }
    }

    /// Accepts Core.Hello and Core.Supports.*; anything malformed is ignored, never fatal.
    static func gmcpReceived(_ session: isolated Session, _ data: [UInt8]) {
        guard let (package, json) = GMCP.parse(data) else { return }
        switch package.lowercased() {
        case "core.hello":
            if let range = json.range(of: "\"client\""),
               let open = json[range.upperBound...].firstIndex(of: "\""),
               let close = json[json.index(after: open)...].firstIndex(of: "\"") {
                session.clientName = String(TextSanitizer.clean(String(json[json.index(after: open)..<close])).prefix(40))
            }
        default:
            break
        }
    }

    /// Everything a GMCP client gets on entering the world (or turning GMCP on while
    /// playing): Char.Name, Room.Info and Room.Players, Char.Status, then the lists.
    /// The full lists go at most once per connection: see `gmcpEnabledAgain`.
    static func sendGMCPLogin(_ session: isolated Session) async {
        guard let player = session.player, session.prefs.gmcp.load(ordering: .relaxed) else { return }
        session.gmcpListsSent = true
        session.gmcpHelloTick = session.world.now
        sendCharName(session, player)
        sendRoomInfo(session)
        // Sent again even if unchanged: GMCP may have been off, or the connection is new.
        session.prefs.treatsSent.store(-1, ordering: .relaxed)
        sendCharStatus(session)
        let recipient = Presence.ListRecipient(sessionID: session.id, name: player.name, accountID: player.accountID,
                                               connection: session.connection, prefs: session.prefs)
        await session.services.lists.sendLogin(recipient, place: player.place.title)
    }

    /// GMCP turned on again after the lists went once (`sendGMCPLogin`): a client toggling
    /// the option must not get them (up to 48 KiB) for each toggle. The lists and Char.Status
    /// are only marked for the next tick's flush (`GMCPLists.resend`), which sends them at
    /// most once a tick; Char.Name, Room.Info, Room.Players and Char.Status (a few KiB at
    /// most) go again at once, but at most once a tick.
    static func gmcpEnabledAgain(_ session: isolated Session) async {
        await session.services.lists.resend(session.id)
        guard let player = session.player, session.prefs.gmcp.load(ordering: .relaxed) else { return }
        let now = session.world.now
        guard session.gmcpHelloTick != now else { return }
        session.gmcpHelloTick = now
        sendCharName(session, player)
        sendRoomInfo(session)
        session.prefs.treatsSent.store(-1, ordering: .relaxed)
        sendCharStatus(session)
    }

    private static func sendCharName(_ session: isolated Session, _ player: Session.Player) {
        session.sendGMCP("Char.Name", "{\"name\":\(GMCP.string(player.name)),\"fullname\":\(GMCP.string(player.name))}")
    }

    /// Room.Info and Room.Players: after login and every move.
    static func sendRoomInfo(_ session: isolated Session) {
        guard let player = session.player, session.prefs.gmcp.load(ordering: .relaxed) else { return }
        let number: Int64
        if case .pet(let id) = player.place.placeID { number = id } else { number = 0 }
        session.sendGMCP("Room.Info", "{\"num\":\(number),\"name\":\(GMCP.string(player.place.title)),\"area\":\"LivePet\",\"exits\":{}}")
        session.sendGMCP("Room.Players", player.place.playersJSON())
    }

    /// Char.Status when the treats held changed since the client was last told (after each
    /// command, with the prompt; the tick tells of refills: `GMCPLists.flush`).
    static func sendCharStatus(_ session: isolated Session) {
        guard let player = session.player, session.prefs.gmcp.load(ordering: .relaxed) else { return }
        sendCharStatus(session, treats: player.accountID.map { session.world.treats.count($0) } ?? 0)
    }

    /// `sendCharStatus` with the count already made (the prompt makes it for itself); the
    /// caller has checked that GMCP is on.
    static func sendCharStatus(_ session: isolated Session, treats: Int) {
        guard session.prefs.treatsSent.exchange(treats, ordering: .relaxed) != treats else { return }
        session.sendGMCP("Char.Status", "{\"treats\":\(treats)}")
    }

    static func setColour(_ session: isolated Session, _ args: String) async {
        let now = session.prefs.colour ? "on" : "off"
        guard let on = onOff(session, args, usage: "color on|off (it is \(now) now)") else { return }
        session.colourChosen = true
        session.prefs.setColour(on)
        if on {
            session.out("\(Styled.paint("Colour", Styled.green)) is on.\n")
        } else {
            session.connection.send("Colour is off.\n")
        }
        await SavedPreferences.save(session, .color, on ? "on" : "off")
    }

    static func setScreenReader(_ session: isolated Session, _ args: String) async {
        let now = session.screenReader ? "on" : "off"
        guard let on = onOff(session, args, usage: "screenreader on|off (it is \(now) now)") else { return }
        session.screenReaderChosen = true
        session.prefs.setScreenReader(on)
        session.connection.send(on ? "Screen-reader mode is on: no pictures, hearts in words.\n" : "Screen-reader mode is off.\n")
        await SavedPreferences.save(session, .screenreader, on ? "on" : "off")
    }

    /// "on" or "off" (any case, spaces around); anything else gets the usage line and nil.
    private static func onOff(_ session: isolated Session, _ args: String, usage: String) -> Bool? {
        switch args.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on": return true
        case "off": return false
        default:
            session.connection.send("Usage: \(usage)\n")
            return nil
        }
    }
}
