import Glibc
@testable import LivePet

/// Connections for unit tests that need a `RoomMember` but not a network: a socket pair on
/// an event loop that is never started, so whatever is sent just queues.
enum DetachedConnection {
    static let loop: EventLoop = try! EventLoop(index: 99)

    static func make() -> Connection {
        var fds: [Int32] = [0, 0]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds)
        return Connection(fd: fds[0], peerAddress: "test", loop: loop, id: 0, limits: ConnectionLimits())
    }
}

extension RoomMember {
    static func detached(name: String, sessionID: UInt64 = .random(in: 1...UInt64.max)) -> RoomMember {
        RoomMember(sessionID: sessionID, name: name, connection: DetachedConnection.make())
    }
}
