import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Performs the login dialogue's actions (`LoginDialogue` decides them): lookups, password
/// checks, new accounts, and entering the world.
extension Session {
    func promptForName() {
        connection.sendPrompt("What is your name? (or \"guest\") ")
    }

    func promptForPassword(_ text: String) {
        connection.setEchoHidden(true)
        connection.sendPrompt(text)
    }

    /// A line typed before the character is in the world: the dialogue decides what it means.
    func handleLogin(_ raw: String) async {
        guard case .login = phase else { return }
        await perform(login.receive(raw))
    }

    /// Performs what the login dialogue asked for, reporting back how the slow parts went.
    private func perform(_ actions: [LoginAction]) async {
        for action in actions {
            switch action {
            case .revealEcho:
                connection.setEchoHidden(false)
            case .ask(let question, let notice):
                phase = .login
                if let notice { connection.send(notice) }
                switch question {
                case .name: promptForName()
                case .text(let text): connection.sendPrompt(text)
                case .secret(let text): promptForPassword(text)
                }
            case .disconnect(let notice, let log):
                switch log {
                case .wrongProtocol: Logger.shared.info("wrong_protocol", ["ip": connection.peerAddress, "protocol": "http"])
                case .banned: Logger.shared.warning("login_refused", ["ip": connection.peerAddress, "reason": "banned"])
                case nil: break
                }
                phase = .closed
                connection.close(notice: notice)
            case .answerMSSP:
                let variables = await MSSPStatus.variables(services)
                phase = .closed
                connection.close(notice: MSSPStatus.plaintext(variables))
            case .enterAsGuest:
                await enterWorld(name: services.nextGuestName(), account: nil)
            case .lookUp(let name):
                await lookUp(name)
            case .checkPassword(let password, let name, let accountID):
                await checkPassword(password, name: name, accountID: accountID)
            case .create(let name, let password):
                await create(name: name, password: password)
            }
        }
    }

    private func lookUp(_ name: String) async {
        phase = .busy
        let account: AccountRecord?
        do {
            account = try await services.accounts.account(named: name)
        } catch {
            await storeFailed(error)
            return
        }
        guard case .busy = phase else { return }
        await perform(login.report(.found(account)))
    }

    /// Checks `password` against the hash in the store now, not the one read when the prompt
    /// opened: a password changed meanwhile no longer logs in with the old one.
    private func checkPassword(_ password: String, name: String, accountID: Int64) async {
        // Counted as a failure before the check, so parallel guesses from many connections
        // see each other; given back when the password was right.
        let reservation: LoginGuard.Reservation
        switch services.loginGuard.reservePasswordAttempt(connection.peerAddress) {
        case .failure(let refusal):
            Logger.shared.warning("login_refused", ["name": name, "ip": connection.peerAddress, "reason": "failures"])
            login.finish()
            phase = .closed
            connection.close(notice: refusal.line)
            return
        case .success(let taken):
            reservation = taken
        }
        phase = .busy
        let epoch = services.credentialEpochs.current(accountID)
        let account: AccountRecord?
        do {
            account = try await services.accounts.account(named: name)
        } catch {
            reservation.cancel()
            await storeFailed(error)
            return
        }
        guard case .busy = phase else {
            // Gone before anything was checked: nothing to count.
            reservation.cancel()
            return
        }
        guard let account, account.id == accountID else {
            reservation.cancel()
            await perform(login.report(.accountGone))
            return
        }
        let valid = await services.hasher.verify(password, against: account.passwordHash)
            && services.credentialEpochs.current(accountID) == epoch
        if valid { reservation.cancel() }
        guard case .busy = phase else { return }
        if valid {
            Logger.shared.info("login", ["name": account.name, "ip": connection.peerAddress])
            login.finish()
            await enterWorld(name: account.name, account: account, credentialEpoch: epoch)
            return
        }
        let actions = login.report(.wrongPassword(account))
        Logger.shared.warning("login_failed", ["name": account.name, "ip": connection.peerAddress, "attempt": "\(login.failedAttempts)"])
        await perform(actions)
    }

    private func create(name: String, password: String) async {
        // Counted before the hash and the insert, so creations racing from one address see
        // each other; given back when nothing was created.
        let reservation: LoginGuard.Reservation
        switch services.loginGuard.reserveCreation(connection.peerAddress) {
        case .failure(let refusal):
            await perform(login.report(.creationRefused(refusal.line)))
            return
        case .success(let taken):
            reservation = taken
        }
        phase = .busy
        let account: AccountRecord
        do {
            let hash = try await services.hasher.hash(password)
            guard case .busy = phase else {
                reservation.cancel()
                return
            }
            account = try await services.accounts.createAccount(
                name: name, passwordHash: hash, isAdmin: false, createdAt: services.clock.unixSeconds())
        } catch let error as StoreError where error.kind == .nameTaken {
            reservation.cancel()
            guard case .busy = phase else { return }
            await perform(login.report(.nameTaken))
            return
        } catch {
            reservation.cancel()
            await storeFailed(error)
            return
        }
        guard case .busy = phase else { return }
        Logger.shared.info("account_created", ["name": account.name, "ip": connection.peerAddress])
        login.finish()
        connection.send("Welcome to LivePet, \(account.name)! Your character is saved.\n")
        await enterWorld(name: account.name, account: account, isNew: true, credentialEpoch: services.credentialEpochs.current(account.id))
    }

