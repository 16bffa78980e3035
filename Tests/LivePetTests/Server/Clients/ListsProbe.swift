import Foundation
import Testing

/// Reading the GMCP lists (docs/GMCP.md: Pet.List, Room.Players, Players.Online, Char.Status)
/// off a telnet GMCP client and a WebSocket client, for `ClientsGMCPListsTests`.
enum ListsProbe {
    static func json(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// A list of names (Room.Players).
    static func names(_ data: Any?) -> [String] {
        (data as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// A list of objects (Pet.List, Players.Online).
    static func rows(_ data: Any?) -> [[String: Any]] {
        (data as? [Any])?.compactMap { $0 as? [String: Any] } ?? []
    }

    /// `name: where` of each Players.Online row.
    static func online(_ data: Any?) -> [String] {
        rows(data).map { "\($0["name"] as? String ?? "?"): \($0["where"] as? String ?? "?")" }
    }

    /// The `field` of the Pet.List row of pet `id`.
    static func pet(_ data: Any?, _ id: Int64) -> [String: Any]? {
        rows(data).first { ($0["id"] as? NSNumber)?.int64Value == id }
    }

    /// The bodies of `package` a telnet client got so far.
    static func telnet(_ client: TestClient, _ package: String) -> [Any?] {
        client.gmcpMessages.filter { $0.package == package }.map { json($0.json) }
    }

    /// Waits until a telnet client got a `package` message, past the first `skip`, that
    /// `predicate` accepts; returns its body.
    @discardableResult
    static func wait(_ client: TestClient, _ package: String, after skip: Int = 0, _ what: String,
                     where predicate: @escaping @Sendable (Any?) -> Bool = { _ in true }) async throws -> Any? {
        try await client.waitUntil("GMCP \(package): \(what)") { state in
            state.gmcpMessages.filter { $0.package == package }.dropFirst(skip).contains { predicate(json($0.json)) }
        }
        return telnet(client, package).dropFirst(skip).first { predicate($0) } ?? nil
    }

    /// The GMCP messages in a WebSocket client's raw bytes (after the 101's head).
    static func web(_ raw: [UInt8], _ package: String) -> [Any?] {
        let head = Array("\r\n\r\n".utf8)
        guard let end = raw.indices.first(where: { raw[$0...].starts(with: head) }) else { return [] }
        return WebSocketTestClient.frames(raw[(end + 4)...]).filter { $0.opcode == 1 }.compactMap { frame -> Any?? in
            guard let object = json(String(decoding: frame.payload, as: UTF8.self)) as? [String: Any],
                  object["t"] as? String == "gmcp", object["p"] as? String == package else { return nil }
            return .some(object["d"])
        }
    }

    static func web(_ client: WebSocketTestClient, _ package: String) -> [Any?] {
        web(client.client.rawReceived, package)
    }

    /// `wait` for a WebSocket client.
    @discardableResult
    static func wait(_ client: WebSocketTestClient, _ package: String, after skip: Int = 0, _ what: String,
                     where predicate: @escaping @Sendable (Any?) -> Bool = { _ in true }) async throws -> Any? {
        try await client.client.waitUntil("GMCP \(package) over WebSocket: \(what)") { state in
            web(state.raw, package).dropFirst(skip).contains { predicate($0) }
        }
        return web(client, package).dropFirst(skip).first { predicate($0) } ?? nil
    }
}
