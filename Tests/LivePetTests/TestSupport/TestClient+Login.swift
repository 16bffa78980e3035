import Foundation

/// Logging in, and sending a command then waiting for its answer.
extension TestClient {
    /// How a game prompt ends ("[Lobby, 5 treats] > "); "> " alone also occurs in help texts.
    static let promptEnd = "] > "

    /// Waits for and consumes the text through the next game prompt.
    @discardableResult
    func readPrompt(timeout: Duration = .seconds(5)) async throws -> String {
        try await readUntil(Self.promptEnd, timeout: timeout)
    }

    /// Logs in as a guest from the name prompt; returns the Guest-NNNN name given.
    @discardableResult
    func loginGuest() async throws -> String {
        try await readUntil(Self.namePrompt)
        return try await enterAsGuest()
    }

    /// `loginGuest` for a client that has already read the name prompt.
    @discardableResult
    func enterAsGuest() async throws -> String {
        try await send("guest")
        try await readUntil("Welcome, ")
        let name = try await readUntil("!").dropLast()
        try await readPrompt()
        return String(name)
    }

    /// Logs in to an existing account with the one-line `connect` form.
    func login(name: String, password: String) async throws {
        try await readUntil(Self.namePrompt)
        try await send("connect \(name) \(password)")
        try await readUntil("Welcome back, ")
        try await readPrompt()
    }

    /// Creates an account with the one-line `create` form and enters the world.
    func create(name: String, password: String) async throws {
        try await readUntil(Self.namePrompt)
        try await send("create \(name) \(password)")
        try await readUntil("Welcome to LivePet, \(name)!")
        try await readPrompt()
    }

    /// Runs `who`; returns just its table, from the header to "N players online.", without any
    /// room line that arrived before it.
    func who(timeout: Duration = .seconds(5)) async throws -> String {
        let answer = try await command("who", until: " online.\n", timeout: timeout)
        guard let header = answer.range(of: "Name ", options: .backwards),
              let end = answer.range(of: " online.\n", options: .backwards) else {
            throw TestClientError("no who table in \(answer.debugDescription)")
        }
        return String(answer[header.lowerBound..<end.upperBound])
    }

    /// Sends a command, waits for `until` (part of its answer) and then for the next prompt;
    /// returns the text read. Waiting for the answer first matters: a prompt shown again after
    /// someone else's line would otherwise pass for this command's prompt.
    @discardableResult
    func command(_ line: String, until answer: String, timeout: Duration = .seconds(5)) async throws -> String {
        try await send(line)
        let text = try await readUntil(answer, timeout: timeout)
        return text + (try await readPrompt(timeout: timeout))
    }

    /// Sends a command and reads through the next prompt; only for tests where nothing else
    /// can arrive meanwhile (a prompt shown again after someone else's line would end it early).
    @discardableResult
    func commandThroughPrompt(_ line: String, timeout: Duration = .seconds(5)) async throws -> String {
        try await send(line)
        return try await readPrompt(timeout: timeout)
    }
}

extension TestClient {
    /// `ticks all`: a status line every tick, as before quiet ticks, for tests about tick lines.
    func everyTick() async throws {
        try await command("ticks all", until: "Pet status lines: all.")
    }
}
