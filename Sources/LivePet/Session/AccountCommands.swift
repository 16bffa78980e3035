import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// Account care: an admin's `resetpassword` (a one-time password the player must replace at
/// the next login) and a player's `delete` (the character and its pets, after the password).
enum AccountCommands {
    /// How long a one-time password logs in.
    static let resetLifetime: Int64 = 24 * 3600

    // MARK: resetpassword

    static func resetPassword(_ session: isolated Session, _ args: String) async {
        guard let admin = session.player?.name else { return }
        let typed = args.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty, !typed.contains(" "), typed.count <= NameRules.accountNameLength.upperBound else {
            session.connection.send("Usage: resetpassword <name>\n")
            return
        }
        if NameKey.make(typed) == NameKey.make(admin) {
            session.connection.send("To change your own password, use: password\n")
            return
        }
        let account: AccountRecord?
        do {
            account = try await session.services.accounts.account(named: typed)
        } catch {
            Logger.shared.error("resetpassword_failed", ["admin": admin, "target": typed, "error": "\(error)"])
            session.answer("Sorry, that could not be done; nothing changed.\n")
            return
        }
        guard case .playing = session.phase else { return }
        guard let account else {
            session.connection.send("There is no character called \(TextSanitizer.clean(typed)).\n")
            return
        }
        // Another admin's password would be their account: only the server's own admins may.
        if account.isAdmin || session.services.isConfiguredAdmin(account.name), !session.services.isConfiguredAdmin(admin) {
            session.connection.send("\(account.name) is an admin; only an admin named by the server's configuration (--admins) can reset their password.\n")
            return
        }
        let password = ConfiguredAdmins.makeCode()
        let expires = session.unixNow + resetLifetime
        do {
            let hash = try await session.services.hasher.hash(password)
            try await session.services.accounts.resetPassword(accountID: account.id, hash: hash, expiresAt: expires)
        } catch {
            Logger.shared.error("resetpassword_failed", ["admin": admin, "target": account.name, "error": "\(error)"])
            session.answer("Sorry, the new password could not be saved; nothing changed.\n")
            return
        }
        // Logins that checked the old password are void, and a connection of theirs ends.
        session.services.credentialEpochs.advance(account.id)
        if let entry = await session.services.presence.remove(name: account.name) {
            entry.connection.close(notice: "\nAn admin has reset the password of \(entry.name). Goodbye.\n")
            await entry.place.leave(entry.sessionID, announce: "\(entry.name) disconnects.\n")
        }
        // The audit never holds the password: only that it was reset, and until when.
        await AdminCommands.audit(session, "resetpassword", target: account.name, detail: "one-time password until \(TimeText.date(expires))")
        session.answer("The one-time password of \(account.name) is: \(password)\n"
            + "It is shown only to you, now. It logs in until \(TimeText.date(expires)) (24 hours), and \(account.name) must choose a new password when using it.\n")
    }

    // MARK: delete

    static func startDelete(_ session: isolated Session) {
        guard let player = session.player, player.accountID != nil else {
            session.connection.send("Guests have no character to delete; quit is enough.\n")
            return
        }
        if session.services.isConfiguredAdmin(player.name) {
            session.connection.send("\(player.name) is an admin by the server's configuration (--admins); take the name out of it before deleting the character.\n")
            return
        }
        let count = session.world.pets.pets(ownedBy: player.accountID ?? 0).count
        let pets = count == 0 ? "" : " and your \(NumberText.count(count, "pet")), living or remembered,"
        session.safety.passwordStep = .confirmDelete
        session.connection.send(session.wrap("Deleting \(player.name) removes your character\(pets) for good; it cannot be undone. "
            + "Type your password to confirm, or an empty line to keep everything.\n"))
        session.promptForPassword("Password to delete \(player.name): ")
    }

