import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Performs the login dialogue's actions (`LoginDialogue` decides them): lookups, password
/// checks, new accounts, and entering the world.
enum LoginPerformer {
    /// A line typed before the character is in the world: the dialogue decides what it means.
    static func handleLogin(_ session: isolated Session, _ raw: String) async {
        guard case .login = session.phase else { return }
        await perform(session, session.login.receive(raw))
    }

    /// Performs what the login dialogue asked for, reporting back how the slow parts went.
    private static func perform(_ session: isolated Session, _ actions: [LoginAction]) async {
        for action in actions {
            switch action {
            case .revealEcho:
                session.connection.setEchoHidden(false)
            case .ask(let question, let notice):
                session.phase = .login
                if let notice { session.connection.send(notice) }
                switch question {
                case .name: session.promptForName()
                case .text(let text): session.connection.sendPrompt(text)
                case .secret(let text): session.promptForPassword(text)
                }
            case .disconnect(let notice, let log):
                switch log {
                case .wrongProtocol: Logger.shared.info("wrong_protocol", ["ip": session.connection.peerAddress, "protocol": "http"])
                case .banned: Logger.shared.warning("login_refused", ["ip": session.connection.peerAddress, "reason": "banned"])
                case nil: break
                }
                session.phase = .closed
                session.connection.close(notice: notice)
            case .answerMSSP:
                let variables = await MSSPStatus.variables(session.services)
                session.phase = .closed
                session.connection.close(notice: MSSPStatus.plaintext(variables))
            case .enterAsGuest:
                await enterWorld(session, name: session.services.nextGuestName(), account: nil)
            case .lookUp(let name):
                await lookUp(session, name)
            case .checkPassword(let password, let name, let accountID):
                await checkPassword(session, password, name: name, accountID: accountID)
            case .create(let name, let password):
                await create(session, name: name, password: password)
            case .replacePassword(let password, let account, let epoch):
                await replaceOneTime(session, password, account: account, epoch: epoch)
            }
        }
    }

    private static func lookUp(_ session: isolated Session, _ name: String) async {
        session.phase = .busy
        let account: AccountRecord?
        do {
            account = try await session.services.accounts.account(named: name)
        } catch {
            await storeFailed(session, error)
            return
        }
        guard case .busy = session.phase else { return }
        await perform(session, session.login.report(.found(account)))
    }

    /// Checks `password` against the hash in the store now, not the one read when the prompt
    /// opened: a password changed meanwhile no longer logs in with the old one.
    private static func checkPassword(_ session: isolated Session, _ password: String, name: String, accountID: Int64) async {
        // Counted as a failure before the check, so parallel guesses from many connections
        // see each other; given back when the password was right.
        let reservation: LoginGuard.Reservation
        switch session.services.loginGuard.reservePasswordAttempt(session.connection.peerAddress) {
        case .failure(let refusal):
            Logger.shared.warning("login_refused", ["name": name, "ip": session.connection.peerAddress, "reason": "failures"])
            session.login.finish()
            session.phase = .closed
            session.connection.close(notice: refusal.line)
            return
        case .success(let taken):
            reservation = taken
        }
        session.phase = .busy
        let epoch = session.services.credentialEpochs.current(accountID)
        let account: AccountRecord?
        do {
            account = try await session.services.accounts.account(named: name)
        } catch {
            reservation.cancel()
            await storeFailed(session, error)
            return
        }
        guard case .busy = session.phase else {
            // Gone before anything was checked: nothing to count.
            reservation.cancel()
            return
        }
        guard let account, account.id == accountID else {
            reservation.cancel()
            await perform(session, session.login.report(.accountGone))
            return
        }
        let valid = await session.services.hasher.verify(password, against: account.passwordHash)
            && session.services.credentialEpochs.current(accountID) == epoch
        if valid { reservation.cancel() }
        guard case .busy = session.phase else { return }
        if valid, let expires = account.passwordResetExpires {
            await oneTimePasswordGiven(session, account: account, expires: expires, epoch: epoch)
            return
        }
        if valid {
            Logger.shared.info("login", ["name": account.name, "ip": session.connection.peerAddress])
            session.login.finish()
            await enterWorld(session, name: account.name, account: account, credentialEpoch: epoch)
            return
        }
        let actions = session.login.report(.wrongPassword(account))
        Logger.shared.warning("login_failed", ["name": account.name, "ip": session.connection.peerAddress, "attempt": "\(session.login.failedAttempts)"])
        await perform(session, actions)
    }

