import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Commands to find out and to talk: help, commands, who, say, emote, tell, reply, chat,
/// channel, afk, quit (registered in `CommandCatalog`).
extension Session {
    // MARK: Information

    func help(_ args: String) {
        let topic = args.trimmingCharacters(in: .whitespaces)
        if topic.isEmpty {
            var text = "Commands (type \"help <command>\" for more):\n"
            let width = services.commands.specs.filter { isAdmin || !$0.adminOnly }.map(\.name.count).max() ?? 8
            for spec in services.commands.specs where !spec.adminOnly {
                text += "  \(spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(spec.summary)\n"
            }
            if isAdmin {
                text += "Admin commands (typed in full):\n"
                for spec in services.commands.specs where spec.adminOnly {
                    text += "  \(spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(spec.summary)\n"
                }
            }
            connection.send(wrap(text))
            return
        }
        switch services.commands.resolve(topic, isAdmin: isAdmin) {
        case .command(let name):
            guard let spec = services.commands.spec(named: name) else { return }
            var text = "Usage: \(spec.usage)\n\(spec.summary)\n"
            if !spec.help.isEmpty { text += "\(spec.help)\n" }
            if !spec.aliases.isEmpty { text += "Also: \(spec.aliases.joined(separator: ", "))\n" }
            connection.send(wrap(text))
        case .ambiguous(let options):
            connection.send("\"\(TextSanitizer.clean(topic))\" could mean: \(options.joined(separator: ", ")).\n")
        case .unknown(let suggestion):
            let hint = suggestion.map { " Did you mean \"\($0)\"?" } ?? ""
            connection.send("There is no command \"\(TextSanitizer.clean(topic))\".\(hint)\n")
        }
    }

    func listCommands() {
        let names = services.commands.specs.filter { !$0.adminOnly }.map(\.name)
        var text = names.joined(separator: " ") + "\n"
        if isAdmin {
            text += "Admin: " + services.commands.specs.filter(\.adminOnly).map(\.name).joined(separator: " ") + "\n"
        }
        connection.send(wrap(text))
    }

    func who() async {
        var rows = await services.presence.who(now: services.clock.uptimeNanos())
        guard case .playing = phase else { return }
        let idleFlag = max(1, Int((Double(services.config.abuse.idleFlag.nanoseconds) / 1e9).rounded(.up)))
        if services.config.abuse.idleFlag > .zero {
            for index in rows.indices where rows[index].idleSeconds >= idleFlag && !rows[index].flags.contains("link-dead") {
                rows[index].flags.append("idle")
            }
        }
        connection.send(wrap(WhoFormatter.format(rows, width: windowWidth)))
    }

    func describePlace() async {
        guard let player else { return }
        let names = player.place.occupantNames()
        let others = names.filter { $0.lowercased() != player.name.lowercased() }
        // A pet's room is named after the pet: not at the start of a line (see PetFormatter).
        let title = player.place is Pet ? "In \(player.place.title)" : player.place.title
        var text = Styled.paint(title, Styled.bold) + "\n"
        if player.place.placeID == .lobby {
            text += "A sunny hall where pet lovers meet before visiting their friends' pets.\n"
        }
        if others.isEmpty {
            text += "Nobody else is here.\n"
        } else if others.count <= 20 {
            text += "Here: \(others.joined(separator: ", ")).\n"
        } else {
            text += "Here: \(others.prefix(20).joined(separator: ", ")) and \(others.count - 20) others.\n"
        }
        out(wrap(text))
    }

    // MARK: Talking

    func say(_ args: String) {
        guard let member else { return }
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty else {
            connection.send("Say what?\n")
            return
        }
        player?.place.say(from: member, text: text)
    }

    func emote(_ args: String) {
        guard let member else { return }
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty else {
            connection.send("Emote what? For example: emote waves\n")
            return
        }
        player?.place.emote(from: member, text: text)
    }

    func tell(_ args: String) async {
        let parts = args.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else {
            connection.send("Usage: tell <name> <text>\n")
            return
        }
        await deliverTell(to: String(parts[0]), text: String(parts[1]))
    }

    func reply(_ args: String) async {
        guard let player else { return }
        guard let target = await services.presence.replyTarget(of: player.name) else {
            connection.send("Nobody has sent you a tell yet.\n")
            return
        }
        guard !args.trimmingCharacters(in: .whitespaces).isEmpty else {
            connection.send("Reply what? (You would reply to \(target).)\n")
            return
        }
        await deliverTell(to: target, text: args)
    }

    private func deliverTell(to recipient: String, text rawText: String) async {
        guard let player else { return }
        let text = TextSanitizer.clean(rawText)
        guard !text.isEmpty else {
            connection.send("Tell them what?\n")
            return
        }
        if recipient.lowercased() == player.name.lowercased() {
            connection.send("You mutter to yourself, \"\(text)\"\n")
            return
        }
        let outcome = await services.presence.tell(from: player.name, to: recipient, text: text)
        switch outcome {
        case .delivered(let name, let afkMessage):
            connection.send("You tell \(name), \"\(text)\"\n")
            sendGMCP("Comm.Channel.Text", GMCP.channelText(channel: "tell", talker: player.name, text: "You tell \(name), \"\(text)\""))
            if let afkMessage {
                connection.send(afkMessage.isEmpty ? "\(name) is AFK.\n"
                                                   : "\(name) is AFK: \(TalkWrap.wrap(afkMessage, after: "\(name) is AFK: "))\n")
            }
        case .notOnline, .channelOff:
            connection.send("Nobody called \(TextSanitizer.clean(recipient)) is online.\n")
        case .ignored(let name):
            connection.send("\(name) is not listening to you.\n")
        case .linkDead(let name):
            connection.send("\(name)'s link is dead right now; they would not see your tell.\n")
        }
    }

    func chat(_ args: String) async {
        guard let player else { return }
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty else {
            connection.send("Chat what?\n")
            return
        }
        let sent = await services.presence.chat(from: player.name, text: text)
        if !sent {
            connection.send("Your chat channel is off. Type \"channel on\" to join it.\n")
        }
    }

    func channel(_ args: String) async {
        guard let player else { return }
        switch args.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on":
            await services.presence.setChannel(name: player.name, on: true)
            connection.send("The chat channel is on.\n")
        case "off":
            await services.presence.setChannel(name: player.name, on: false)
            connection.send("The chat channel is off. You will not see chat until you turn it on.\n")
        default:
            connection.send("Usage: channel on|off\n")
        }
    }

    func afk(_ args: String) async {
        guard let player else { return }
        let message = TextSanitizer.clean(args)
        isAFK = true
        await services.presence.setAFK(name: player.name, message: message)
        connection.send(message.isEmpty ? "You are now AFK. Your next command brings you back.\n"
                                        : "You are now AFK: \(message)\n")
    }

    func quit() {
        guard let player else { return }
        quitting = true
        connection.close(notice: "Goodbye, \(player.name)! Your pets will be waiting.\n")
    }

    // MARK: Formatting

    /// Wraps output to the client's window width (NAWS), by display width, like talk
    /// (`TalkWrap`): every row after a break starts with `TalkWrap.indent`, so a row the
    /// window would otherwise start inside a player's text (a pet's name in `look`, an owner
    /// in `pets`) cannot pass for a line of its own. Lines that fit are left alone.
    func wrap(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(line)
            lines.append(DisplayWidth.of(line) <= windowWidth ? line : TalkWrap.wrap(line, column: 0, width: windowWidth))
        }
        return lines.joined(separator: "\n")
    }
}