    private func storeFailed(_ error: any Error) async {
        Logger.shared.error("store", ["error": "\(error)", "ip": connection.peerAddress])
        guard case .busy = phase else { return }
        await perform(login.report(.storeFailed))
    }

    /// Takes back a login that registered with presence but will not play: the character
    /// leaves presence, and a connection it displaced leaves its room (that session's own
    /// logout no longer owns the character, so it would not).
    private func undoLogin(name: String, outcome: Presence.LoginOutcome) async {
        await services.presence.logout(name: name, sessionID: id)
        // Whether or not this login still owned the character (a third connection may have
        // taken it over since), the member it displaced is not playing: leaving is a no-op
        // when it already left.
        switch outcome {
        case .fresh:
            break
        case .tookOver(let previous, let place), .resumed(let previous, let place):
            await place.leave(previous, announce: departureLine(name))
        }
    }

    private func refuseChangedPassword(name: String) {
        Logger.shared.warning("login_refused", ["name": name, "ip": connection.peerAddress, "reason": "password_changed"])
        phase = .closed
        connection.close(notice: "The password of \(name) was changed just now; please log in with the new one. Goodbye.\n")
    }

    /// Registers the character with presence and puts it in its room (the Lobby, or the
    /// room it had on its previous connection when this is a takeover).
    /// `credentialEpoch` is the account's password epoch when its password was checked: a
    /// change that landed since voids the login.
    func enterWorld(name: String, account: AccountRecord?, isNew: Bool = false, credentialEpoch: UInt64 = 0) async {
        if let notice = banNotice(name: name) {
            Logger.shared.warning("login_refused", ["name": name, "ip": connection.peerAddress, "reason": "banned"])
            phase = .closed
            connection.close(notice: notice)
            return
        }
        phase = .busy
        connection.setDeadline(after: nil)
        prefs.isAdmin.store(account != nil && (account?.isAdmin == true || services.isConfiguredAdmin(name)), ordering: .relaxed)
        loadIgnored(name: name, isGuest: account == nil)
        let isGuest = account == nil
        let entry = Presence.Entry(
            name: name, sessionID: id, connection: connection, place: services.lobby,
            since: services.clock.uptimeNanos(), isGuest: isGuest, prefs: prefs)
        if let account, services.credentialEpochs.current(account.id) != credentialEpoch {
            // The password changed while this login was checking the old one: turn it away
            // before it can take over the character.
            refuseChangedPassword(name: name)
            return
        }
        let outcome = await services.presence.login(entry)
        guard case .busy = phase else {
            // Disconnected while logging in: undo.
            await undoLogin(name: name, outcome: outcome)
            return
        }
        if let account, services.credentialEpochs.current(account.id) != credentialEpoch {
            // The password changed while this login was checking the old one.
            await undoLogin(name: name, outcome: outcome)
            refuseChangedPassword(name: name)
            return
        }
        let member = RoomMember(sessionID: id, name: name, connection: connection, prefs: prefs)
        if let account { services.world.treats.open(account.id) }
        let place: any Place
        switch outcome {
        case .fresh:
            place = services.lobby
            player = Player(name: name, accountID: account?.id, isGuest: isGuest, place: place)
            phase = .playing
            if isGuest {
                connection.send("Welcome, \(name)! As a guest you can look around and chat. Type \"help\" to begin.\n")
            } else if isNew {
                connection.send("Adopt your first pet with \"adopt <name> [species]\", or type \"help\".\n")
            } else {
                connection.send("Welcome back, \(name)! Type \"help\" for commands.\n")
            }
            await place.enter(member, announce: "\(name) arrives.\n")
        case .tookOver(let previous, let previousPlace):
            place = previousPlace
            player = Player(name: name, accountID: account?.id, isGuest: isGuest, place: place)
            phase = .playing
            connection.send("You take over your character from your other connection.\n")
            await place.replace(previous, with: member, announce: "\(name) reconnects.\n")
        case .resumed(let previous, let previousPlace):
            place = previousPlace
            player = Player(name: name, accountID: account?.id, isGuest: isGuest, place: place)
            phase = .playing
            connection.send("Welcome back, \(name)! Your connection had dropped; you are back where you were.\n")
            await place.replace(previous, with: member, announce: "\(name) reconnects.\n")
        }
        if prefs.displaced.load(ordering: .relaxed) {
            // Kicked or taken over while entering: whoever removed it looked for it in
            // presence before it was in the room, so it leaves the room itself.
            await place.leave(id, announce: departureLine(name))
            return
        }
        guard case .playing = phase else { return }
        armIdleDeadline()
        if prefs.isAdmin.load(ordering: .relaxed) {
            connection.send("You are an admin: \"help\" lists the admin commands too.\n")
        }
        sendGMCPLogin()
        await describePlace()
        prompt()
    }
}
