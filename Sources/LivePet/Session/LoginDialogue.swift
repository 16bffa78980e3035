import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// What the login dialogue asks the server, synchronously: bans, configured admins and the
/// limits on new characters (`ServiceLoginChecks` in the server; a stub in tests).
protocol LoginChecks: Sendable {
    /// The line refusing this connection's address, or nil.
    func addressBanNotice() -> String?
    /// Whether `name` is an admin by the server's configuration (`--admins`).
    func isConfiguredAdmin(_ name: String) -> Bool
    /// Why a new character called `name` may not be made now, or nil.
    func creationRefusal(name: String, setupCode: String?) -> String?
}

/// A question the dialogue asks.
enum LoginQuestion: Equatable, Sendable {
    /// "What is your name? (or "guest") "
    case name
    /// A question answered in the open.
    case text(String)
    /// A question whose answer is hidden (echo off until the answer comes).
    case secret(String)
}

/// What the session does for the dialogue, in order.
enum LoginAction: Equatable, Sendable {
    /// Turn echo back on: a hidden answer has arrived.
    case revealEcho
    /// Send `notice` when there is one, then ask.
    case ask(LoginQuestion, notice: String? = nil)
    /// Close the connection after `notice`; `log` says why, when the log wants to know.
    case disconnect(notice: String, log: LoginLog? = nil)
    /// Answer an MSSP crawler with the plain-text listing and hang up.
    case answerMSSP
    /// Log in as a new guest.
    case enterAsGuest
    /// Look the account up; report `.found`.
    case lookUp(String)
    /// Check the password against the stored account; report `.wrongPassword` or
    /// `.accountGone`, or enter the world.
    case checkPassword(String, name: String, accountID: Int64)
    /// Make the account and enter the world; report `.nameTaken` or `.creationRefused`.
    case create(name: String, password: String)
    /// Replace a one-time password with the one chosen, then enter the world; `epoch` is the
    /// account's credential epoch when the one-time password was checked.
    case replacePassword(String, account: AccountRecord, epoch: UInt64)
}

/// Why the dialogue hung up, for the log.
enum LoginLog: Equatable, Sendable {
    /// An HTTP request line where a name was expected.
    case wrongProtocol
    /// A banned address that is not a configured admin's.
    case banned
}

/// How an action the dialogue asked for turned out.
enum LoginOutcome: Equatable, Sendable {
    /// `lookUp`: the account, or none by that name.
    case found(AccountRecord?)
    /// `checkPassword`: the password was not right for this account.
    case wrongPassword(AccountRecord)
    /// `checkPassword`: the account is gone, or the name is another account's now.
    case accountGone
    /// `create`: someone made the name first.
    case nameTaken
    /// `create`: this address may not make a character now; the line says why.
    case creationRefused(String)
    /// The store failed; start again.
    case storeFailed
}

/// The login dialogue, as a value: which question is open and what an answer means. It does
/// no socket or store I/O: `receive` and `report` return the actions for `Session` to
/// perform (`LoginPerformer`), and the session reports how the asynchronous ones (lookups,
/// hashing, creation) turned out. Its `checks` may count and log a wrong admin setup code.
///
/// Name, password (hidden), new characters (yes/no, password twice), guests, `quit`, and the
/// one-line `connect` / `create` forms for scripts and auto-login clients.
struct LoginDialogue: Sendable {
    enum State: Equatable, Sendable {
        case name
        /// Asking for this account's password (the dialogue's `failedAttempts` wrong ones so far).
        case password(AccountRecord)
        case confirmNew(String)
        case newPassword(String)
        case repeatPassword(String, first: String)
        /// The password given was a one-time one (an admin's reset): a new one, twice.
        case replaceOneTime(AccountRecord, epoch: UInt64)
        case repeatReplacement(AccountRecord, epoch: UInt64, first: String)
        /// An action is being performed; lines are ignored until its outcome is reported.
        case waiting(Pending)
        /// Playing, or hung up.
        case finished
    }

