import Foundation
import Synchronization
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Who is online, where, since when, and how to reach them. One entry per character:
/// logging in again takes the entry over instead of adding a second one.
public actor Presence {
    public struct Entry: Sendable {
        public var name: String
        public var sessionID: UInt64
        public var connection: Connection
        public var place: any Place
        /// `ServerClock.uptimeNanos()` at login.
        public var since: UInt64
        public var isGuest: Bool
        /// The character's account (nil for guests): whose pets `Pet.List` puts first.
        public var accountID: Int64?
        public var prefs = SessionPrefs()
        public var afkMessage: String?
        public var linkDead = false
        /// When the connection dropped, for the link-dead grace.
        public var linkDeadSince: UInt64?
        public var channelOn = true
        /// Who last sent this player a tell (for `reply`).
        public var replyTo: String?

        var member: RoomMember { RoomMember(sessionID: sessionID, name: name, connection: connection, prefs: prefs) }
    }

    /// One row of `who`.
    public struct WhoRow: Sendable, Equatable {
        public var name: String
        public var place: String
        public var onForSeconds: Int
        public var idleSeconds: Int
        public var flags: [String]
    }

    public enum LoginOutcome: Sendable {
        case fresh
        /// The character was online on another connection, now closed; it keeps its place.
        case tookOver(previousSessionID: UInt64, place: any Place)
        /// The character was link-dead (its connection had dropped); it keeps its place.
        case resumed(previousSessionID: UInt64, place: any Place)
    }

    public enum TellOutcome: Sendable, Equatable {
        case delivered(name: String, afkMessage: String?)
        case notOnline
        case channelOff
        /// The recipient ignores the sender.
        case ignored(name: String)
        /// The recipient's connection dropped; they cannot read it.
        case linkDead(name: String)
    }

    /// Everyone online by `NameKey`. Internal so the extensions in other files (link-dead,
    /// admin) can reach it; only this actor touches it.
    var online: [String: Entry] = [:] {
        // Not reading `oldValue` keeps the dictionary's updates in place (SE-0268).
        didSet {
            onlineCount.store(online.count, ordering: .relaxed)
            onlineChanged = true
        }
    }

    /// Someone logged in or out, moved, went away or came back since `onlineList` last
    /// looked (any change of an entry sets it; the list is compared before it is sent).
    var onlineChanged = true

    /// `count`, readable from any thread without awaiting the actor (the HTTP stage's
    /// `/healthz` answers on a loop thread).
    public nonisolated let onlineCount = Atomic<Int>(0)

    public init() {}

    public var count: Int { online.count }

    /// Registers `entry`; closes a previous connection of the same character.
    public func login(_ entry: Entry) -> LoginOutcome {
        let key = entry.name.lowercased()
        if let previous = online[key] {
            var next = entry
            next.afkMessage = nil
            next.place = previous.place
            next.channelOn = previous.channelOn
            next.replyTo = previous.replyTo
            online[key] = next
            if previous.linkDead {
                return .resumed(previousSessionID: previous.sessionID, place: previous.place)
            }
            previous.prefs.displaced.store(true, ordering: .relaxed)
            previous.connection.close(notice: "\nSomeone logged in as \(previous.name) from another connection. Goodbye.\n")
            return .tookOver(previousSessionID: previous.sessionID, place: previous.place)
        }
        online[key] = entry
        return .fresh
    }

    /// Removes the character if `sessionID` still owns it; false after a takeover.
    @discardableResult
    public func logout(name: String, sessionID: UInt64) -> Bool {
        let key = name.lowercased()
        guard online[key]?.sessionID == sessionID else { return false }
        online[key] = nil
        return true
    }


    public func entry(named name: String) -> Entry? {
        online[name.lowercased()]
    }

    public func moved(name: String, sessionID: UInt64, to place: any Place) {
        let key = name.lowercased()
        guard online[key]?.sessionID == sessionID else { return }
        online[key]?.place = place
    }

    public func setAFK(name: String, message: String?) {
        online[name.lowercased()]?.afkMessage = message
    }

    public func setChannel(name: String, on: Bool) {
        online[name.lowercased()]?.channelOn = on
    }

    public func replyTarget(of name: String) -> String? {
        online[name.lowercased()]?.replyTo
    }

    /// Delivers a tell and remembers the sender for the recipient's `reply`.
    public func tell(from sender: String, to recipient: String, text: String) -> TellOutcome {
        let key = recipient.lowercased()
        guard let target = online[key] else { return .notOnline }
        if target.prefs.isIgnoring(sender) { return .ignored(name: target.name) }
        if target.linkDead { return .linkDead(name: target.name) }
        online[key]?.replyTo = sender
        let shown = TalkWrap.wrap(text, after: "\(sender) tells you, \"", before: "\"", width: target.prefs.width.load(ordering: .relaxed))
        target.connection.send(Styled.render("\(Styled.paint(sender, Styled.yellow)) tells you, \"\(shown)\"\n",
                                             colour: target.prefs.colour))
        if target.prefs.gmcp.load(ordering: .relaxed) {
            target.connection.sendTelnet(encoded: GMCP.encode("Comm.Channel.Text", GMCP.channelText(channel: "tell", talker: sender, text: "\(sender) tells you, \"\(text)\"")))
        }
        return .delivered(name: target.name, afkMessage: target.afkMessage)
    }

    /// The global channel: everyone online with the channel on, the sender included.
    public func chat(from sender: String, text: String) -> Bool {
        guard online[sender.lowercased()]?.channelOn != false else { return false }
        // Wrapped to each listener's width (`EncodedLine`), once per width in use.
        var encoded = EncodedLine(TalkLine.chat(text, by: sender))
        var gmcp = EncodedTelnet { GMCP.encode("Comm.Channel.Text", GMCP.channelText(channel: "chat", talker: sender, text: "[chat] \(sender): \(text)")) }
        let listeners = online.values.lazy.filter(\.channelOn).map { (connection: $0.connection, prefs: $0.prefs) }
        Fanout.deliver(&encoded, telnet: &gmcp, to: listeners, expected: online.count) { prefs in
            if prefs.isIgnoring(sender) { return [] }
            return prefs.gmcp.load(ordering: .relaxed) ? [.line, .telnet] : .line
        }
        return true
    }

    /// Sends a line to everyone online (shutdown notices), or only to players with an
    /// account (treat refills).
    public func announce(_ text: String, includeGuests: Bool = true) {
        var bytes: [UInt8] = []
        TelnetOutput.appendText(text, to: &bytes)
        var ascii: [UInt8]?
        for entry in online.values where includeGuests || !entry.isGuest {
            if entry.connection.charset == .ascii {
                if ascii == nil { ascii = ASCIIText.fold(bytes: bytes) }
                entry.connection.send(encoded: ascii ?? [])
            } else {
                entry.connection.send(encoded: bytes)
            }
        }
    }

    /// `now`: `ServerClock.uptimeNanos()`.
    public func who(now: UInt64) -> [WhoRow] {
        online.values
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
            .map { entry in
                var flags: [String] = []
                if entry.afkMessage != nil { flags.append("AFK") }
                if entry.linkDead { flags.append("link-dead") }
                if entry.isGuest { flags.append("guest") }
                if entry.connection.isTLS { flags.append("tls") }
                if entry.connection.isWebSocket { flags.append("web") }
                let onFor = now > entry.since ? now - entry.since : 0
                return WhoRow(
                    name: entry.name,
                    place: entry.place.title,
                    onForSeconds: Int(onFor / 1_000_000_000),
                    idleSeconds: entry.connection.idleSeconds,
                    flags: flags
                )
            }
    }

}