    /// The password answering `delete` (the input was hidden).
    static func confirmDelete(_ session: isolated Session, _ raw: String) async {
        guard let player = session.player, let accountID = player.accountID else {
            session.safety.passwordStep = nil
            return
        }
        guard !raw.isEmpty else {
            end(session, "Nothing was deleted.")
            return
        }
        // Counted like a login attempt, and given back when it was right.
        let reservation: LoginGuard.Reservation
        switch session.services.loginGuard.reservePasswordAttempt(session.connection.peerAddress) {
        case .failure(let refusal):
            end(session, refusal.line.trimmingCharacters(in: .newlines))
            return
        case .success(let taken):
            reservation = taken
        }
        let account = try? await session.services.accounts.account(named: player.name)
        guard case .playing = session.phase, session.safety.passwordStep == .confirmDelete else {
            reservation.cancel()
            return
        }
        guard let account, account.id == accountID else {
            reservation.cancel()
            end(session, "Sorry, something went wrong on our side; nothing was deleted.")
            return
        }
        let valid = await session.services.hasher.verify(raw, against: account.passwordHash)
        if valid { reservation.cancel() }
        guard case .playing = session.phase, session.safety.passwordStep == .confirmDelete else { return }
        guard valid else {
            Logger.shared.warning("delete_failed", ["name": player.name, "ip": session.connection.peerAddress])
            end(session, "That is not your password; nothing was deleted.")
            return
        }
        let petIDs: [Int64]
        do {
            petIDs = try await session.services.accounts.deleteAccount(accountID: accountID)
        } catch {
            Logger.shared.error("delete_store", ["name": player.name, "error": "\(error)"])
            guard case .playing = session.phase else { return }
            end(session, "Sorry, the character could not be deleted; nothing changed.")
            return
        }
        session.safety.passwordStep = nil
        await forget(session, name: player.name, accountID: accountID, petIDs: petIDs)
        Logger.shared.info("account_deleted", ["name": player.name, "ip": session.connection.peerAddress, "pets": "\(petIDs.count)"])
        session.quitting = true
        session.connection.close(notice: "\(player.name) is deleted, with \(NumberText.count(petIDs.count, "pet")). Goodbye, and thank you for playing.\n")
    }

    /// What the server holds in memory for a deleted account: its pets (rooms closed, their
    /// visitors told, their talk and pending events forgotten), treats, logins in flight,
    /// ignore lists.
    private static func forget(_ session: isolated Session, name: String, accountID: Int64, petIDs: [Int64]) async {
        session.services.credentialEpochs.advance(accountID)
        // A connection that took the character over while the password was checked ends too.
        if let other = await session.services.presence.remove(name: name, unlessSession: session.id) {
            other.connection.close(notice: "\n\(other.name) was deleted from another connection. Goodbye.\n")
            await other.place.leave(other.sessionID, announce: "\(other.name) has left LivePet.\n")
        }
        session.services.ignoreLists.forget(name)
        let key = NameKey.make(name)
        for entry in await session.services.presence.entries() {
            var list = entry.prefs.ignored.withLock { $0 }
            guard list.removeValue(forKey: key) != nil else { continue }
            entry.prefs.setIgnored(list)
        }
        for pet in session.world.removeAccount(accountID, petIDs: petIDs) {
            session.services.history.forget(.place(pet.placeID))
            pet.broadcast("The owner of \(pet.shortName) has left LivePet, and this room closes. Your next command takes you to the Lobby.\n", except: session.id)
        }
    }

    private static func end(_ session: isolated Session, _ message: String) {
        session.safety.passwordStep = nil
        session.connection.setEchoHidden(false)
        session.connection.send("\(message)\n")
        session.prompt()
    }

    // MARK: A closed room

    /// Before a command: a player still in the room of a pet removed with its owner goes to
    /// the Lobby first.
    static func leaveClosedRoom(_ session: isolated Session) async {
        guard let player = session.player, let pet = player.place as? Pet, session.world.pets.isRetired(pet),
              let member = session.member else { return }
        await pet.leave(session.id, announce: nil)
        guard case .playing = session.phase else { return }
        let lobby = session.services.lobby
        session.player?.place = lobby
        await lobby.enter(member, announce: "\(player.name) arrives.\n")
        await session.services.presence.moved(name: player.name, sessionID: session.id, to: lobby)
        ClientCommands.sendRoomInfo(session)
        session.connection.send("You are back in the Lobby.\n")
    }
}