    /// The action a `.waiting` dialogue waits for.
    enum Pending: Equatable, Sendable {
        case nameLookup(String)
        case connectLookup(name: String, password: String)
        case passwordCheck(name: String)
        case creation(name: String)
        case replacement(name: String)
    }

    private(set) var state = State.name
    /// Wrong passwords given for the last account asked about.
    private(set) var failedAttempts = 0
    let maxPasswordAttempts: Int
    let checks: any LoginChecks

    init(maxPasswordAttempts: Int, checks: any LoginChecks) {
        self.maxPasswordAttempts = maxPasswordAttempts
        self.checks = checks
    }

    /// One line typed while the dialogue is open.
    mutating func receive(_ raw: String) -> [LoginAction] {
        switch state {
        case .name:
            return [receiveName(raw.trimmingCharacters(in: .whitespaces))]
        case .password(let account):
            state = .waiting(.passwordCheck(name: account.name))
            return [.revealEcho, .checkPassword(raw, name: account.name, accountID: account.id)]
        case .confirmNew(let name):
            let answer = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if ["y", "yes"].contains(answer) {
                state = .newPassword(name)
                return [.ask(.secret("Choose a password for \(name) (at least 8 characters): "))]
            }
            if ["n", "no"].contains(answer) {
                state = .name
                return [.ask(.name)]
            }
            return [.ask(.text("Please answer yes or no. Create a new character called \(name)? "))]
        case .newPassword(let name):
            if let reason = NameRules.validatePassword(raw) {
                return [.revealEcho, .ask(.secret("Choose a password for \(name): "), notice: "\(reason)\n")]
            }
            state = .repeatPassword(name, first: raw)
            return [.revealEcho, .ask(.secret("Repeat the password: "))]
        case .repeatPassword(let name, let first):
            guard raw == first else {
                state = .newPassword(name)
                return [.revealEcho, .ask(.secret("Choose a password for \(name) (at least 8 characters): "),
                                          notice: "The passwords did not match.\n")]
            }
            state = .waiting(.creation(name: name))
            return [.revealEcho, .create(name: name, password: raw)]
        case .replaceOneTime(let account, let epoch):
            if let reason = NameRules.validatePassword(raw) {
                return [.revealEcho, .ask(.secret("New password for \(account.name): "), notice: "\(reason)\n")]
            }
            state = .repeatReplacement(account, epoch: epoch, first: raw)
            return [.revealEcho, .ask(.secret("Repeat the new password: "))]
        case .repeatReplacement(let account, let epoch, let first):
            guard raw == first else {
                state = .replaceOneTime(account, epoch: epoch)
                return [.revealEcho, .ask(.secret("New password for \(account.name) (at least 8 characters): "),
                                          notice: "The passwords did not match.\n")]
            }
            state = .waiting(.replacement(name: account.name))
            return [.revealEcho, .replacePassword(raw, account: account, epoch: epoch)]
        case .waiting, .finished:
            return []
        }
    }

    /// The password checked was a one-time one: the player chooses a new one, twice, before
    /// entering the world (there is no way round it but to quit).
    mutating func requireNewPassword(_ account: AccountRecord, epoch: UInt64) -> [LoginAction] {
        state = .replaceOneTime(account, epoch: epoch)
        return [.ask(.secret("New password for \(account.name) (at least 8 characters): "),
                     notice: "That was a one-time password: choose your own now. It is asked twice, hidden.\n")]
    }

