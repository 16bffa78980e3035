import Foundation
import Glibc

/// The composition root: event loops, the listener and the shared services.
///
/// Two loops by default (one per core here): the listener runs on the first and deals
/// accepted clients round-robin. Sessions, rooms and presence are actors on Swift's pool;
/// they write to connections, which any thread may do.
public final class Server: @unchecked Sendable {
    // @unchecked: `listener` is set once in `start()` before any other thread sees it.

    public let config: ServerConfig
    public let services: Services
    private let loops: [EventLoop]
    private var listener: Listener?
    public private(set) var port = 0

    public init(config: ServerConfig, services: Services) throws {
        self.config = config
        self.services = services
        loops = try (0..<max(1, config.loops)).map { try EventLoop(index: $0) }
    }

    /// Starts the loops and begins accepting clients.
    public func start() throws {
        let limit = Socket.raiseDescriptorLimit()
        let (fd, port) = try Socket.listen(host: config.host, port: config.port)
        self.port = port
        for loop in loops { loop.start() }
        let services = services
        let listener = Listener(fd: fd, port: port, loop: loops[0], loops: loops, limits: config.limits) { connection in
            Logger.shared.debug("connect", ["ip": connection.peerAddress, "id": "\(connection.id)"])
            return Session(connection: connection, services: services)
        }
        self.listener = listener
        listener.start()
        Logger.shared.info("listening", [
            "host": config.host.isEmpty ? "*" : config.host, "port": "\(port)",
            "loops": "\(loops.count)", "max_files": "\(limit)",
        ])
    }

    /// Tells everyone, closes every connection cleanly and stops the loops.
    public func shutdown(notice: String = "\nLivePet is shutting down. See you soon!\n") async {
        listener?.stop()
        await services.presence.announce(notice)
        for loop in loops {
            loop.execute {
                loop.forEachConnection { $0.close() }
            }
        }
        // Give closes a moment to flush, without waiting on anyone who stopped reading.
        for _ in 0..<100 {
            var open = 0
            for loop in loops {
                open += await withCheckedContinuation { continuation in
                    loop.execute { continuation.resume(returning: loop.connectionCount) }
                }
            }
            if open == 0 { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        for loop in loops { loop.stop() }
        Logger.shared.info("stopped", [:])
    }

    /// Connections currently open on all loops (for tests and stats).
    public func connectionCount() async -> Int {
        var open = 0
        for loop in loops {
            open += await withCheckedContinuation { continuation in
                loop.execute { continuation.resume(returning: loop.connectionCount) }
            }
        }
        return open
    }
}
