/// LivePet over raw telnet: the client never sends IAC, so the server treats it as a raw
/// client after its negotiation timeout. The login line is sent without waiting for the
/// name prompt (the server queues it), and success is the welcome line.
struct LivePetProtocol: ChatProtocol {
    /// With more than one room, room r is the pet `<petPrefix><r + 1>`; the default `#`
    /// visits pets by id (`livepet seed` makes them). With one room everyone stays in the Lobby.
    var petPrefix = "#"
    var rooms = 1

    var name: String { "livepet" }
    var stripsTelnet: Bool { true }
    var echoesOwnLines: Bool { true }

    func loginLines(for connection: BenchConnection) -> [String] {
        switch connection.login {
        case .guest: ["guest"]
        case .create(let name, let password): ["create \(name) \(password)"]
        case .connect(let name, let password): ["connect \(name) \(password)"]
        }
    }

    func loginStep(_ line: ByteLine, connection: BenchConnection) -> DialogueStep {
        // The name prompt has no line end, so the welcome may share a line with it.
        if line.contains("Welcome, Guest-") || line.contains("Welcome back, ") { return .done }
        if line.contains("Your character is saved.") { return .done }
        if line.contains("You take over your character") { return .done }
        if line.contains("took the name") {
            // `create` of an account a previous run made: log in to it instead.
            if case .create(let name, let password) = connection.login {
                connection.login = .connect(name: name, password: password)
                return .send(["connect \(name) \(password)"])
            }
        }
        for failure: StaticString in ["There is no character", "Wrong password", "Sorry, something went wrong",
                                      "Names ", "Passwords ", "reserved", "Usage:", "Goodbye"] where line.contains(failure) {
            return .failed(line.string)
        }
        return .pending
    }

    func joinLines(room: Int, connection: BenchConnection) -> [String] {
        rooms <= 1 ? [] : ["visit \(petPrefix)\(room + 1)"]
    }

    func joinStep(_ line: ByteLine, connection: BenchConnection) -> DialogueStep {
        // The last line of `look` in a pet's room; the room barrier then checks membership.
        if line.contains("Nobody else is visiting.") || line.hasPrefix("Visiting: ") || line.contains("You are already with") {
            return .done
        }
        if line.contains("There is no pet") || line.hasPrefix("Usage:") || line.contains("Huh?") {
            return .failed(line.string)
        }
        return .pending
    }

    func sayLine(_ text: String, room: Int) -> String {
        "say \(text)"
    }

    func autoReply(to line: ByteLine) -> String? {
        nil
    }
}