    /// How the action the dialogue waits for turned out.
    mutating func report(_ outcome: LoginOutcome) -> [LoginAction] {
        guard case .waiting(let pending) = state else { return [] }
        switch (outcome, pending) {
        case (.found(let account?), .nameLookup):
            failedAttempts = 0
            state = .password(account)
            return [.ask(.secret("Password: "))]
        case (.found(nil), .nameLookup(let name)):
            if let reason = NameRules.validateAccountName(name, reserved: CommandCatalog.reservedNames)
                ?? checks.creationRefusal(name: name, setupCode: nil) {
                return restart("\(reason)\n")
            }
            state = .confirmNew(name)
            return [.ask(.text("\(name) is a new name. Create a new character called \(name)? (yes/no) "))]
        case (.found(let account?), .connectLookup(_, let password)):
            failedAttempts = 0
            state = .waiting(.passwordCheck(name: account.name))
            return [.checkPassword(password, name: account.name, accountID: account.id)]
        case (.found(nil), .connectLookup(let name, _)):
            return restart("There is no character called \(TextSanitizer.clean(name)). Use \"create <name> <password>\" to make one.\n")
        case (.wrongPassword(let account), .passwordCheck):
            failedAttempts += 1
            if failedAttempts >= maxPasswordAttempts {
                state = .finished
                return [.disconnect(notice: "Wrong password. Too many attempts; goodbye.\n")]
            }
            state = .password(account)
            return [.ask(.secret("Password: "), notice: "Wrong password.\n")]
        case (.accountGone, .passwordCheck(let name)):
            return restart("There is no character called \(TextSanitizer.clean(name)).\n")
        case (.nameTaken, .creation(let name)):
            return restart("The name \(name) is taken. Please choose another.\n")
        case (.creationRefused(let line), .creation):
            return restart(line)
        case (.storeFailed, _):
            return restart("Sorry, something went wrong on our side. Please try again in a moment.\n")
        default:
            return []
        }
    }

    /// The character entered the world, or the connection is closing: nothing more to ask.
    mutating func finish() {
        state = .finished
    }

    private mutating func restart(_ notice: String) -> [LoginAction] {
        state = .name
        return [.ask(.name, notice: notice)]
    }

    /// A line at the name prompt: a name, `guest`, `quit`, or `connect` / `create`.
    private mutating func receiveName(_ line: String) -> LoginAction {
        guard !line.isEmpty else { return .ask(.name) }
        if ProtocolSniffer.isRequestLine(line) {
            // A web client whose request came too late for the connection's own check.
            state = .finished
            return .disconnect(notice: ProtocolSniffer.httpResponse, log: .wrongProtocol)
        }
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let notice = checks.addressBanNotice(), !mayPassAddressBan(words) {
            // Only configured admins (and only to log in) get past an address ban.
            state = .finished
            return .disconnect(notice: notice, log: .banned)
        }
        switch words[0].lowercased() {
        case "mssp-request" where words.count == 1:
            // Crawlers on raw sockets: answer and hang up.
            state = .finished
            return .answerMSSP
        case "guest" where words.count == 1:
            state = .finished
            return .enterAsGuest
        case "quit" where words.count == 1:
            state = .finished
            return .disconnect(notice: "Goodbye.\n")
        case "connect":
            guard words.count == 3 else { return .ask(.name, notice: "Usage: connect <name> <password>\n") }
            state = .waiting(.connectLookup(name: words[1], password: words[2]))
            return .lookUp(words[1])
        case "create":
            // A fourth word is the setup code of a configured admin's name (ConfiguredAdmins).
            guard words.count == 3 || (words.count == 4 && checks.isConfiguredAdmin(words[1])) else {
                return .ask(.name, notice: "Usage: create <name> <password>\n")
            }
            if let reason = NameRules.validateAccountName(words[1], reserved: CommandCatalog.reservedNames)
                ?? NameRules.validatePassword(words[2])
                ?? checks.creationRefusal(name: words[1], setupCode: words.count == 4 ? words[3] : nil) {
                return .ask(.name, notice: "\(reason)\n")
            }
            state = .waiting(.creation(name: words[1]))
            return .create(name: words[1], password: words[2])
        default:
            guard words.count == 1 else {
                return .ask(.name, notice: "A name is one word of letters and digits. Type \"guest\" to look around first.\n")
            }
            state = .waiting(.nameLookup(line))
            return .lookUp(line)
        }
    }

    /// What a banned address may still type at the name prompt: a configured admin's name,
    /// alone or in `connect`, and `quit`.
    private func mayPassAddressBan(_ words: [String]) -> Bool {
        switch (words.first?.lowercased(), words.count) {
        case ("quit", 1): true
        case ("connect", 3): checks.isConfiguredAdmin(words[1])
        case (_, 1): checks.isConfiguredAdmin(words[0])
        default: false
        }
    }
}