    private static func create(_ session: isolated Session, name: String, password: String) async {
        // Counted before the hash and the insert, so creations racing from one address see
        // each other; given back when nothing was created.
        let reservation: LoginGuard.Reservation
        switch session.services.loginGuard.reserveCreation(session.connection.peerAddress) {
        case .failure(let refusal):
            await perform(session, session.login.report(.creationRefused(refusal.line)))
            return
        case .success(let taken):
            reservation = taken
        }
        session.phase = .busy
        let account: AccountRecord
        do {
            let hash = try await session.services.hasher.hash(password)
            guard case .busy = session.phase else {
                reservation.cancel()
                return
            }
            account = try await session.services.accounts.createAccount(
                name: name, passwordHash: hash, isAdmin: false, createdAt: session.services.clock.unixSeconds())
        } catch let error as StoreError where error.kind == .nameTaken {
            reservation.cancel()
            guard case .busy = session.phase else { return }
            await perform(session, session.login.report(.nameTaken))
            return
        } catch {
            reservation.cancel()
            await storeFailed(session, error)
            return
        }
        guard case .busy = session.phase else { return }
        Logger.shared.info("account_created", ["name": account.name, "ip": session.connection.peerAddress])
        session.login.finish()
        session.connection.send("Welcome to LivePet, \(account.name)! Your character is saved.\n")
        await enterWorld(session, name: account.name, account: account, isNew: true, credentialEpoch: session.services.credentialEpochs.current(account.id))
    }

    /// A right one-time password: within its day the player must choose a new password
    /// now; after it, it logs in no more.
    private static func oneTimePasswordGiven(_ session: isolated Session, account: AccountRecord, expires: Int64, epoch: UInt64) async {
        guard session.unixNow < expires else {
            Logger.shared.warning("login_refused", ["name": account.name, "ip": session.connection.peerAddress, "reason": "one_time_password_expired"])
            session.login.finish()
            session.phase = .closed
            session.connection.close(notice: "The one-time password of \(account.name) has expired; ask an admin for a new one. Goodbye.\n")
            return
        }
        // Choosing and repeating a password takes time of its own.
        session.connection.setDeadline(after: session.services.config.loginTimeout)
        await perform(session, session.login.requireNewPassword(account, epoch: epoch))
    }

    private static func replaceOneTime(_ session: isolated Session, _ password: String, account: AccountRecord, epoch: UInt64) async {
        session.phase = .busy
        do {
            let hash = try await session.services.hasher.hash(password)
            guard case .busy = session.phase else { return }
            guard session.services.credentialEpochs.current(account.id) == epoch else {
                // Reset again, or changed, since the one-time password was checked.
                refuseChangedPassword(session, name: account.name)
                return
            }
            try await session.services.accounts.setPasswordHash(accountID: account.id, hash: hash)
        } catch {
            await storeFailed(session, error)
            return
        }
        guard case .busy = session.phase else { return }
        session.services.credentialEpochs.advance(account.id)
        Logger.shared.info("password_changed", ["name": account.name, "ip": session.connection.peerAddress, "reason": "one_time_password"])
        Logger.shared.info("login", ["name": account.name, "ip": session.connection.peerAddress])
        session.login.finish()
        session.connection.send("Your new password is saved.\n")
        var changed = account
        changed.passwordResetExpires = nil
        await enterWorld(session, name: account.name, account: changed, credentialEpoch: session.services.credentialEpochs.current(account.id))
    }

    private static func storeFailed(_ session: isolated Session, _ error: any Error) async {
        Logger.shared.error("store", ["error": "\(error)", "ip": session.connection.peerAddress])
        guard case .busy = session.phase else { return }
        await perform(session, session.login.report(.storeFailed))
    }

    /// Takes back a login that registered with presence but will not play: the character
    /// leaves presence, and a connection it displaced leaves its room (that session's own
    /// logout no longer owns the character, so it would not).
    private static func undoLogin(_ session: isolated Session, name: String, outcome: Presence.LoginOutcome) async {
        await session.services.presence.logout(name: name, sessionID: session.id)
        // Whether or not this login still owned the character (a third connection may have
        // taken it over since), the member it displaced is not playing: leaving is a no-op
        // when it already left.
        switch outcome {
        case .fresh:
            break
        case .tookOver(let previous, let place), .resumed(let previous, let place):
            await place.leave(previous, announce: SafetyCommands.departureLine(session, name))
        }
    }

    private static func refuseChangedPassword(_ session: isolated Session, name: String) {
        Logger.shared.warning("login_refused", ["name": name, "ip": session.connection.peerAddress, "reason": "password_changed"])
        session.phase = .closed
        session.connection.close(notice: "The password of \(name) was changed just now; please log in with the new one. Goodbye.\n")
    }

