import Foundation

/// Waiting for what the server sends: text, raw bytes, GMCP, the end of the connection.
extension TestClient {
    /// Everything received, byte for byte, telnet commands included.
    var rawReceived: [UInt8] { state.read { $0.raw } }
    var subnegotiations: [TestClientState.Subnegotiation] { state.read { $0.subnegotiations } }
    /// `TTYPE SEND` requests received.
    var terminalTypeRequests: Int { state.read { $0.terminalTypeRequests } }
    var gmcpMessages: [GMCPMessage] { state.read { $0.gmcpMessages } }
    /// Two-byte telnet commands (GA, EOR, NOP, …) in order.
    var commands: [UInt8] { state.read { $0.commands } }
    /// Whether the server closed the connection (EOF or an error on read).
    var isClosedByServer: Bool { state.read { $0.closedByServer } }
    /// The screen as this client shows it (`Options.marks`), colour removed.
    var screenLines: [String] { state.read { $0.screenLines } }

    /// Waits until `condition` holds for what has arrived. Throws on timeout, quoting the unread
    /// text, and on end of file unless `failOnEOF` is false (then it just returns).
    func waitUntil(_ what: String, timeout: Duration = .seconds(5), failOnEOF: Bool = true,
                   _ condition: @escaping @Sendable (TestClientState) -> Bool) async throws {
        let done: @Sendable (TestClientState) -> Bool = { $0.eof || condition($0) }
        switch options.reading {
        case .onDemand:
            await pump(timeout: timeout, until: condition)
            guard state.read(done) else {
                throw TestClientError("timed out after \(timeout) waiting for \(what); unread text: \(state.read { $0.unreadDescription })")
            }
        case .always, .later:
            guard state.read({ $0.reading || $0.eof || condition($0) }) else {
                throw TestClientError("waiting for \(what) on a client that is not reading")
            }
            try await state.wait(timeout: timeout, until: done) { state in
                TestClientError("timed out after \(timeout) waiting for \(what); unread text: \(state.unreadDescription)")
            }
        }
        if failOnEOF {
            let (satisfied, unread) = state.read { (condition($0), $0.unreadDescription) }
            if !satisfied { throw TestClientError("connection closed while waiting for \(what); unread text: \(unread)") }
        }
    }

    /// Waits until `needle` appears in the text not yet consumed; returns and consumes that text
    /// up to and including the match. Throws on timeout or EOF, quoting what arrived.
    @discardableResult
    func readUntil(_ needle: String, timeout: Duration = .seconds(5)) async throws -> String {
        let bytes = Array(needle.utf8)
        try await waitUntil(needle.debugDescription, timeout: timeout) { $0.text.index(of: bytes, from: $0.cursor) != nil }
        return state.update { state in
            let end = state.text.index(of: bytes, from: state.cursor)! + bytes.count
            let text = String(decoding: state.text[state.cursor..<end], as: UTF8.self)
            state.cursor = end
            return text
        }
    }

    /// Waits for and consumes the next line, "\n" included.
    func readLine(timeout: Duration = .seconds(5)) async throws -> String {
        try await readUntil("\n", timeout: timeout)
    }

    /// Consumes and returns the unread text without waiting.
    func takeUnreadText() -> String {
        state.update { state in
            let text = String(decoding: state.unreadText, as: UTF8.self)
            state.cursor = state.text.count
            return text
        }
    }

    /// Waits until at least `count` raw bytes have arrived (or EOF); returns all raw bytes.
    @discardableResult
    func waitForRawBytes(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [UInt8] {
        try await waitUntil("\(count) raw bytes", timeout: timeout, failOnEOF: false) { $0.raw.count >= count }
        return rawReceived
    }

    /// Waits until the raw bytes contain `pattern` at or after `from`; returns where.
    @discardableResult
    func waitForRaw(_ pattern: [UInt8], from start: Int = 0, timeout: Duration = .seconds(5)) async throws -> Int {
        try await waitUntil("raw bytes \(pattern)", timeout: timeout) { $0.raw.index(of: pattern, from: start) != nil }
        return rawReceived.index(of: pattern, from: start)!
    }

    /// Waits for the next GMCP message of `package` (after those already taken) matching
    /// `predicate`; consumes every message up to it.
    @discardableResult
    func nextGMCP(_ package: String, timeout: Duration = .seconds(5),
                  where predicate: @escaping @Sendable (GMCPMessage) -> Bool = { _ in true }) async throws -> GMCPMessage {
        let match: @Sendable (TestClientState) -> Int? = { state in
            guard state.gmcpCursor < state.gmcpMessages.count else { return nil }
            return state.gmcpMessages[state.gmcpCursor...].firstIndex { $0.package == package && predicate($0) }
        }
        try await waitUntil("GMCP \(package)", timeout: timeout) { match($0) != nil }
        return state.update { state in
            let index = match(state)!
            state.gmcpCursor = index + 1
            return state.gmcpMessages[index]
        }
    }

    /// Waits for EOF from the server; returns (and consumes) the text that came before it.
    @discardableResult
    func expectClosed(timeout: Duration = .seconds(5)) async throws -> String {
        try await waitUntil("the server to close the connection", timeout: timeout, failOnEOF: false) { $0.eof }
        guard isClosedByServer else { throw TestClientError("the test closed this client itself") }
        return takeUnreadText()
    }

    /// An attacker's read, which never throws: the raw bytes from where the last `read` ended
    /// until `needle` (included), the server closes, or `timeout` passes, and whether the server
    /// closed the connection before `needle` came.
    func read(until needle: String? = nil, timeout: Duration = .seconds(5)) async -> (bytes: [UInt8], closed: Bool) {
        let pattern = needle.map { Array($0.utf8) }
        let found: @Sendable (TestClientState) -> Int? = { state in
            pattern.flatMap { state.raw.index(of: $0, from: state.rawCursor) }
        }
        try? await waitUntil("\(needle.map(\.debugDescription) ?? "the end")", timeout: timeout, failOnEOF: false) { found($0) != nil }
        return state.update { state in
            let match = found(state)
            let end = match.map { $0 + pattern!.count } ?? state.raw.count
            let bytes = Array(state.raw[state.rawCursor..<end])
            state.rawCursor = end
            return (bytes, match == nil && state.eof && state.closedByServer)
        }
    }

    /// `read(until:)` as text.
    func readText(until needle: String? = nil, timeout: Duration = .seconds(5)) async -> (text: String, closed: Bool) {
        let (bytes, closed) = await read(until: needle, timeout: timeout)
        return (String(decoding: bytes, as: UTF8.self), closed)
    }
}
