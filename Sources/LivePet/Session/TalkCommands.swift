import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Commands to find out and to talk: help, commands, who, say, emote, tell, reply, chat,
/// channel, afk, quit (registered in `CommandCatalog`), and the description of a place shown
/// on arrival. Like every command type's, its functions take the session `isolated`: they
/// run on the session's actor, as its own methods would, with no hop.
enum TalkCommands {
    // MARK: Information

    static func help(_ session: isolated Session, _ args: String) {
        let topic = args.trimmingCharacters(in: .whitespaces)
        if topic.isEmpty {
            var text = "Commands (type \"help <command>\" for more):\n"
            let width = CommandCatalog.table.specs.filter { session.isAdmin || !$0.adminOnly }.map(\.name.count).max() ?? 8
            for spec in CommandCatalog.table.specs where !spec.adminOnly {
                text += "  \(spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(spec.summary)\n"
            }
            if session.isAdmin {
                text += "Admin commands (typed in full):\n"
                for spec in CommandCatalog.table.specs where spec.adminOnly {
                    text += "  \(spec.name.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(spec.summary)\n"
                }
            }
            session.connection.send(session.wrap(text))
            return
        }
        switch CommandCatalog.table.resolve(topic, isAdmin: session.isAdmin) {
        case .command(let name):
            guard let spec = CommandCatalog.table.spec(named: name) else { return }
            var text = "Usage: \(spec.usage)\n\(spec.summary)\n"
            if !spec.help.isEmpty { text += "\(spec.help)\n" }
            if !spec.aliases.isEmpty { text += "Also: \(spec.aliases.joined(separator: ", "))\n" }
            session.connection.send(session.wrap(text))
        case .ambiguous(let options):
            session.connection.send("\"\(TextSanitizer.clean(topic))\" could mean: \(options.joined(separator: ", ")).\n")
        case .unknown(let suggestion):
            let hint = suggestion.map { " Did you mean \"\($0)\"?" } ?? ""
            session.connection.send("There is no command \"\(TextSanitizer.clean(topic))\".\(hint)\n")
        }
    }

    static func listCommands(_ session: isolated Session) {
        let names = CommandCatalog.table.specs.filter { !$0.adminOnly }.map(\.name)
        var text = names.joined(separator: " ") + "\n"
        if session.isAdmin {
            text += "Admin: " + CommandCatalog.table.specs.filter(\.adminOnly).map(\.name).joined(separator: " ") + "\n"
        }
        session.connection.send(session.wrap(text))
    }

    static func who(_ session: isolated Session) async {
        var rows = await session.services.presence.who(now: session.services.clock.uptimeNanos())
        guard case .playing = session.phase else { return }
        let idleFlag = max(1, Int((Double(session.services.config.abuse.idleFlag.nanoseconds) / 1e9).rounded(.up)))
        if session.services.config.abuse.idleFlag > .zero {
            for index in rows.indices where rows[index].idleSeconds >= idleFlag && !rows[index].flags.contains("link-dead") {
                rows[index].flags.append("idle")
            }
        }
        session.connection.send(session.wrap(WhoFormatter.format(rows, width: session.windowWidth)))
    }

    static func describePlace(_ session: isolated Session) async {
        guard let player = session.player else { return }
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
        session.out(session.wrap(text))
    }

    // MARK: Talking

    static func say(_ session: isolated Session, _ args: String) {
        guard let member = session.member else { return }
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty else {
            session.connection.send("Say what?\n")
            return
        }
        guard let place = session.player?.place else { return }
        place.say(from: member, text: text)
        session.services.history.record(.place(place.placeID), .say, speaker: member.name, words: text, at: session.services.clock.uptimeNanos())
    }

    static func emote(_ session: isolated Session, _ args: String) {
        guard let member = session.member else { return }
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty else {
            session.connection.send("Emote what? For example: emote waves\n")
            return
        }
        guard let place = session.player?.place else { return }
        place.emote(from: member, text: text)
        session.services.history.record(.place(place.placeID), .emote, speaker: member.name, words: text, at: session.services.clock.uptimeNanos())
    }

    static func tell(_ session: isolated Session, _ args: String) async {
        let parts = args.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2 else {
            session.connection.send("Usage: tell <name> <text>\n")
            return
        }
        await deliverTell(session, to: String(parts[0]), text: String(parts[1]))
    }

