/// Logging in, and sending a command then waiting for its answer.
extension TestClient {
    /// Logs in as a guest from the name prompt; returns the Guest-NNNN name given.
    @discardableResult
    func loginGuest() async throws -> String {
        try await readUntil(Self.namePrompt)
        try await send("guest")
        try await readUntil("Welcome, ")
        let name = try await readUntil("!").dropLast()
        try await readUntil("\n> ")
        return String(name)
    }

    /// Logs in to an existing account with the one-line `connect` form.
    func login(name: String, password: String) async throws {
        try await readUntil(Self.namePrompt)
        try await send("connect \(name) \(password)")
        try await readUntil("Welcome back, ")
        try await readUntil("\n> ")
    }

    /// Creates an account with the one-line `create` form and enters the world.
    func create(name: String, password: String) async throws {
        try await readUntil(Self.namePrompt)
        try await send("create \(name) \(password)")
        try await readUntil("Welcome to LivePet, \(name)!")
        try await readUntil("\n> ")
    }

    /// Sends a command and returns the text up to and including `until` (by default the next prompt).
    @discardableResult
    func command(_ line: String, until: String = "> ", timeout: Duration = .seconds(5)) async throws -> String {
        try await send(line)
        return try await readUntil(until, timeout: timeout)
    }
}
