import CLinux
import Glibc
import Synchronization

/// Accepts clients on one listening socket and spreads them over the loops.
final class Listener: LoopHandler, @unchecked Sendable {
    // @unchecked: all mutable state is confined to `loop`'s thread.

    let fd: Int32
    let port: Int
    unowned let loop: EventLoop
    private let loops: [EventLoop]
    private let limits: ConnectionLimits
    private let makeDelegate: @Sendable (Connection) -> (any ConnectionDelegate)?
    private var nextLoop = 0
    private var nextID: UInt64 = 0
    private var isClosed = false

    init(fd: Int32, port: Int, loop: EventLoop, loops: [EventLoop], limits: ConnectionLimits,
         makeDelegate: @escaping @Sendable (Connection) -> (any ConnectionDelegate)?) {
        self.fd = fd
        self.port = port
        self.loop = loop
        self.loops = loops
        self.limits = limits
        self.makeDelegate = makeDelegate
    }

    func start() {
        loop.execute { [self] in
            do {
                try loop.register(fd, handler: self, events: EPOLLIN.rawValue)
            } catch {
                Logger.shared.error("listener", ["error": "\(error)"])
            }
        }
    }

    /// Stops accepting (loop thread via execute).
    func stop() {
        loop.execute { [self] in loopDidStop() }
    }

    func handle(events: UInt32) {
        // Bounded per wake-up so a connection storm cannot starve the loop's clients.
        for _ in 0..<256 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &length) }
            }
            if client < 0 {
                let error = errno
                if error == EINTR || error == ECONNABORTED { continue }
                if error == EMFILE || error == ENFILE {
                    Logger.shared.warning("accept", ["error": "out of file descriptors"])
                }
                return
            }
            do {
                try Socket.setNonBlocking(client)
            } catch {
                Glibc.close(client)
                continue
            }
            Socket.configureClient(client)
            nextID += 1
            let target = loops[nextLoop % loops.count]
            nextLoop += 1
            let connection = Connection(fd: client, peerAddress: Socket.describe(storage), loop: target, id: nextID, limits: limits)
            guard let delegate = makeDelegate(connection) else {
                Glibc.close(client)
                continue
            }
            connection.attach(delegate)
            target.execute {
                do {
                    try connection.open()
                } catch {
                    Glibc.close(client)
                }
            }
        }
    }

    func loopDidStop() {
        guard !isClosed else { return }
        isClosed = true
        loop.deregister(fd)
        Glibc.close(fd)
    }
}