    /// Registers the character with presence and puts it in its room (the Lobby, or the
    /// room it had on its previous connection when this is a takeover).
    /// `credentialEpoch` is the account's password epoch when its password was checked: a
    /// change that landed since voids the login.
    static func enterWorld(_ session: isolated Session, name: String, account: AccountRecord?, isNew: Bool = false, credentialEpoch: UInt64 = 0) async {
        if let notice = AdminCommands.banNotice(session, name: name) {
            Logger.shared.warning("login_refused", ["name": name, "ip": session.connection.peerAddress, "reason": "banned"])
            session.phase = .closed
            session.connection.close(notice: notice)
            return
        }
        session.phase = .busy
        session.connection.setDeadline(after: nil)
        session.prefs.isAdmin.store(account != nil && (account?.isAdmin == true || session.services.isConfiguredAdmin(name)), ordering: .relaxed)
        SafetyCommands.loadIgnored(session, name: name, isGuest: account == nil)
        let isGuest = account == nil
        // Saved choices override what the client announced, from the first line on.
        var restored = SavedPreferences.Restored()
        if let account { restored = await SavedPreferences.load(session, accountID: account.id) }
        guard case .busy = session.phase else { return }
        SavedPreferences.apply(session, restored)
        var entry = Presence.Entry(
            name: name, sessionID: session.id, connection: session.connection, place: session.services.lobby,
            since: session.services.clock.uptimeNanos(), isGuest: isGuest, accountID: account?.id, prefs: session.prefs)
        entry.channelOn = restored.channelOn ?? true
        if let account, session.services.credentialEpochs.current(account.id) != credentialEpoch {
            // The password changed while this login was checking the old one: turn it away
            // before it can take over the character.
            refuseChangedPassword(session, name: name)
            return
        }
        let outcome = await session.services.presence.login(entry)
        guard case .busy = session.phase else {
            // Disconnected while logging in: undo.
            await undoLogin(session, name: name, outcome: outcome)
            return
        }
        if let account, session.services.credentialEpochs.current(account.id) != credentialEpoch {
            // The password changed while this login was checking the old one.
            await undoLogin(session, name: name, outcome: outcome)
            refuseChangedPassword(session, name: name)
            return
        }
        let member = RoomMember(sessionID: session.id, name: name, connection: session.connection, prefs: session.prefs)
        if let account { session.services.world.treats.open(account.id) }
        session.prefs.accountID.store(account?.id ?? -1, ordering: .relaxed)
        let place: any Place
        switch outcome {
        case .fresh: place = session.services.lobby
        case .tookOver(_, let previousPlace), .resumed(_, let previousPlace): place = previousPlace
        }
        session.player = Session.Player(name: name, accountID: account?.id, isGuest: isGuest, place: place)
        session.phase = .playing
        switch outcome {
        case .fresh:
            if isGuest {
                session.connection.send("Welcome, \(name)! As a guest you can look around and chat. Type \"help\" to begin.\n")
            } else if isNew {
                session.connection.send("Adopt your first pet with \"adopt <name> [species]\", or type \"help\".\n")
            } else {
                session.connection.send("Welcome back, \(name)! Type \"help\" for commands.\n")
            }
            await place.enter(member, announce: "\(name) arrives.\n")
        case .tookOver(let previous, _):
            session.connection.send("You take over your character from your other connection.\n")
            await place.replace(previous, with: member, announce: "\(name) reconnects.\n")
        case .resumed(let previous, _):
            session.connection.send("Welcome back, \(name)! Your connection had dropped; you are back where you were.\n")
            await place.replace(previous, with: member, announce: "\(name) reconnects.\n")
        }
        if session.prefs.displaced.load(ordering: .relaxed) {
            // Kicked or taken over while entering: whoever removed it looked for it in
            // presence before it was in the room, so it leaves the room itself.
            await place.leave(session.id, announce: SafetyCommands.departureLine(session, name))
            return
        }
        guard case .playing = session.phase else { return }
        SafetyCommands.armIdleDeadline(session)
        if session.prefs.isAdmin.load(ordering: .relaxed) {
            session.connection.send("You are an admin: \"help\" lists the admin commands too.\n")
        }
        await ClientCommands.sendGMCPLogin(session)
        guard case .playing = session.phase else { return }
        if case .fresh = outcome {
            await TalkCommands.describePlace(session)
        } else {
            // Back where the character was (a pet's room, most often): the room as `look` shows it.
            await PetCommands.look(session)
        }
        if let account {
            let fresh: Bool
            if case .fresh = outcome { fresh = true } else { fresh = false }
            await LoginMemory.afterLogin(session, account: account, fresh: fresh)
            guard case .playing = session.phase else { return }
        }
        session.prompt()
    }
}
