import Testing
@testable import LivePetSession
@testable import LivePetNet
@testable import LivePetStore

/// The login dialogue as a value: lines and outcomes in, actions out, no sockets.
@Suite struct LoginDialogueTests {
    struct Checks: LoginChecks {
        var banNotice: String?
        var admins: Set<String> = []
        var refusal: String?

        func addressBanNotice() -> String? { banNotice }
        func isConfiguredAdmin(_ name: String) -> Bool { admins.contains(name.lowercased()) }
        func creationRefusal(name: String, setupCode: String?) -> String? { refusal }
    }

    static let mochi = AccountRecord(id: 7, name: "Mochi", passwordHash: "$y$hash", createdAt: 0)

    static func dialogue(_ checks: Checks = Checks(), attempts: Int = 3) -> LoginDialogue {
        LoginDialogue(maxPasswordAttempts: attempts, checks: checks)
    }

    @Test func aKnownNameAsksForThePasswordHiddenAndChecksIt() {
        var login = Self.dialogue()
        #expect(login.receive("  Mochi ") == [.lookUp("Mochi")])
        #expect(login.receive("ignored while waiting") == [])
        #expect(login.report(.found(Self.mochi)) == [.ask(.secret("Password: "))])
        #expect(login.state == .password(Self.mochi))
        #expect(login.receive(" secret pw ") == [.revealEcho, .checkPassword(" secret pw ", name: "Mochi", accountID: 7)])
    }

    @Test func wrongPasswordsAskAgainThenHangUp() {
        var login = Self.dialogue(attempts: 2)
        _ = login.receive("Mochi")
        _ = login.report(.found(Self.mochi))
        _ = login.receive("wrong one")
        #expect(login.report(.wrongPassword(Self.mochi)) == [.ask(.secret("Password: "), notice: "Wrong password.\n")])
        #expect(login.failedAttempts == 1)
        _ = login.receive("wrong two")
        #expect(login.report(.wrongPassword(Self.mochi)) == [.disconnect(notice: "Wrong password. Too many attempts; goodbye.\n")])
        #expect(login.state == .finished)
        #expect(login.receive("Mochi") == [])
    }

    @Test func aNewNameIsConfirmedThenGetsAPasswordTwice() {
        var login = Self.dialogue()
        _ = login.receive("Pip")
        #expect(login.report(.found(nil)) == [.ask(.text("Pip is a new name. Create a new character called Pip? (yes/no) "))])
        #expect(login.receive("maybe") == [.ask(.text("Please answer yes or no. Create a new character called Pip? "))])
        #expect(login.receive(" YES ") == [.ask(.secret("Choose a password for Pip (at least 8 characters): "))])
        #expect(login.receive("short") == [.revealEcho, .ask(.secret("Choose a password for Pip: "),
                                                             notice: "Passwords must be at least 8 characters long.\n")])
        #expect(login.receive("long enough") == [.revealEcho, .ask(.secret("Repeat the password: "))])
        #expect(login.receive("long enougH") == [.revealEcho, .ask(.secret("Choose a password for Pip (at least 8 characters): "),
                                                                   notice: "The passwords did not match.\n")])
        _ = login.receive("long enough")
        #expect(login.receive("long enough") == [.revealEcho, .create(name: "Pip", password: "long enough")])
        #expect(login.report(.nameTaken) == [.ask(.name, notice: "The name Pip is taken. Please choose another.\n")])
        #expect(login.state == .name)
    }

    @Test func noToANewNameAsksForANameAgain() {
        var login = Self.dialogue()
        _ = login.receive("Pip")
        _ = login.report(.found(nil))
        #expect(login.receive("n") == [.ask(.name)])
        #expect(login.state == .name)
    }

    @Test func newNamesAreValidatedAndScreened() {
        var login = Self.dialogue()
        _ = login.receive("Look")
        #expect(login.report(.found(nil)) == [.ask(.name, notice: "That name is reserved. Please choose another.\n")])
        var refused = Self.dialogue(Checks(refusal: "That name is not available. Please choose another."))
        _ = refused.receive("Pip")
        #expect(refused.report(.found(nil)) == [.ask(.name, notice: "That name is not available. Please choose another.\n")])
    }

    @Test func oneLineConnectLooksUpThenChecks() {
        var login = Self.dialogue()
        #expect(login.receive("connect mochi") == [.ask(.name, notice: "Usage: connect <name> <password>\n")])
        #expect(login.receive("connect mochi pass word") == [.ask(.name, notice: "Usage: connect <name> <password>\n")])
        #expect(login.receive("CONNECT mochi password1") == [.lookUp("mochi")])
        #expect(login.report(.found(Self.mochi)) == [.checkPassword("password1", name: "Mochi", accountID: 7)])
        #expect(login.report(.accountGone) == [.ask(.name, notice: "There is no character called Mochi.\n")])
        _ = login.receive("connect nobody password1")
        #expect(login.report(.found(nil)) == [.ask(.name, notice: "There is no character called nobody. Use \"create <name> <password>\" to make one.\n")])
    }

    @Test func oneLineCreateIsCheckedBeforeItIsAsked() {
        var login = Self.dialogue(Checks(admins: ["root"]))
        #expect(login.receive("create Pip") == [.ask(.name, notice: "Usage: create <name> <password>\n")])
        #expect(login.receive("create Pip password1 code") == [.ask(.name, notice: "Usage: create <name> <password>\n")])
        #expect(login.receive("create Pip short") == [.ask(.name, notice: "Passwords must be at least 8 characters long.\n")])
        #expect(login.receive("create Root password1 code") == [.create(name: "Root", password: "password1")])
        #expect(login.report(.creationRefused("Too many.\n")) == [.ask(.name, notice: "Too many.\n")])
        #expect(login.receive("create Pip password1") == [.create(name: "Pip", password: "password1")])
        #expect(login.report(.storeFailed) == [.ask(.name, notice: "Sorry, something went wrong on our side. Please try again in a moment.\n")])
    }

    @Test func guestQuitMSSPAndHTTPEndTheDialogue() {
        for (line, action) in [("guest", LoginAction.enterAsGuest), ("QUIT", .disconnect(notice: "Goodbye.\n")),
                               ("mssp-request", .answerMSSP)] {
            var login = Self.dialogue()
            #expect(login.receive(line) == [action])
            #expect(login.state == .finished)
        }
        var web = Self.dialogue()
        #expect(web.receive("GET / HTTP/1.1") == [.disconnect(notice: ProtocolSniffer.httpResponse, log: .wrongProtocol)])
        var blank = Self.dialogue()
        #expect(blank.receive("   ") == [.ask(.name)])
        #expect(blank.receive("two words") == [.ask(.name, notice: "A name is one word of letters and digits. Type \"guest\" to look around first.\n")])
    }

    @Test func aBannedAddressLetsOnlyConfiguredAdminsAndQuitThrough() {
        let banned = Checks(banNotice: "Banned.\n", admins: ["root"])
        for line in ["guest", "Mochi", "connect Mochi password1", "create Pip password1"] {
            var login = Self.dialogue(banned)
            #expect(login.receive(line) == [.disconnect(notice: "Banned.\n", log: .banned)], "\(line)")
        }
        for (line, action) in [("root", LoginAction.lookUp("root")), ("connect root password1", .lookUp("root")),
                               ("quit", .disconnect(notice: "Goodbye.\n"))] {
            var login = Self.dialogue(banned)
            #expect(login.receive(line) == [action], "\(line)")
        }
    }
}
