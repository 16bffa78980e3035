@testable import LivePetSupport
@testable import LivePetNet
@testable import LivePetWorld

/// Connections for unit tests that need a `RoomMember` but not a network: no socket at all
/// (descriptor -1) on an event loop that is never started, so whatever is sent stays in the
/// connection's write queue, where a test reads it (`readAvailable`).
enum DetachedConnection {
    static let loop: EventLoop = try! EventLoop(index: 99, clock: SystemClock.shared)

    static func make() -> Connection {
        Connection(fd: -1, peerAddress: "test", loop: loop, id: 0, limits: ConnectionLimits())
    }

    /// Everything queued for `connection` so far, as text, taken out of its queue. (A
    /// broadcaster's direct write to an idle loop fails on the missing descriptor and leaves
    /// the bytes queued, as a full socket would.)
    static func readAvailable(_ connection: Connection) -> String {
        let bytes = connection.outbound.withLock { queue -> [UInt8] in
            defer { queue.pending = [] }
            return queue.pending
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension RoomMember {
    static func detached(name: String, sessionID: UInt64 = .random(in: 1...UInt64.max)) -> RoomMember {
        RoomMember(sessionID: sessionID, name: name, connection: DetachedConnection.make())
    }
}
