import Glibc
@testable import LivePetSupport
@testable import LivePetNet
@testable import LivePetWorld

/// Connections for unit tests that need a `RoomMember` but not a network: a socket pair on
/// an event loop that is never started, so whatever is sent just queues.
enum DetachedConnection {
    static let loop: EventLoop = try! EventLoop(index: 99, clock: SystemClock.shared)

    static func make() -> Connection {
        makePair().connection
    }

    /// A connection and the other end of its socket. The loop never runs, so a broadcaster
    /// writes its (few) connections itself (`EventLoop.flush`): what was sent is readable at
    /// `peer` as soon as the send returns.
    /// Non-blocking like the server's sockets (a full buffer fails a test instead of hanging
    /// it), with room for a few hundred small writes.
    static func makePair() -> (connection: Connection, peer: Int32) {
        var fds: [Int32] = [0, 0]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds)
        var size: Int32 = 1 << 20
        _ = setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fds[1], SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        return (Connection(fd: fds[0], peerAddress: "test", loop: loop, id: 0, limits: ConnectionLimits()), fds[1])
    }

    /// Everything readable at `peer` now, as text.
    static func readAvailable(_ peer: Int32) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(peer, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension RoomMember {
    static func detached(name: String, sessionID: UInt64 = .random(in: 1...UInt64.max)) -> RoomMember {
        RoomMember(sessionID: sessionID, name: name, connection: DetachedConnection.make())
    }

    /// A detached member and the socket end where what it is sent can be read.
    static func detachedWithPeer(name: String) -> (member: RoomMember, peer: Int32) {
        let (connection, peer) = DetachedConnection.makePair()
        return (RoomMember(sessionID: .random(in: 1...UInt64.max), name: name, connection: connection), peer)
    }
}