    static func reply(_ session: isolated Session, _ args: String) async {
        guard let player = session.player else { return }
        guard let target = await session.services.presence.replyTarget(of: player.name) else {
            session.connection.send("Nobody has sent you a tell yet.\n")
            return
        }
        guard !args.trimmingCharacters(in: .whitespaces).isEmpty else {
            session.connection.send("Reply what? (You would reply to \(target).)\n")
            return
        }
        await deliverTell(session, to: target, text: args)
    }

    private static func deliverTell(_ session: isolated Session, to recipient: String, text rawText: String) async {
        guard let player = session.player else { return }
        let text = TextSanitizer.clean(rawText)
        guard !text.isEmpty else {
            session.connection.send("Tell them what?\n")
            return
        }
        if recipient.lowercased() == player.name.lowercased() {
            session.connection.send("You mutter to yourself, \"\(text)\"\n")
            return
        }
        let outcome = await session.services.presence.tell(from: player.name, to: recipient, text: text)
        switch outcome {
        case .delivered(let name, let afkMessage):
            session.connection.send("You tell \(name), \"\(text)\"\n")
            session.sendGMCP("Comm.Channel.Text", GMCP.channelText(channel: "tell", talker: player.name, text: "You tell \(name), \"\(text)\""))
            if let afkMessage {
                session.connection.send(afkMessage.isEmpty ? "\(name) is AFK.\n"
                                                           : "\(name) is AFK: \(TalkWrap.wrap(afkMessage, after: "\(name) is AFK: ", width: session.windowWidth))\n")
            }
        case .notOnline, .channelOff:
            await OfflineTells.leave(session, to: recipient, text: text, linkDead: nil)
        case .ignored(let name):
            // IRC and MUDs drop an ignored message silently; the sender learns only this.
            session.connection.send("\(name) is not available.\n")
        case .linkDead(let name):
            await OfflineTells.leave(session, to: name, text: text, linkDead: name)
        }
    }

    static func chat(_ session: isolated Session, _ args: String) async {
        guard let player = session.player else { return }
        let text = TextSanitizer.clean(args)
        guard !text.isEmpty else {
            session.connection.send("Chat what?\n")
            return
        }
        let sent = await session.services.presence.chat(from: player.name, text: text)
        if sent {
            session.services.history.record(.chat, .chat, speaker: player.name, words: text, at: session.services.clock.uptimeNanos())
        } else {
            session.answer("Your chat channel is off. Type \"channel on\" to join it.\n")
        }
    }

    static func channel(_ session: isolated Session, _ args: String) async {
        guard let player = session.player else { return }
        switch args.trimmingCharacters(in: .whitespaces).lowercased() {
        case "on":
            await session.services.presence.setChannel(name: player.name, on: true)
            session.answer("The chat channel is on.\n")
            await SavedPreferences.save(session, .channel, "on")
        case "off":
            await session.services.presence.setChannel(name: player.name, on: false)
            session.answer("The chat channel is off. You will not see chat until you turn it on.\n")
            await SavedPreferences.save(session, .channel, "off")
        case "":
            let on = await session.services.presence.entry(named: player.name)?.channelOn ?? true
            session.answer(on ? "The chat channel is on for you. \"channel off\" hides it.\n"
                              : "The chat channel is off for you. \"channel on\" shows it again.\n")
        default:
            session.connection.send("Usage: channel [on|off]\n")
        }
    }

    static func afk(_ session: isolated Session, _ args: String) async {
        guard let player = session.player else { return }
        let message = TextSanitizer.clean(args)
        session.isAFK = true
        await session.services.presence.setAFK(name: player.name, message: message)
        session.connection.send(message.isEmpty ? "You are now AFK. Your next command brings you back.\n"
                                        : "You are now AFK: \(message)\n")
    }

    static func quit(_ session: isolated Session) {
        guard let player = session.player else { return }
        session.quitting = true
        // Guests have no pets: they cannot adopt, and nothing of theirs outlives the visit.
        session.connection.close(notice: player.isGuest ? "Goodbye, \(player.name)! Thanks for visiting; create a character to adopt a pet of your own.\n"
                                                        : "Goodbye, \(player.name)! Your pets will be waiting.\n")
    }
}
