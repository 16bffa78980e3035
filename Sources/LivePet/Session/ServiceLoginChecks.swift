import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// The server's answers to the login dialogue's questions, for one connection's address.
struct ServiceLoginChecks: LoginChecks {
    let services: Services
    let connection: Connection
    /// Read when asked, not when the session is made: a trusted proxy's client address
    /// (`X-Forwarded-For`) is known only after the WebSocket handshake.
    var address: String { connection.peerAddress }

    func addressBanNotice() -> String? {
        guard let ban = services.bans.ban(address: address, now: services.clock.unixSeconds()) else { return nil }
        return "Connections from your address are banned from LivePet\(AdminCommands.until(ban)).\n"
    }

    func isConfiguredAdmin(_ name: String) -> Bool {
        services.isConfiguredAdmin(name)
    }

    /// Too many new characters from this address, a banned name, or a configured admin's name
    /// without its setup code.
    func creationRefusal(name: String, setupCode: String?) -> String? {
        if let refusal = services.loginGuard.creationRefusal(address) {
            return refusal.trimmingCharacters(in: .newlines)
        }
        if services.isConfiguredAdmin(name) {
            guard let setupCode, services.configuredAdmins.accepts(setupCode, for: name) else {
                if setupCode != nil {
                    // A wrong code is a failed login: it counts towards --login-failures,
                    // which also bounds these log lines.
                    if case .failure(let refusal) = services.loginGuard.reservePasswordAttempt(address) {
                        return refusal.line.trimmingCharacters(in: .newlines)
                    }
                    Logger.shared.warning("admin_setup_code_wrong", ["name": name, "ip": address])
                }
                return setupCode == nil
                    ? "That name is reserved for this server's admin. If that is you: create \(name) <password> <setup code from the server's log>."
                    : "That setup code is not right; the server's log at start shows it."
            }
            return nil
        }
        if services.bans.ban(name: name, now: services.clock.unixSeconds()) != nil {
            return "That name is not available. Please choose another."
        }
        return nil
    }
}
