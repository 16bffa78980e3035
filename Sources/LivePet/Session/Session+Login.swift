import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// The login dialogue: name, password (hidden), new characters, guests and the one-line
/// `connect` / `create` forms for scripts and auto-login clients.
extension Session {
    func promptForName() {
        connection.sendPrompt("What is your name? (or \"guest\") ")
    }

    func promptForPassword(_ text: String) {
        connection.setEchoHidden(true)
        connection.sendPrompt(text)
    }

    func handleLogin(_ raw: String) async {
        switch phase {
        case .name:
            await handleName(raw.trimmingCharacters(in: .whitespaces))
        case .password(let account, let failures):
            connection.setEchoHidden(false)
            await checkPassword(raw, name: account.name, accountID: account.id, failures: failures)
        case .confirmNew(let name):
            let answer = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if ["y", "yes"].contains(answer) {
                phase = .newPassword(name)
                promptForPassword("Choose a password for \(name) (at least 8 characters): ")
            } else if ["n", "no"].contains(answer) {
                phase = .name
                promptForName()
            } else {
                connection.sendPrompt("Please answer yes or no. Create a new character called \(name)? ")
            }
        case .newPassword(let name):
            connection.setEchoHidden(false)
            if let reason = NameRules.validatePassword(raw) {
                connection.send("\(reason)\n")
                promptForPassword("Choose a password for \(name): ")
            } else {
                phase = .repeatPassword(name, first: raw)
                promptForPassword("Repeat the password: ")
            }
        case .repeatPassword(let name, let first):
            connection.setEchoHidden(false)
            if raw != first {
                connection.send("The passwords did not match.\n")
                phase = .newPassword(name)
                promptForPassword("Choose a password for \(name) (at least 8 characters): ")
            } else {
                await create(name: name, password: raw)
            }
        case .connecting, .busy, .playing, .closed:
            break
        }
    }

    private func handleName(_ line: String) async {
        guard !line.isEmpty else {
            promptForName()
            return
        }
        if ProtocolSniffer.isRequestLine(line) {
            // A web client whose request came too late for the connection's own check.
            Logger.shared.info("wrong_protocol", ["ip": connection.peerAddress, "protocol": "http"])
            phase = .closed
            connection.close(notice: ProtocolSniffer.httpResponse)
            return
        }
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let first = words[0].lowercased()
        if let notice = addressBanNotice(), !mayPassAddressBan(words) {
            // Only configured admins (and only to log in) get past an address ban.
            Logger.shared.warning("login_refused", ["ip": connection.peerAddress, "reason": "banned"])
            phase = .closed
            connection.close(notice: notice)
            return
        }
        switch first {
        case "mssp-request" where words.count == 1:
            // Crawlers on raw sockets: answer and hang up.
            let variables = await MSSPStatus.variables(services)
            phase = .closed
            connection.close(notice: MSSPStatus.plaintext(variables))
            return
        case "guest" where words.count == 1:
            await enterWorld(name: services.nextGuestName(), account: nil)
            return
        case "quit" where words.count == 1:
            connection.close(notice: "Goodbye.\n")
            phase = .closed
            return
        case "connect":
            guard words.count == 3 else {
                connection.send("Usage: connect <name> <password>\n")
                promptForName()
                return
            }
            await connectOneLine(name: words[1], password: words[2])
            return
        case "create":
            // A fourth word is the setup code of a configured admin's name (ConfiguredAdmins).
            guard words.count == 3 || (words.count == 4 && services.isConfiguredAdmin(words[1])) else {
                connection.send("Usage: create <name> <password>\n")
                promptForName()
                return
            }
            if let reason = NameRules.validateAccountName(words[1], reserved: CommandCatalog.reservedNames)
                ?? NameRules.validatePassword(words[2]) ?? creationRefusal(name: words[1], setupCode: words.count == 4 ? words[3] : nil) {
                connection.send("\(reason)\n")
                promptForName()
                return
            }
            await create(name: words[1], password: words[2])
            return
        default:
            break
        }
        guard words.count == 1 else {
            connection.send("A name is one word of letters and digits. Type \"guest\" to look around first.\n")
            promptForName()
            return
        }
        phase = .busy
        let account: AccountRecord?
        do {
            account = try await services.accounts.account(named: line)
        } catch {
            storeFailed(error)
            return
        }
        guard case .busy = phase else { return }
        if let account {
            phase = .password(account, failures: 0)
            promptForPassword("Password: ")
        } else if let reason = NameRules.validateAccountName(line, reserved: CommandCatalog.reservedNames) ?? creationRefusal(name: line) {
            phase = .name
            connection.send("\(reason)\n")
            promptForName()
        } else {
            phase = .confirmNew(line)
            connection.sendPrompt("\(line) is a new name. Create a new character called \(line)? (yes/no) ")
        }
    }

