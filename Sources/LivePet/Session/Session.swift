import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld
import Synchronization

/// Serves one connection: the login dialogue, then the player's commands.
///
/// The actor holds the connection's state and dispatches: events (`handle`), command lines
/// (`handleCommand`, through `CommandCatalog`) and the output helpers every command uses.
/// What a command or a login step does lives in its type (`TalkCommands`, `PetCommands`,
/// `SafetyCommands`, `AdminCommands`, `BanCommands`, `ClientCommands`, `LoginPerformer`):
/// static functions taking the session `isolated`, so they run on its actor with no hop.
///
/// The connection's loop thread pushes events into `inbox` and starts one drain task when
/// the session is idle, so events are handled strictly in order without a task per line.
/// State is re-checked after every `await`: a takeover or a disconnect may have happened.
///
/// A session runs on its connection's event loop (the loop is its executor): a line is read,
/// handled and its answers queued on one thread, with no hand-off to the shared pool.
public actor Session: ConnectionDelegate {
    enum Phase: Sendable {
        case connecting
        /// The login dialogue (`login`) waits for a line.
        case login
        /// Logging in: a lookup, a password check or entering the world is under way.
        case busy
        case playing
        case closed
    }

    /// The logged-in character.
    struct Player: Sendable {
        var name: String
        var accountID: Int64?
        var isGuest: Bool
        var place: any Place
    }

    /// How long a banned address (let in only for configured admins) has to log in.
    static let bannedLoginTimeout: Duration = .seconds(15)

    public nonisolated let id: UInt64
    public nonisolated let connection: Connection
    /// Display choices rooms read while broadcasting.
    nonisolated let prefs = SessionPrefs()
    let services: Services
    private nonisolated let inbox: Mutex<SessionInbox>
    var phase = Phase.connecting
    var login: LoginDialogue
    var player: Player?
    var parser = CommandParser()
    var isAFK = false
    var quitting = false
    /// The first TTYPE answer: the client's name (the MTTS cycle is the telnet stage's).
    var terminalName: String?
    /// Set when the player chose with `color on|off`; otherwise colour follows TTYPE/MTTS.
    var colourChosen = false
    var screenReaderChosen = false
    /// The player set the charset with `charset`: MTTS and CHARSET answers no longer change it.
    var charsetChosen = false
    /// From GMCP Core.Hello, for `users`.
    var clientName: String?
    /// `Pet.List` and `Players.Online` went out in full once (`ClientCommands.sendGMCPLogin`):
    /// turning GMCP on again only marks them for the next tick's flush.
    var gmcpListsSent = false
    /// The tick at which Char.Name and Room.Info last went out on GMCP being turned on.
    var gmcpHelloTick: Int64 = -1
    var windowWidth = 80
    /// Chat cooldown, the password dialogue, why the connection is closing (SafetyCommands).
    var safety: SessionSafety

    public init(connection: Connection, services: Services) {
        self.connection = connection
        self.services = services
        self.id = services.nextSessionID()
        let now = services.clock.uptimeNanos()
        self.inbox = Mutex(SessionInbox(limits: services.config.abuse, now: now))
        self.safety = SessionSafety(limits: services.config.abuse)
        self.login = LoginDialogue(maxPasswordAttempts: services.config.maxPasswordAttempts,
                                   checks: ServiceLoginChecks(services: services, connection: connection))
    }

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        connection.loop.asUnownedSerialExecutor()
    }

    var member: RoomMember? {
        player.map { RoomMember(sessionID: id, name: $0.name, connection: connection, prefs: prefs) }
    }

    // MARK: Inbox

    public nonisolated func connection(_ connection: Connection, didReceive event: ConnectionEvent) -> Bool {
        let (startDrain, accepting) = inbox.withLock { $0.push(event) }
        if startDrain {
            // The task starts on this connection's loop (the session's executor too), so a
            // line is handled on the thread that read it: no other thread is woken.
            Task(executorPreference: connection.loop) { await self.drain() }
        }
        return accepting
    }

    private func drain() async {
        while true {
            let batch = inbox.withLock { $0.take(now: services.clock.uptimeNanos()) }
            if batch.isEmpty {
                // Lines are waiting for the command rate: sleep until the next one may run.
                guard let wait = batch.wait else { return }
                try? await services.clock.sleep(for: .nanoseconds(Int64(wait)))
                continue
            }
            if batch.dropped > 0 { SafetyCommands.linesDropped(self, batch.dropped) }
            for event in batch.events {
                await handle(event)
            }
            if batch.resume { connection.resumeReading() }
        }
    }

    private func handle(_ event: ConnectionEvent) async {
        switch event {
        case .opened:
            guard case .connecting = phase else { return }
            phase = .login
            // Counted from the connection: a TLS handshake's time is part of it.
            connection.setDeadline(afterConnecting: services.config.loginTimeout)
            if let notice = login.checks.addressBanNotice() {
                // Admitted only because configured admins are exempt from address bans: a
                // banned address gets a short time to log in, not the full login timeout.
                connection.setDeadline(afterConnecting: min(services.config.loginTimeout, Self.bannedLoginTimeout))
                connection.send(notice.dropLast() + " Only the server's own admins can log in from here.\n")
            } else {
                sendMOTD()
            }
            promptForName()
        case .line(let text, let truncated):
            if case .closed = phase { return }
            if truncated {
                connection.send("(Your line was longer than \(services.config.limits.maxLineBytes) bytes and was cut.)\n")
            }
            if case .playing = phase {
                // Taken over or removed: what this connection sent before is not run beside
                // the character's new connection.
                guard !prefs.displaced.load(ordering: .relaxed) else { return }
                await handleCommand(text)
            } else {
                await LoginPerformer.handleLogin(self, text)
            }
        case .terminalType(let name):
            ClientCommands.terminalTypeReceived(self, TextSanitizer.clean(name))
            ClientCommands.updateClientDescription(self)
        case .charset(let charset):
            ClientCommands.charsetLearned(self, charset)
        case .localOption(let option, let enabled):
            await ClientCommands.localOptionChanged(self, option, enabled: enabled)
        case .subnegotiation(let option, let data):
            if option == TelnetOption.gmcp {
                ClientCommands.gmcpReceived(self, data)
                ClientCommands.updateClientDescription(self)
            }
        case .windowSize(let width, _):
            // RFC 1073: 0 means "unknown", so keep what we had.
            if width > 0 {
                windowWidth = min(max(width, 20), 250)
                // Talk from others is wrapped to it too (`EncodedLine`, `Presence.tell`).
                prefs.width.store(windowWidth, ordering: .relaxed)
            }
        case .negotiated:
            break
        case .deadline:
            if case .playing = phase {
                SafetyCommands.idleDeadlinePassed(self)
                return
            }
            if case .closed = phase { return }
            Logger.shared.info("login_timeout", ["ip": connection.peerAddress])
            connection.close(notice: "\nYou took too long to log in. Goodbye.\n")
        case .lineTooLong:
            Logger.shared.warning("line_too_long", ["ip": connection.peerAddress])
            connection.close(notice: "\nThat is more than \(services.config.limits.maxPendingBytes) bytes without an end of line. Goodbye.\n")
        case .inputEnded:
            // Everything the client sent has been answered (events run in order): hang up as
            // if the line dropped, after the answers are written.
            await closed(byPeer: true)
            connection.close()
        case .closed(let byPeer):
            await closed(byPeer: byPeer)
        }
    }

    private func closed(byPeer: Bool) async {
        if case .closed = phase { return }
        let wasPlaying: Bool
        if case .playing = phase { wasPlaying = true } else { wasPlaying = false }
        phase = .closed
        guard wasPlaying, let player else {
            Logger.shared.debug("disconnect", ["ip": connection.peerAddress])
            return
        }
        if await SafetyCommands.goLinkDead(self, byPeer: byPeer) { return }
        let current = await services.presence.logout(name: player.name, sessionID: id)
        Logger.shared.info("logout", ["name": player.name, "ip": connection.peerAddress, "reason": quitting ? "quit" : (safety.closeReason ?? (byPeer ? "disconnect" : "closed"))])
        guard current else { return }
        await player.place.leave(id, announce: SafetyCommands.departureLine(self, player.name))
        if let accountID = player.accountID { await Self.recordLastSeen(services, accountID: accountID) }
    }

    /// A character left for good: when, for `finger` and the next login's summary.
    package static func recordLastSeen(_ services: Services, accountID: Int64) async {
        do {
            try await services.profiles.setLastSeen(accountID: accountID, unixTime: services.clock.unixSeconds(), tick: services.world.now)
        } catch {
            Logger.shared.error("last_seen_failed", ["account": "\(accountID)", "error": "\(error)"])
        }
    }

    // MARK: Commands

    /// Runs one line of a playing session: the password dialogue's answer, or a command from
    /// the table (`CommandCatalog`). The caller has checked the phase; handlers re-check it
    /// only after their own suspensions.
    func handleCommand(_ line: String) async {
        if safety.passwordStep != nil {
            await SafetyCommands.continuePasswordChange(self, line)
            return
        }
        guard let parsed = parser.parse(line) else {
            prompt()
            return
        }
        guard let player else { return }
        if parsed.command == "!" {
            connection.send("Nothing to repeat yet.\n")
            prompt()
            return
        }
        // "me" is emote's alias; alone it is score's (MUDs use both).
        // Lower-cased once, here, for the match and the checks below.
        let typed = parsed.command.lowercased()
        let word = typed == "me" && parsed.args.trimmingCharacters(in: .whitespaces).isEmpty ? "score" : typed
        let command: Command
        switch CommandCatalog.table.match(lowercased: word, isAdmin: isAdmin) {
        case .command(let index):
            command = CommandCatalog.commands[index]
            // Admin commands act on others: a prefix typed by accident must not run one.
            if command.spec.permission == .admin, typed != command.spec.name {
                connection.send("Admin commands are typed in full: \(command.spec.name).\n")
                prompt()
                return
            }
        case .ambiguous(let options):
            connection.send("\"\(TextSanitizer.clean(parsed.command))\" could mean: \(options.joined(separator: ", ")).\n")
            prompt()
            return
        case .unknown(let suggestion):
            let word = TextSanitizer.clean(parsed.command)
            if let suggestion {
                connection.send("Unknown command \"\(word)\". Did you mean \"\(suggestion)\"?\n")
            } else {
                connection.send("Unknown command \"\(word)\". Type \"help\" for a list.\n")
            }
            prompt()
            return
        }
        if let pet = player.place as? Pet, world.pets.isRetired(pet) {
            await AccountCommands.leaveClosedRoom(self)
            guard case .playing = phase else { return }
        }
        if isAFK && command.spec.name != "afk" {
            isAFK = false
            await services.presence.setAFK(name: player.name, message: nil)
            connection.send("You are back (no longer AFK).\n")
        }
        if command.isChat, !SafetyCommands.chatAllowed(self) {
            prompt()
            return
        }
        if command.spec.permission == .admin, !isAdmin {
            // Demoted while coming back from AFK.
            connection.send("That command is not available yet.\n")
        } else {
            await command.run(self, parsed.args)
        }
        // The password dialogue prompts for itself.
        guard case .playing = phase, safety.passwordStep == nil else { return }
        prompt()
    }

    // MARK: Output helpers

    func sendMOTD() {
        var motd = services.motd
        if !motd.hasSuffix("\n") { motd += "\n" }
        connection.send(motd)
    }

    /// The prompt after each command: where you are (with the pet's hearts in a pet's room,
    /// `RoomPrompt`) and, for players, your treats.
    func prompt() {
        guard let player else {
            connection.sendPrompt("> ")
            return
        }
        // Named by place, treats and hearts: the connection makes the text only when they
        // change, and holds the one copy of it. The pet updates it when its hearts change.
        let treats = player.accountID.map { services.world.treats.count($0) } ?? -1
        // Char.Status from the same count (a guest holds none), checked here so that a
        // session without GMCP does no more for it than this load.
        if prefs.gmcp.load(ordering: .relaxed) {
            ClientCommands.sendCharStatus(self, treats: max(treats, 0))
        }
        let pet = player.place as? Pet
        let hearts = pet == nil ? RoomPrompt.noPet : prefs.roomHearts.load(ordering: .relaxed)
        let screenReader = prefs.screenReader
        let key = RoomPrompt.key(scope: UInt(bitPattern: ObjectIdentifier(player.place)), treats: treats, hearts: hearts, screenReader: screenReader)
        connection.sendPrompt(key: key) {
            RoomPrompt.text(title: pet?.shortName ?? player.place.title, hearts: hearts, treats: treats, screenReader: screenReader)
        }
    }

    /// A command's answer after it waited: sent only if the session is still playing (it may
    /// have been closed, kicked or taken over meanwhile).
    func answer(_ text: String) {
        guard case .playing = phase else { return }
        connection.send(text)
    }

    /// Sends server text with style markers, rendered for this client.
    func out(_ styled: String) {
        connection.send(Styled.render(styled, colour: prefs.colour))
    }

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

    /// Sends a GMCP message when the client has GMCP on.
    func sendGMCP(_ package: String, _ json: String) {
        guard prefs.gmcp.load(ordering: .relaxed) else { return }
        connection.sendTelnet(encoded: GMCP.encode(package, json))
    }

    /// Asks the login dialogue's first question.
    func promptForName() {
        connection.sendPrompt("What is your name? (or \"guest\") ")
    }

    /// Asks for a hidden answer (login and `password`): echo is off until the line comes.
    func promptForPassword(_ text: String) {
        connection.setEchoHidden(true)
        connection.sendPrompt(text)
    }

    // MARK: Derived state

    var screenReader: Bool { prefs.screenReader }

    var isAdmin: Bool { prefs.isAdmin.load(ordering: .relaxed) }

    var world: World { services.world }

    var unixNow: Int64 { services.clock.unixSeconds() }
}
