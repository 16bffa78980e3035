import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What the client is and can do: TTYPE/MTTS, colour, screen readers, GMCP and MSSP.
extension Session {
    /// MTTS bits (https://tintin.mudhalla.net/protocols/mtts/).
    enum MTTS {
        static let ansi = 1
        static let utf8 = 4
        static let colours256 = 8
        static let screenReader = 64
        static let trueColour = 256
    }

    func terminalTypeReceived(_ name: String) {
        guard !name.isEmpty, terminalTypes.count < 3 else { return }
        terminalTypes.append(name)
        let upper = name.uppercased()
        if upper.hasPrefix("MTTS "), let bits = Int(upper.dropFirst(5)) {
            if !colourChosen { prefs.colour.store(bits & MTTS.ansi != 0, ordering: .relaxed) }
            if !screenReaderChosen, bits & MTTS.screenReader != 0 {
                prefs.screenReader.store(true, ordering: .relaxed)
            }
            return
        }
        let colourful = ["ANSI", "XTERM", "VT100", "256COLOR", "TRUECOLOR", "LINUX", "SCREEN", "TMUX", "RXVT",
                         "TINTIN", "MUDLET", "MUSHCLIENT", "CMUD", "ZMUD", "BEIP", "BLOWTORCH", "MUDRAMMER"]
        if !colourChosen, colourful.contains(where: { upper.contains($0) }) {
            prefs.colour.store(true, ordering: .relaxed)
        }
    }

    func localOptionChanged(_ option: UInt8, enabled: Bool) async {
        switch option {
        case TelnetOption.gmcp:
            prefs.gmcp.store(enabled, ordering: .relaxed)
            if enabled, player != nil { sendGMCPLogin() }
        case TelnetOption.mssp where enabled:
            let variables = await MSSPStatus.variables(services)
            var payload: [UInt8] = []
            for (name, value) in variables {
                payload.append(1)  // MSSP_VAR
                payload.append(contentsOf: name.utf8)
                payload.append(2)  // MSSP_VAL
                payload.append(contentsOf: value.utf8)
            }
            connection.sendSubnegotiation(option: TelnetOption.mssp, payload: payload)
        default:
            break
        }
    }

    /// Accepts Core.Hello and Core.Supports.*; anything malformed is ignored, never fatal.
    func gmcpReceived(_ data: [UInt8]) {
        guard let (package, json) = GMCP.parse(data) else { return }
        switch package.lowercased() {
        case "core.hello":
            if let range = json.range(of: "\"client\""),
               let open = json[range.upperBound...].firstIndex(of: "\""),
               let close = json[json.index(after: open)...].firstIndex(of: "\"") {
                clientName = String(TextSanitizer.clean(String(json[json.index(after: open)..<close])).prefix(40))
            }
        default:
            break
        }
    }

    func sendGMCP(_ package: String, _ json: String) {
        guard prefs.gmcp.load(ordering: .relaxed) else { return }
        connection.sendTelnet(encoded: GMCP.encode(package, json))
    }

    func sendGMCPLogin() {
        guard let player else { return }
        sendGMCP("Char.Name", "{\"name\":\(GMCP.string(player.name)),\"fullname\":\(GMCP.string(player.name))}")
        sendRoomInfo()
    }

    func sendRoomInfo() {
        guard let player else { return }
        let number: Int64
        if case .pet(let id) = player.place.placeID { number = id } else { number = 0 }
        sendGMCP("Room.Info", "{\"num\":\(number),\"name\":\(GMCP.string(player.place.title)),\"area\":\"LivePet\",\"exits\":{}}")
    }

    func setColour(_ args: String) {
        switch args.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on":
            colourChosen = true
            prefs.colour.store(true, ordering: .relaxed)
            out("\(Styled.paint("Colour", Styled.green)) is on.\n")
        case "off":
            colourChosen = true
            prefs.colour.store(false, ordering: .relaxed)
            connection.send("Colour is off.\n")
        default:
            connection.send("Usage: color on|off (it is \(prefs.colour.load(ordering: .relaxed) ? "on" : "off") now)\n")
        }
    }

    func setScreenReader(_ args: String) {
        switch args.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on":
            screenReaderChosen = true
            prefs.screenReader.store(true, ordering: .relaxed)
            connection.send("Screen-reader mode is on: no pictures, hearts in words.\n")
        case "off":
            screenReaderChosen = true
            prefs.screenReader.store(false, ordering: .relaxed)
            connection.send("Screen-reader mode is off.\n")
        default:
            connection.send("Usage: screenreader on|off (it is \(screenReader ? "on" : "off") now)\n")
        }
    }
}