    private func connectOneLine(name: String, password: String) async {
        phase = .busy
        let account: AccountRecord?
        do {
            account = try await services.accounts.account(named: name)
        } catch {
            storeFailed(error)
            return
        }
        guard case .busy = phase else { return }
        guard let account else {
            phase = .name
            connection.send("There is no character called \(TextSanitizer.clean(name)). Use \"create <name> <password>\" to make one.\n")
            promptForName()
            return
        }
        await checkPassword(password, name: account.name, accountID: account.id, failures: 0)
    }

    /// Checks `password` against the hash in the store now, not the one read when the prompt
    /// opened: a password changed meanwhile no longer logs in with the old one.
    private func checkPassword(_ password: String, name: String, accountID: Int64, failures: Int) async {
        // Counted as a failure before the check, so parallel guesses from many connections
        // see each other; given back when the password was right.
        let reservation: LoginGuard.Reservation
        switch services.loginGuard.reservePasswordAttempt(connection.peerAddress) {
        case .failure(let refusal):
            Logger.shared.warning("login_refused", ["name": name, "ip": connection.peerAddress, "reason": "failures"])
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
            storeFailed(error)
            return
        }
        guard case .busy = phase else {
            // Gone before anything was checked: nothing to count.
            reservation.cancel()
            return
        }
        guard let account, account.id == accountID else {
            reservation.cancel()
            phase = .name
            connection.send("There is no character called \(TextSanitizer.clean(name)).\n")
            promptForName()
            return
        }
        let valid = await services.hasher.verify(password, against: account.passwordHash)
            && services.credentialEpochs.current(accountID) == epoch
        if valid { reservation.cancel() }
        guard case .busy = phase else { return }
        if valid {
            Logger.shared.info("login", ["name": account.name, "ip": connection.peerAddress])
            await enterWorld(name: account.name, account: account, credentialEpoch: epoch)
            return
        }
        let failures = failures + 1
        Logger.shared.warning("login_failed", ["name": account.name, "ip": connection.peerAddress, "attempt": "\(failures)"])
        if failures >= services.config.maxPasswordAttempts {
            phase = .closed
            connection.close(notice: "Wrong password. Too many attempts; goodbye.\n")
            return
        }
        connection.send("Wrong password.\n")
        phase = .password(account, failures: failures)
        promptForPassword("Password: ")
    }

    private func create(name: String, password: String) async {
        // Counted before the hash and the insert, so creations racing from one address see
        // each other; given back when nothing was created.
        let reservation: LoginGuard.Reservation
        switch services.loginGuard.reserveCreation(connection.peerAddress) {
        case .failure(let refusal):
            phase = .name
            connection.send(refusal.line)
            promptForName()
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
            phase = .name
            connection.send("The name \(name) is taken. Please choose another.\n")
            promptForName()
            return
        } catch {
            reservation.cancel()
            storeFailed(error)
            return
        }
        guard case .busy = phase else { return }
        Logger.shared.info("account_created", ["name": account.name, "ip": connection.peerAddress])
        connection.send("Welcome to LivePet, \(account.name)! Your character is saved.\n")
        await enterWorld(name: account.name, account: account, isNew: true, credentialEpoch: services.credentialEpochs.current(account.id))
    }

    private func storeFailed(_ error: any Error) {
        Logger.shared.error("store", ["error": "\(error)", "ip": connection.peerAddress])
        guard case .busy = phase else { return }
        phase = .name
        connection.send("Sorry, something went wrong on our side. Please try again in a moment.\n")
        promptForName()
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
