/// RFC 1459/2812 client: NICK/USER registration (done at the end of the MOTD burst),
/// JOIN (done at the end of NAMES), PRIVMSG to the channel, PONG to every PING.
struct IRCProtocol: ChatProtocol {
    var name: String { "irc" }
    var stripsTelnet: Bool { false }
    var echoesOwnLines: Bool { false }

    static func channel(_ room: Int) -> String { "#lpb\(room)" }

    func loginLines(for connection: BenchConnection) -> [String] {
        ["NICK \(connection.nick)", "USER \(connection.nick) 0 * :livepet-bench"]
    }

    func loginStep(_ line: ByteLine, connection: BenchConnection) -> DialogueStep {
        guard let code = Self.numeric(line) else {
            return line.hasPrefix("ERROR") ? .failed(line.string) : .pending
        }
        switch code {
        case "376", "422": return .done  // end of MOTD / no MOTD: the welcome burst is over
        case "432", "433", "436", "465": return .failed(line.string)
        default: return .pending
        }
    }

    func joinLines(room: Int, connection: BenchConnection) -> [String] {
        ["JOIN \(Self.channel(room))"]
    }

    func joinStep(_ line: ByteLine, connection: BenchConnection) -> DialogueStep {
        guard let code = Self.numeric(line) else { return .pending }
        switch code {
        case "366": return .done
        case "403", "405", "471", "473", "474", "475": return .failed(line.string)
        default: return .pending
        }
    }

    func sayLine(_ text: String, room: Int) -> String {
        "PRIVMSG \(Self.channel(room)) :\(text)"
    }

    func autoReply(to line: ByteLine) -> String? {
        guard line.hasPrefix("PING") else { return nil }
        return "PONG" + line.string.dropFirst(4)
    }

    /// The three-digit reply code of a server numeric (`:server 001 nick :...`).
    static func numeric(_ line: ByteLine) -> Substring? {
        guard line.hasPrefix(":"), let word = line.word(1), word.count == 3,
              word.allSatisfy(\.isNumber) else { return nil }
        return word
    }
}
